import type { CST } from 'yaml';
import type { Chunk } from './documents.js';

// Bounds on nesting: the yaml library builds its token tree and composes documents
// recursively, so a hostile document could exhaust the stack.

/**
 * Deepest nesting of collections read. Kubernetes objects, CRD schemas included, stay far
 * below it; the yaml library composes and converts recursively and would exhaust the stack
 * near a thousand levels (less on a worker thread).
 */
export const MAX_DEPTH = 200;

export const TOO_DEEP = `collections nest more than ${MAX_DEPTH} levels deep, so meshlint does not read this document`;

/**
 * Nesting estimated line by line, above which even the yaml parser's token tree is not built:
 * it closes nested block collections recursively and overflows the stack near two thousand
 * levels. The estimate (indentation levels, `- ` indicators and open brackets) is at most about
 * twice the real depth, so a document it stops is far deeper than MAX_DEPTH anyway.
 */
const HOPELESS = 500;

/** Where a document's nesting estimate first exceeds HOPELESS (an offset in `text`), if it does. */
export function hopelessAt(text: string, chunk: Chunk): number | undefined {
  const body = text.slice(chunk.start, chunk.end);
  if (!mayNestThatDeep(body)) return undefined;
  let indents: number[] = [];
  let flow = 0;
  for (let offset = 0; offset < body.length;) {
    const next = body.indexOf('\n', offset);
    const end = next < 0 ? body.length : next + 1;
    const line = body.slice(offset, end);
    if (/\S/.test(line) && !/^\s*#/.test(line)) {
      const indent = line.length - line.trimStart().length;
      while (indents.length > 0 && indent < indents[indents.length - 1]!) indents.pop();
      if (indents.length === 0 || indent > indents[indents.length - 1]!) indents.push(indent);
      const compact = /^(?:[-?][ \t]+)*/.exec(line.slice(indent))![0].replace(/[^-?]/g, '').length;
      let peak = flow;
      for (const c of line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'|\s#.*$/g, '')) {
        if (c === '[' || c === '{') peak = Math.max(peak, ++flow);
        else if ((c === ']' || c === '}') && flow > 0) flow--;
      }
      if (indents.length + compact + peak > HOPELESS) return chunk.start + offset + indent;
    }
    offset = end;
  }
  return undefined;
}

/**
 * A cheap bound on the estimate, so that ordinary documents skip the line-by-line scan: it
 * counts at most one level per column of indentation, one per two characters of a line,
 * and one per open bracket.
 */
function mayNestThatDeep(body: string): boolean {
  for (let start = 0; start < body.length;) {
    const newline = body.indexOf('\n', start);
    const end = newline < 0 ? body.length : newline;
    if (end - start >= 2 * THIRD) return true;
    if (end - start > THIRD && /^[ \t]*/.exec(body.slice(start, start + THIRD + 1))![0].length > THIRD) return true;
    start = end + 1;
  }
  let brackets = 0;
  for (const open of ['[', '{']) {
    for (let i = body.indexOf(open); i >= 0 && brackets < THIRD; i = body.indexOf(open, i + 1)) brackets++;
  }
  return brackets >= THIRD;
}

const THIRD = Math.floor(HOPELESS / 3);

/** Offset of the first collection nested deeper than MAX_DEPTH, walking the tokens without recursion. */
export function tooDeep(document: CST.Document): number | undefined {
  const stack: [CST.Token | undefined, number][] = [[document.value, 1]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token || !('items' in token)) continue;
    if (depth > MAX_DEPTH) return token.offset;
    for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
      if (item.key) stack.push([item.key, depth + 1]);
      stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

