/**
 * The data of a document without positions, read with js-yaml, which is several times faster
 * than building the `yaml` library's token tree and document. It reads only the documents
 * whose data is certainly what the full reading (`parseChunk` and go-yaml's resolution in
 * `yaml11.ts`) gives; for every other document it answers `undefined`, and the full reading
 * decides: syntax errors, duplicate keys, aliases, merge keys, explicit tags, keys that are
 * not strings, deep nesting. Positions are found later, for the documents with findings only.
 */
import { defineMappingTag, defineScalarTag, load, NOT_RESOLVED, Schema, seqTag, strTag } from 'js-yaml';
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

/** Mappings as plain objects, string keys only: other keys are converted differently by each reader. */
const objectMap = defineMappingTag<Record<string, Json>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  addPair(map, key, value) {
    if (typeof key !== 'string') return 'a key that is not a string';
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

/** The data of one document (`source` is its text alone), or `undefined` when only the full reading can tell. */
/** Whether the fast reading may take a document (`source` is its text alone), by its text. */
export const fastReadable = (source: string): boolean => !FULL_ONLY.test(source);

export function fastData(source: string): Json | undefined {
  if (!fastReadable(source)) return undefined;
  try {
    return load(source, { schema: SCHEMA, maxAliases: 0, maxDepth: DEPTH }) as Json;
  } catch {
    return undefined;
  }
}
