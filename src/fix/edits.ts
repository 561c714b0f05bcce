import { isMap, isScalar, isSeq, parse, Scalar, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FixEdit, Path } from '../rule.js';
import { resolvePlain } from '../input/yaml11.js';

/** Text from `start` to `end` (offsets into a document's text) replaced by `text`. */
export interface Splice {
  readonly start: number; readonly end: number; readonly text: string;
  /** For a new entry: the entries of the map it goes into, which no removal of the same fix may take away as a whole. */
  readonly into?: readonly [number, number];
}

/**
 * The text splices that make these edits in a document, leaving every other byte as it
 * is (comments, key order, quoting, indentation); undefined when an edit is ambiguous: a
 * path through an alias or a non-map, a value that is not a scalar, a map that is neither
 * block nor flow style as expected, or two edits that touch the same text (an insertion
 * just where a removal ends is fine: a key moved into a new map at the end of its own).
 */
export function splicesFor(document: Document.Parsed, text: string, edits: readonly FixEdit[]): Splice[] | undefined {
  const splices: Splice[] = [];
  for (const edit of edits) {
    const item = typeof edit.at[edit.at.length - 1] === 'number';
    const made = item ? ('remove' in edit ? itemRemoval(document, text, edit.at) : itemSetting(document, edit.at, edit.set))
      : 'remove' in edit ? removal(document, text, edit.at) : setting(document, text, edit.at, edit.set);
    if (made === undefined) return undefined;
    if (made !== null) splices.push(made);
  }
  splices.sort((a, b) => a.start - b.start);
  for (let i = 1; i < splices.length; i++) {
    const [prev, cur] = [splices[i - 1]!, splices[i]!];
    if (cur.start < prev.end || cur.start === prev.start || (cur.start === prev.end && cur.start !== cur.end)) return undefined;
  }
  // A removal that takes the whole map away (its only entry) leaves no map to add to.
  if (splices.some(({ into }) => into && splices.some((r) => r.start < r.end && r.start <= into[0] && into[1] <= r.end))) return undefined;
  return splices.map(({ start, end, text: t }) => ({ start, end, text: t }));
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

/** Whether a string can be written unquoted and reads back as the same string, in YAML 1.2 and as Kubernetes reads YAML 1.1 (`yes`, `0755`). */
function plainSafe(value: string): boolean {
  if (!/^[A-Za-z0-9._/~-][A-Za-z0-9._/~\-+=@ ]*$/.test(value) || / $/.test(value) || resolvePlain(value) !== value) return false;
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
    const first = (map.items[0] as Pair<Node, Node | null>).key?.range?.[0];
    return end === undefined || first === undefined ? undefined : { start: end, end, text: `, ${nested}`, into: [first, end] };
  }
  const first = map.items[0] as Pair<Node, Node> | undefined;
  const last = map.items.at(-1) as Pair<Node, Node | null> | undefined;
  const keyStart = first?.key?.range?.[0];
  const end = last?.value?.range?.[1] ?? last?.key?.range?.[1];
  if (keyStart === undefined || end === undefined) return undefined;
  const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
  const lines = keys.map((key, i) => `${indent}${'  '.repeat(i)}${key}:${i === keys.length - 1 ? ` ${scalar}` : ''}`);
  const at = afterLine(text, end);
  return { start: at, end: at, text: `${at === text.length && !text.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`, into: [keyStart, end] };
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

/** The sequence whose item `path` names, and that item, walking maps and sequences (never an alias). */
function itemAt(document: Document.Parsed, path: Path): { seq: YAMLSeq; item: Node } | undefined {
  let node = document.contents as Node | null;
  for (const segment of path.slice(0, -1)) {
    if (isMap(node)) node = (node.items.find((p) => keyOf(p) === segment) as Pair<Node, Node | null> | undefined)?.value ?? null;
    else if (isSeq(node) && typeof segment === 'number') node = (node.items[segment] as Node | undefined) ?? null;
    else return undefined;
  }
  const index = path[path.length - 1] as number;
  return isSeq(node) && index < node.items.length ? { seq: node, item: node.items[index] as Node } : undefined;
}

/** A scalar item of a sequence, replaced in its own quoting style. */
function itemSetting(document: Document.Parsed, path: Path, value: string | number | boolean): Splice | null | undefined {
  const { item } = itemAt(document, path) ?? {};
  if (!isScalar(item) || !item.range || item.value === null) return undefined;
  if (item.value === value) return null;
  return { start: item.range[0], end: item.range[1], text: scalarText(value, item.type) };
}

/**
 * A scalar item removed from a sequence with the separator it needs (a flow sequence's
 * comma), or its whole line in a block sequence; never the last item, which would leave
 * a key without a value.
 */
function itemRemoval(document: Document.Parsed, text: string, path: Path): Splice | undefined {
  const found = itemAt(document, path);
  if (!found || !isScalar(found.item) || !found.item.range || found.seq.items.length < 2) return undefined;
  const [start, end] = found.item.range;
  if (found.seq.flow) {
    const after = /^\s*,[ \t]*/.exec(text.slice(end));
    if (after) return { start, end: end + after[0].length, text: '' };
    const before = /,\s*$/.exec(text.slice(0, start));
    return before ? { start: start - before[0].length, end, text: '' } : undefined;
  }
  const line = lineStart(text, start);
  // Only an item alone on its line (`  - value  # comment`) loses its line.
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(line, start)) || text.slice(end, afterLine(text, end)).replace(/#.*/, '').trim() !== '') return undefined;
  return { start: line, end: afterLine(text, end), text: '' };
}
