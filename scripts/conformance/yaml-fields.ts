/** Where in a YAML document the field that an error names lies, to judge a finding's position. */
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export type Segment = string | number;
/** A map entry (from its key) or list item, with its path and its 1-based start and end. */
export interface Span { readonly path: readonly Segment[]; readonly from: readonly [number, number]; readonly to: readonly [number, number] }

/** The field an `_err` names: a full path from `spec`, or the tail of one ("audiences[0] in body"). */
export function namedField(err: string): { path: Segment[]; full: boolean } | undefined {
  const full = /^(spec(?:\.\w+|\[\d+\])*)(?=[:\s]|$)/.exec(err);
  const tail = full ? undefined : /^(\w+(?:\[\d+\])?(?:\.\w+(?:\[\d+\])?)*) in body/.exec(err);
  const text = full?.[1] ?? tail?.[1];
  if (!text) return undefined;
  const segments = [...text.matchAll(/(\w+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  return { path: segments, full: Boolean(full) };
}

/** Every map entry and list item of the document, with its path and its 1-based start and end. */
export function spans(root: Node | null, lines: LineCounter): Span[] {
  const out: Span[] = [];
  const pos = (offset: number): [number, number] => { const p = lines.linePos(offset); return [p.line, p.col]; };
  const visit = (node: unknown, at: Segment[], from?: number) => {
    const range = (node as Node | null)?.range;
    if (range) out.push({ path: at, from: pos(from ?? range[0]), to: pos(range[1]) });
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (pair.value) visit(pair.value, [...at, key], pair.key.range?.[0]);
        else if (pair.key.range) out.push({ path: [...at, key], from: pos(pair.key.range[0]), to: pos(pair.key.range[1]) });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...at, i]));
    }
  };
  visit(root, []);
  return out;
}

const samePath = (a: readonly Segment[], b: readonly Segment[]) => a.length === b.length && a.every((s, i) => s === b[i]);
const endsWith = (a: readonly Segment[], tail: readonly Segment[]) => a.length >= tail.length && samePath(a.slice(a.length - tail.length), tail);
const before = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

/** Whether a position (1-based line and column) lies in the span. */
export const startsIn = (s: Span, line: number, column: number) => before(s.from, [line, column]) && before([line, column], s.to);

/**
 * The spans a finding must start in to be "at the field": the named node, else (when the
 * document lacks it) its closest existing ancestor, where meshlint reports a missing field.
 */
export function targets(all: Span[], field: { path: Segment[]; full: boolean }): Span[] {
  if (!field.full) {
    const hits = all.filter((s) => endsWith(s.path, field.path));
    return hits.length ? hits : all.filter((s) => s.path.length === 0);
  }
  for (let n = field.path.length; n >= 0; n--) {
    const hit = all.filter((s) => samePath(s.path, field.path.slice(0, n)));
    if (hit.length) return hit;
  }
  return [];
}

