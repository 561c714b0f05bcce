import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Path } from '../rule.js';

/** Offsets `[start, end)` into the file's text. */
export type Span = readonly [number, number];

const rangeOf = (node: Node | null | undefined): Span | undefined =>
  node?.range ? [node.range[0], node.range[1]] : undefined;

/** A key as the data names it: `yes:` is the key "true", `0x10:` the key "16". */
function keyText(pair: Pair): unknown {
  return isScalar(pair.key) ? (typeof pair.key.value === 'string' ? pair.key.value : typeof pair.key.value === 'symbol' ? pair.key.value : String(pair.key.value)) : pair.key;
}

const isMergePair = (pair: Pair) => isScalar(pair.key) && typeof pair.key.value === 'symbol';

/**
 * The entry of a mapping that gives a key its value: written in the mapping itself, else
 * brought in by a `<<` merge key (through its alias, earlier sources first).
 */
function entryOf(doc: Document, map: YAMLMap, segment: string | number, depth = 0): Pair<Node, Node> | undefined {
  const key = String(segment);
  let found: Pair | undefined;
  for (const pair of map.items) if (keyText(pair) === key) found = pair;
  if (found || depth > 20) return found as Pair<Node, Node> | undefined;
  for (const pair of map.items) {
    if (!isMergePair(pair)) continue;
    const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const from = isAlias(source) ? source.resolve(doc) : source;
      const entry = isMap(from) ? entryOf(doc, from, segment, depth + 1) : undefined;
      if (entry) return entry;
    }
  }
  return undefined;
}

/**
 * The first line of a collection: its first entry's key up to the end of a scalar value
 * (`- name: foo`), so that regions stay on one line as GitHub's PR annotations want.
 */
function headOf(node: Node): Span | undefined {
  if (isMap(node) && node.items.length > 0) return entrySpan(node.items[0] as Pair<Node, Node>, undefined);
  if (isSeq(node) && node.items.length > 0) {
    const first = node.items[0] as Node;
    return isScalar(first) ? rangeOf(first) : headOf(first) ?? rangeOf(first);
  }
  return rangeOf(node);
}

function entrySpan(pair: Pair<Node, Node>, focus: 'key' | 'value' | undefined): Span | undefined {
  const key = rangeOf(pair.key);
  const value = pair.value;
  if (focus === 'value' && value) return isScalar(value) ? rangeOf(value) : headOf(value);
  if (!key) return rangeOf(value);
  // An empty value (`hosts:`) is a null scalar whose range runs into a trailing comment.
  const empty = isScalar(value) && value.value === null && !value.source;
  if (focus !== 'key' && value && isScalar(value) && value.range && !empty) return [key[0], value.range[1]];
  return key;
}

/**
 * Turns a path into the span of its node. A path that does not exist resolves to the
 * closest existing ancestor: its key when it is a map entry, its first line otherwise.
 */
export function spanOf(doc: Document, path: Path, focus?: 'key' | 'value'): Span | undefined {
  let node = doc.contents as Node | null;
  let entry: Pair<Node, Node> | undefined;
  let complete = true;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = entryOf(doc, node, segment);
      if (!pair) { complete = false; break; }
      entry = pair;
      node = pair.value;
      if (node === null) { complete = segment === path[path.length - 1]; break; }
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      entry = undefined;
      node = node.items[segment] as Node;
    } else {
      complete = false;
      break;
    }
  }
  if (entry && (node === entry.value || node === null)) return entrySpan(entry, complete ? focus : 'key');
  if (!node) return undefined;
  return isScalar(node) ? rangeOf(node) : headOf(node);
}

/**
 * The span of a path in a document, as `spanOf`, falling back to the whole document (and to
 * its start when it is empty): every path lands somewhere.
 */
export function pathSpan(doc: Document, path: Path, focus?: 'key' | 'value'): Span {
  const [start, end] = spanOf(doc, path, focus) ?? doc.contents?.range ?? [0, 0];
  return [start, end];
}

/**
 * 1-based start and end of a span of a document whose text starts at `offset` in the file,
 * at least `minLength` long: the one conversion from offsets to what findings carry.
 */
export function rangeAt(lines: Lines, span: Span, offset = 0, minLength = 0): { line: number; column: number; endLine: number; endColumn: number } {
  const from = lines.position(offset + span[0]);
  const to = lines.position(offset + Math.max(span[1], span[0] + minLength));
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** Line starts of a text, for turning offsets into 1-based lines and columns (UTF-16 code units). */
export class Lines {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  position(offset: number): { line: number; column: number } {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}
