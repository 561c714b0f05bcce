/**
 * Spans of paths from js-yaml's event stream, several times cheaper than the `yaml` library's
 * document, for the documents the fast reading reads. They are the spans `spanOf` finds in
 * that document; where one would depend on something this tree does not know exactly (block
 * and multi-line scalars, empty collections, the whole document) the answer is `undefined`
 * and the caller asks the `yaml` document.
 */
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import { fastReadable } from '../input/fast-data.js';
import { resolvePlain } from '../input/yaml11.js';
import type { Path } from '../rule.js';
import type { Span } from './spans.js';

type Scalar = { kind: 'scalar'; span: Span | undefined; empty: boolean; text: string | undefined };
type Collection = { kind: 'map'; items: [Node, Node][] } | { kind: 'seq'; items: Node[] };
type Node = Scalar | Collection;
/** A document as `eventTree` reads it: `null` when empty, `undefined` when it needs the full parse. */
export type EventTree = Node | null | undefined;

/** A document's nodes with the spans that can be known from events, or `undefined` when the document needs the full parse. */
export function eventTree(source: string): EventTree {
  if (!fastReadable(source)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(source, { maxDepth: 100 });
  } catch {
    return undefined;
  }
  let at = 0;
  const next = (): Node | undefined => {
    const event = events[at++]!;
    if (event.type === EVENT_ID.SCALAR) return scalar(source, event);
    if (event.type === EVENT_ID.MAPPING) {
      const items: [Node, Node][] = [];
      while (events[at]!.type !== EVENT_ID.POP) {
        const key = next();
        const value = key && next();
        if (!value) return undefined;
        items.push([key, value]);
      }
      at++;
      return { kind: 'map', items };
    }
    if (event.type === EVENT_ID.SEQUENCE) {
      const items: Node[] = [];
      while (events[at]!.type !== EVENT_ID.POP) {
        const item = next();
        if (!item) return undefined;
        items.push(item);
      }
      at++;
      return { kind: 'seq', items };
    }
    return undefined; // an alias: never in a document the fast reading takes
  };
  // One document: its start, its content (none when empty), its end.
  if (events.length < 2 || events[0]!.type !== EVENT_ID.DOCUMENT) return undefined;
  at = 1;
  if (events[1]!.type === EVENT_ID.POP) return null;
  const root = next();
  return root && events[at]?.type === EVENT_ID.POP && at === events.length - 1 ? root : undefined;
}

function scalar(source: string, event: ScalarEvent): Scalar {
  const { valueStart: start, valueEnd: end, style } = event;
  const empty = start < 0;
  const text = empty ? '' : getScalarValue(source, event);
  // The span `yaml` gives a scalar: a quoted one with its quotes, on one line only.
  const quoted = style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED;
  const known = !empty && (style === SCALAR_STYLE.PLAIN || quoted) && !source.slice(start, end).includes('\n');
  const span: Span | undefined = known ? (quoted ? [start - 1, end + 1] : [start, end]) : undefined;
  // A key as the data names it; a plain scalar go-yaml reads as no string is left to the full parse.
  const key = style === SCALAR_STYLE.PLAIN && typeof resolvePlain(text) !== 'string' ? undefined : text;
  return { kind: 'scalar', span, empty, text: key };
}

/** What `spanOf` gives for this path and focus, or `undefined` when only the full parse can tell. */
export function eventSpan(root: Node | null, path: Path, focus?: 'key' | 'value'): Span | undefined {
  let node: Node | null = root;
  let entry: [Node, Node] | undefined;
  let complete = true;
  for (const segment of path) {
    if (node?.kind === 'map') {
      const key = String(segment);
      let found: [Node, Node] | undefined;
      for (const pair of node.items) {
        if (pair[0].kind !== 'scalar' || pair[0].text === undefined) return undefined;
        if (pair[0].text === key) found = pair;
      }
      if (!found) { complete = false; break; }
      entry = found;
      node = found[1];
    } else if (node?.kind === 'seq' && typeof segment === 'number' && segment < node.items.length) {
      entry = undefined;
      node = node.items[segment]!;
    } else {
      complete = false;
      break;
    }
  }
  if (entry && (node === entry[1] || node === null)) return entrySpan(entry, complete ? focus : 'key');
  if (!node) return undefined;
  return node.kind === 'scalar' ? node.span : headOf(node);
}

function headOf(node: Node): Span | undefined {
  if (node.kind === 'map' && node.items.length > 0) return entrySpan(node.items[0]!, undefined);
  if (node.kind === 'seq' && node.items.length > 0) {
    const first = node.items[0]!;
    return first.kind === 'scalar' ? first.span : headOf(first);
  }
  return node.kind === 'scalar' ? node.span : undefined;
}

function entrySpan([key, value]: [Node, Node], focus: 'key' | 'value' | undefined): Span | undefined {
  if (focus === 'value') return value.kind === 'scalar' ? (value.empty ? undefined : value.span) : headOf(value);
  const keySpan = key.kind === 'scalar' ? key.span : undefined;
  if (!keySpan) return undefined;
  if (focus !== 'key' && value.kind === 'scalar' && !value.empty) return value.span && [keySpan[0], value.span[1]];
  return keySpan;
}
