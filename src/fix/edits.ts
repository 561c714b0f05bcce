import { isMap, isScalar, isSeq, parse, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FixEdit, Path } from '../rule.js';

/** Text from `start` to `end` (offsets into a document's text) replaced by `text`. */
export interface Splice { readonly start: number; readonly end: number; readonly text: string }

/**
 * The text splices that make these edits in a document, leaving every other byte as it
 * is (comments, key order, quoting, indentation); undefined when an edit is ambiguous: a
 * path through an alias or a non-map, a value that is not a scalar, a map that is neither
 * block nor flow style as expected, or two edits that touch the same text.
 */
export function splicesFor(document: Document.Parsed, text: string, edits: readonly FixEdit[]): Splice[] | undefined {
  const splices: Splice[] = [];
  for (const edit of edits) {
    const made = 'remove' in edit ? removal(document, text, edit.at) : setting(document, text, edit.at, edit.set);
    if (made === undefined) return undefined;
    if (made !== null) splices.push(made);
  }
  splices.sort((a, b) => a.start - b.start);
  for (let i = 1; i < splices.length; i++) if (splices[i]!.start <= splices[i - 1]!.end) return undefined;
  return splices;
}

const keyOf = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : undefined);

/** A scalar written as YAML, in the quoting style of the one it replaces where that can hold it. */
export function scalarText(value: string | number | boolean, type?: Scalar.Type): string {
  if (typeof value !== 'string') return String(value);
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (plainSafe(value)) return value;
  // A new value with double quotes in it (JSON in an annotation) reads best in single quotes.
  return value.includes('"') && !/[\u0000-\u001f\\]/.test(value) ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
}

/** Whether a string can be written unquoted and reads back as the same string. */
function plainSafe(value: string): boolean {
  if (!/^[A-Za-z0-9._/~-][A-Za-z0-9._/~\-+=@ ]*$/.test(value) || / $/.test(value)) return false;
  try { return parse(value) === value; } catch { return false; }
}

interface Found { map: YAMLMap; pair: Pair<Node, Node | null> | undefined; rest: Path }

/** Walks `path` down maps and sequences: the last map reached, its entry for the next key, and the keys still missing. */
function walk(document: Document.Parsed, path: Path): Found | undefined {
  let node = document.contents as Node | null;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p) === segment) as Pair<Node, Node | null> | undefined;
      if (!pair || i === path.length - 1) return { map: node, pair, rest: path.slice(i) };
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment] as Node;
    } else {
      return undefined;
    }
  }
  return undefined;
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
/** The offset just after the line that holds `at - 1` ends (after its newline). */
function afterLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

function setting(document: Document.Parsed, text: string, path: Path, value: string | number | boolean): Splice | null | undefined {
  const found = walk(document, path);
  if (!found) return undefined;
  const { map, pair, rest } = found;
  if (pair) {
    const node = pair.value;
    if (!isScalar(node) || !node.range || node.value === null) return undefined;
    const written = scalarText(value, node.type);
    if (node.value === value) return null;
    return { start: node.range[0], end: node.range[1], text: written };
  }
  const keys = rest.map((k) => (typeof k === 'string' ? scalarText(k) : undefined));
  if (keys.some((k) => k === undefined)) return undefined;
  const scalar = scalarText(value);
  if (map.flow) {
    const close = map.range ? text.lastIndexOf('}', map.range[1]) : -1;
    if (close < 0 || (map.range && close < map.range[0])) return undefined;
    const nested = flowEntry(keys as string[], scalar);
    const last = map.items.at(-1) as Pair<Node, Node | null> | undefined;
    if (!last) return { start: close, end: close, text: nested };
    const end = last.value?.range?.[1] ?? last.key?.range?.[1];
    return end === undefined ? undefined : { start: end, end, text: `, ${nested}` };
  }
  const first = map.items[0] as Pair<Node, Node> | undefined;
  const last = map.items.at(-1) as Pair<Node, Node | null> | undefined;
  const keyStart = first?.key?.range?.[0];
  const end = last?.value?.range?.[1] ?? last?.key?.range?.[1];
  if (keyStart === undefined || end === undefined) return undefined;
  const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
  const lines = keys.map((key, i) => `${indent}${'  '.repeat(i)}${key}:${i === keys.length - 1 ? ` ${scalar}` : ''}`);
  const at = afterLine(text, end);
  return { start: at, end: at, text: `${at === text.length && !text.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n` };
}

/** `a: {b: value}` for keys a, b. */
const flowEntry = (keys: string[], scalar: string): string =>
  (keys.length === 1 ? `${keys[0]}: ${scalar}` : `${keys[0]}: {${flowEntry(keys.slice(1), scalar)}}`);

function removal(document: Document.Parsed, text: string, path: Path): Splice | null | undefined {
  const found = walk(document, path);
  if (!found) return undefined;
  if (!found.pair) return null;
  let { map, pair } = found;
  let at = path;
  // Removing the only entry of a block map removes the entry that holds the map (never the document's root).
  while (!map.flow && map.items.length === 1 && at.length > 1) {
    const parent = walk(document, at.slice(0, -1));
    if (!parent?.pair || parent.pair.value !== map) break;
    ({ map, pair } = parent as { map: YAMLMap; pair: Pair<Node, Node | null> });
    at = at.slice(0, -1);
  }
  const keyRange = pair!.key?.range;
  const valueRange = pair!.value?.range;
  if (!keyRange) return undefined;
  if (map.flow) {
    let start = keyRange[0];
    let end = valueRange?.[1] ?? keyRange[1];
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after) end += after[0].length;
    else {
      const before = /,\s*$/.exec(text.slice(0, start));
      if (before) start -= before[0].length;
    }
    return { start, end, text: '' };
  }
  if (map.items.length === 1) return undefined;
  const start = lineStart(text, keyRange[0]);
  // A key after `- ` (the first entry of a sequence item) cannot lose its line.
  if (text.slice(start, keyRange[0]).trim() !== '') return undefined;
  return { start, end: afterLine(text, valueRange?.[1] ?? keyRange[1]), text: '' };
}
