import { Composer, LineCounter, Parser, visit, type Alias, type CST, type Document } from 'yaml';
import { listItems, shapeProblems, toResource } from './resource.js';
import { position, spanOf } from './locate.js';
import type { Json, Location, Path, ProblemCategory, Resource, SourceProblem } from './types.js';

/** One input file, parsed, with what is needed to turn paths into positions. */
export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly resources: Resource[];
  readonly problems: SourceProblem[];
  /** Documents that are not Kubernetes objects, with the reason (for `--verbose`). */
  readonly skipped: { doc: number; reason: string }[];
  locate(doc: number, path: Path, focus?: 'key' | 'value'): Location;
}

const BOM = '\uFEFF';

/**
 * Deepest nesting of collections read. Kubernetes objects, CRD schemas included, stay far
 * below it; the yaml library composes and converts recursively and would exhaust the stack
 * near a thousand levels (less on a worker thread).
 */
export const MAX_DEPTH = 200;

const TOO_DEEP = `collections nest more than ${MAX_DEPTH} levels deep; meshlint does not read this document`;

/**
 * Nesting estimated line by line, above which even the yaml parser's token tree is not built:
 * it closes nested block collections recursively and overflows the stack near two thousand
 * levels. The estimate (indentation levels, `- ` indicators and open brackets) is at most about
 * twice the real depth, so a document it stops is far deeper than MAX_DEPTH anyway.
 */
const HOPELESS = 500;

/** The text with hopelessly nested documents blanked (offsets kept), and where each went too deep. */
function withoutHopelessNesting(text: string): [string, number[]] {
  const found: [number, number, number][] = [];
  let indents: number[] = [];
  let flow = 0;
  let start = 0;
  let skipTo = -1;
  for (let offset = 0; offset < text.length;) {
    const next = text.indexOf('\n', offset);
    const end = next < 0 ? text.length : next + 1;
    const line = text.slice(offset, end);
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      indents = [];
      flow = 0;
      start = offset + 3;
      skipTo = -1;
    } else if (offset >= skipTo && /\S/.test(line) && !/^\s*#/.test(line)) {
      const indent = line.length - line.trimStart().length;
      while (indents.length > 0 && indent < indents[indents.length - 1]!) indents.pop();
      if (indents.length === 0 || indent > indents[indents.length - 1]!) indents.push(indent);
      const compact = /^(?:[-?][ \t]+)*/.exec(line.slice(indent))![0].replace(/[^-?]/g, '').length;
      let peak = flow;
      for (const c of line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'|\s#.*$/g, '')) {
        if (c === '[' || c === '{') peak = Math.max(peak, ++flow);
        else if ((c === ']' || c === '}') && flow > 0) flow--;
      }
      if (indents.length + compact + peak > HOPELESS) {
        const marker = /^---(\s|$)/m.exec(text.slice(end));
        const until = marker ? end + marker.index : text.length;
        found.push([start, until, offset + indent]);
        skipTo = until;
      }
    }
    offset = end;
  }
  if (found.length === 0) return [text, []];
  let out = '';
  let last = 0;
  for (const [from, to] of found) out += text.slice(last, from) + text.slice(from, to).replace(/[^\r\n]/g, ' '), last = to;
  return [out + text.slice(last), found.map((f) => f[2])];
}

/** A line that starts a document (`---`, alone or before a node or comment). */
const DOCUMENT_MARKER = /^---(?=[ \t]|\r?$)/gm;

function problemAt(lineCounter: LineCounter, start: number, end: number, message: string, category?: ProblemCategory): SourceProblem {
  const from = position(lineCounter, start);
  const to = position(lineCounter, Math.max(end, start + 1));
  return { message, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, ...(category ? { category } : {}) };
}

/** A file that was not parsed, with the problem that says why. */
export function unparsedFile(file: string, problem: SourceProblem, skipped?: string): ParsedFile {
  return {
    file, text: '', resources: [], problems: [problem], skipped: skipped ? [{ doc: 0, reason: skipped }] : [],
    locate: () => ({ file, line: problem.line, column: problem.column, endLine: problem.line, endColumn: problem.column }),
  };
}

