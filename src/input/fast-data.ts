/**
 * The data of a document without positions, read with js-yaml, which is several times faster
 * than building the `yaml` library's token tree and document. It reads only the documents
 * whose data is certainly what the full reading (`parseChunk` and go-yaml's resolution in
 * `yaml11.ts`) gives; for every other document it answers `undefined`, and the full reading
 * decides: syntax errors, duplicate keys, aliases, merge keys, explicit tags, keys that are
 * not strings, deep nesting. Positions are found later, for the documents with findings only.
 */
import { defineMappingTag, defineScalarTag, EVENT_ID, getScalarValue, load, NOT_RESOLVED, parseEvents, SCALAR_STYLE, Schema, seqTag, strTag } from 'js-yaml';
import type { Json } from '../rule.js';
import { resolvePlain } from './yaml11.js';

/** A plain scalar that go-yaml v2 reads as a boolean, null or a number. */
const goScalar = defineScalarTag('tag:yaml.org,2002:go-yaml-v2', {
  implicit: true,
  implicitFirstChars: ['', ...'yYnNtTfFoO~.+-0123456789'],
  resolve: (source, explicit) => {
    if (explicit) return NOT_RESOLVED;
    const value = resolvePlain(source);
    return typeof value === 'string' ? NOT_RESOLVED : value;
  },
  identify: () => false,
});

/** Whether the document being read repeats a key in a mapping (js-yaml reads it with `json: true`, the last value winning). */
let duplicated = false;

/** Mappings as plain objects, string keys only: other keys are converted differently by each reader. */
const objectMap = defineMappingTag<Record<string, Json>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  addPair(map, key, value) {
    if (typeof key !== 'string') return 'a key that is not a string';
    if (Object.hasOwn(map, key)) duplicated = true;
    if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
    else map[key] = value as Json;
    return '';
  },
  has: (map, key) => typeof key === 'string' && Object.hasOwn(map, key),
  keys: (map) => Object.keys(map),
  get: (map, key) => map[key as string],
  identify: () => false,
});

const SCHEMA = new Schema([strTag, seqTag, objectMap, goScalar]);

/**
 * What only the full reading reads exactly. Merge keys need go-yaml's order of application,
 * which it implements. And js-yaml accepts some documents that YAML forbids: a tag or an
 * anchor before a nested implicit key (`key: &a inner: value`), text after a flow collection
 * or a quoted scalar on its line (`- {name: a} b, c}`, `- "a" b`, in a sequence written at
 * its key's indentation), a tab in a line's indentation, an indented `---`; and a `:` before `,` `]`
 * or `}`, which go-yaml may keep in a scalar (flow-colons.ts). Documents with any of these (or
 * something that looks like them, in a string) take the full reading.
 */
const FULL_ONLY = /<<|:[,\]}]|(?:^|[\s[{,])[!&]|(?:[\]}]|(?:^|[-:,[{\s])(?:"[^"\n]*"|'[^'\n]*'))[ \t]*[^\s,\]}#:]|^[ ]*\t|^[ \t]+(?:---|\.\.\.)(?:\s|$)/m;
/** Below the full reading's bound (MAX_DEPTH), so that it is the one to report a document too deep. */
const DEPTH = 100;

/** Whether the fast reading may take a document (`source` is its text alone), by its text. */
export const fastReadable = (source: string): boolean => !FULL_ONLY.test(source);

/**
 * One document (`source` is its text alone) read fast: its data, or the offsets of the keys
 * that repeat an earlier key of their mapping (what the full reading reports, in one pass
 * over a large mapping), or `undefined` when only the full reading can tell.
 */
export function fastRead(source: string): { data: Json } | { duplicates: number[] } | undefined {
  if (!fastReadable(source)) return undefined;
  duplicated = false;
  try {
    const data = load(source, { schema: SCHEMA, maxAliases: 0, maxDepth: DEPTH, json: true }) as Json;
    return duplicated ? { duplicates: duplicateOffsets(source) } : { data };
  } catch {
    return undefined;
  }
}

/** The data of one document read fast, or `undefined` when it has duplicate keys or only the full reading can tell. */
export function fastData(source: string): Json | undefined {
  const read = fastRead(source);
  return read && 'data' in read ? read.data : undefined;
}

/** Where each key repeating an earlier key of its mapping starts (at its quote, when quoted), in order. */
function duplicateOffsets(source: string): number[] {
  const found: number[] = [];
  // For each open collection: the keys seen when a mapping, and whether its next node is a key.
  const open: { keys: Set<string> | undefined; key: boolean }[] = [];
  const began = () => {
    const parent = open.at(-1);
    if (parent?.keys) parent.key = !parent.key;
  };
  for (const event of parseEvents(source, { maxDepth: DEPTH })) {
    if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      began();
      open.push({ keys: event.type === EVENT_ID.MAPPING ? new Set() : undefined, key: true });
    } else if (event.type === EVENT_ID.POP) {
      open.pop();
    } else if (event.type === EVENT_ID.SCALAR) {
      const parent = open.at(-1);
      if (parent?.keys && parent.key) {
        const key = event.valueStart < 0 ? '' : getScalarValue(source, event);
        if (parent.keys.has(key)) found.push(event.style === SCALAR_STYLE.PLAIN ? event.valueStart : event.valueStart - 1);
        else parent.keys.add(key);
      }
      began();
    }
  }
  return found;
}