/** Parses every document of a file; syntax errors become problems, never exceptions. */
export function parseFile(file: string, rawText: string, defaultNamespace: string): ParsedFile {
  // A BOM is invisible to editors: columns count from the character after it.
  const text = rawText.startsWith(BOM) ? rawText.slice(1) : rawText;
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const problems: SourceProblem[] = [];
  const deep = new Map<number, number>();
  const [parsable, hopeless] = withoutHopelessNesting(text);
  for (const at of hopeless) problems.push(problemAt(lineCounter, at, at + 1, TOO_DEEP));
  // Only documents that hold resources are kept for `locate`: the syntax tree of a large file
  // of other YAML (an API discovery document, a CI file) would otherwise stay in memory.
  const documents: (Document.Parsed | undefined)[] = parseDocuments(parsable, deep);
  const resources: Resource[] = [];
  const skipped: { doc: number; reason: string }[] = [];
  const locate = (doc: number, path: Path, focus?: 'key' | 'value') => {
    const document = documents[doc];
    const span = document && (spanOf(document, path, focus) ?? document.contents?.range);
    const [start, end] = span ?? [0, 0];
    const from = position(lineCounter, start);
    const to = position(lineCounter, Math.max(end, start));
    return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  };

  documents.forEach((document, doc) => {
    if (!document) return;
    const tooDeepAt = deep.get(document.range[0]);
    if (tooDeepAt !== undefined) {
      problems.push(problemAt(lineCounter, tooDeepAt, tooDeepAt + 1, TOO_DEEP));
      skipped.push({ doc, reason: 'nested too deeply' });
      return;
    }
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const [start, end] = quoteStart(document, error.code, error.pos[0]) ?? error.pos;
        problems.push(problemAt(lineCounter, start, end, firstLine(error.message)));
      }
      skipped.push({ doc, reason: 'syntax error' });
      return;
    }
    let data: Json;
    try {
      data = document.toJS({ maxAliasCount: 100 }) as Json;
    } catch (error) {
      const docStart = document.range?.[0] ?? 0;
      const [start, end] = aliasAt(document) ?? [docStart, docStart];
      const message = error instanceof RangeError ? `aliases nest deeper than meshlint reads (${MAX_DEPTH} levels)`
        : /Excessive alias count/.test((error as Error).message) ? 'aliases expand to too many nodes (a "billion laughs" bomb?); meshlint does not expand this document'
        : (error as Error).message;
      problems.push(problemAt(lineCounter, start, end, message));
      skipped.push({ doc, reason: 'unreadable' });
      return;
    }
    const items = listItems(data);
    const entries: [Json, Path][] = items ? items.map((item, i) => [item, ['items', i]]) : [[data, []]];
    for (const [entry, base] of entries) {
      const where = base.length ? `items[${base[1]}]: ` : '';
      const shape = shapeProblems(entry);
      if (shape.length > 0) {
        for (const p of shape) {
          const loc = locate(doc, [...base, ...p.at], p.focus);
          problems.push({ message: p.message, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, category: 'shape' });
        }
        skipped.push({ doc, reason: `${where}invalid object` });
        continue;
      }
      const resource = toResource(entry, { file, doc, base }, defaultNamespace);
      if (typeof resource === 'string') skipped.push({ doc, reason: `${where}${resource}` });
      else resources.push(resource);
    }
  });

  const holding = new Set(resources.map((r) => r.doc));
  documents.forEach((_, doc) => { if (!holding.has(doc)) documents[doc] = undefined; });
  return { file, text, resources, problems, skipped, locate };
}

/**
 * Parses the documents of a text. Collections nested deeper than MAX_DEPTH are measured on
 * the parser's token tree (built without recursion) and never composed. A document with
 * errors that runs across a `---` line is cut there, and the rest is parsed again: an
 * unterminated quote otherwise swallows every later document of the file, though YAML
 * forbids a document marker inside a scalar.
 */
function parseDocuments(text: string, deep: Map<number, number>): Document.Parsed[] {
  const documents: Document.Parsed[] = [];
  for (let from = 0; ;) {
    const composed = compose(blanked(text, from, text.length), deep);
    const broken = composed.findIndex((d) => d.errors.length > 0 && markerAfter(text, d.range[0], d.range[2]) !== undefined);
    if (broken < 0) return [...documents, ...composed];
    const start = composed[broken]!.range[0];
    const marker = markerAfter(text, start, composed[broken]!.range[2])!;
    // The broken document is parsed again on its own, so that its errors point inside it.
    documents.push(...composed.slice(0, broken), ...compose(blanked(text, start, marker), deep));
    from = marker;
  }
}

/** The text from `from` to `to`; what comes before is blanked, not cut, so offsets stay those of the file. */
function blanked(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(0, from).replace(/[^\r\n]/g, ' ') + text.slice(from, to);
}

function markerAfter(text: string, start: number, end: number): number | undefined {
  DOCUMENT_MARKER.lastIndex = start + 1;
  const match = DOCUMENT_MARKER.exec(text);
  return match && match.index < end ? match.index : undefined;
}

/** Composes the documents of a text; one nested too deeply is left empty and its offset noted in `deep`. */
function compose(source: string, deep: Map<number, number>): Document.Parsed[] {
  const tokens = [...new Parser().parse(source)].map((token) => {
    if (token.type !== 'document') return token;
    const at = tooDeep(token);
    if (at === undefined) return token;
    deep.set(token.offset, at);
    const { value: _, end: __, ...empty } = token;
    return empty;
  });
  return [...new Composer({ prettyErrors: false, logLevel: 'error' }).compose(tokens, false, source.length)] as Document.Parsed[];
}

/** Offset of the first collection nested deeper than MAX_DEPTH, walking the tokens without recursion. */
function tooDeep(document: CST.Document): number | undefined {
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

/** An unterminated quote is reported where the quoted scalar starts, not where the file ends. */
function quoteStart(document: Document, code: string, offset: number): [number, number] | undefined {
  if (code !== 'MISSING_CHAR') return undefined;
  let found: [number, number] | undefined;
  visit(document, {
    Scalar(_, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[0] < offset && node.range[1] >= offset) {
        found = [node.range[0], node.range[0] + 1];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The alias that could not be expanded: the first unresolved one, else the first one. */
function aliasAt(document: Document): [number, number] | undefined {
  let first: Alias | undefined;
  let unresolved: Alias | undefined;
  visit(document, {
    Alias(_, alias) {
      first ??= alias;
      if (!unresolved && alias.resolve(document) === undefined) unresolved = alias;
    },
  });
  const alias = unresolved ?? first;
  return alias?.range ? [alias.range[0], alias.range[1]] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
