/**
 * Scalars and merge keys as Kubernetes reads them. kubectl and the API server turn YAML
 * into JSON with sigs.k8s.io/yaml, which decodes with go-yaml v2: YAML 1.1 resolution of
 * plain scalars (its `resolve.go`), and `<<` merge keys applied in document order. These
 * tags make the `yaml` library resolve exactly the same values.
 */
import { isAlias, isCollection, isMap, isSeq, Scalar, type ParsedNode, type ScalarTag, type Tags } from 'yaml';

/** go-yaml v2's table of spellings, looked up before anything else. */
const WORDS = new Map<string, boolean | null | number>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((w) => [w, null] as const),
  ...['.nan', '.NaN', '.NAN'].map((w) => [w, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w) => [w, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((w) => [w, -Infinity] as const),
]);

/** go-yaml's float syntax (`yamlStyleFloat`), tried after integers. */
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Go's `strconv.ParseInt(s, 0, 64)` syntax: 0x, 0o, 0b prefixes and a leading-0 octal. */
const INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|(0[0-7]*)|([1-9][0-9]*))$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MAX = 2n ** 63n - 1n;

/** Not a string: the value a plain scalar stands for; `undefined` when it stays a string. */
const NOT_A_STRING = Symbol('string');

/**
 * What go-yaml v2 resolves a plain scalar to: a boolean, null, a number, or the string
 * itself. Base-60 (`1:20`) stays a string, and so do timestamps (go-yaml keeps them as
 * strings when decoding into untyped data, as sigs.k8s.io/yaml does).
 */
export function resolvePlain(text: string): boolean | null | number | string {
  const value = resolved(text);
  return value === NOT_A_STRING ? text : value;
}

function resolved(text: string): boolean | null | number | typeof NOT_A_STRING {
  const first = text[0];
  // The first character hints at what the scalar can be; anything else is a string.
  const hint = first === undefined ? 'N'
    : first === '+' || first === '-' ? 'S'
    : first >= '0' && first <= '9' ? 'D'
    : 'yYnNtTfFoO~'.includes(first) ? 'M'
    : first === '.' ? '.' : undefined;
  if (!hint) return NOT_A_STRING;
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  if (hint === 'M' || hint === 'N') return NOT_A_STRING;
  if (hint === '.') return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : NOT_A_STRING;
  // Digits or a sign: an integer (underscores dropped), else a float. A timestamp starts
  // with four digits and a dash, which neither form accepts, so it stays a string here too.
  const plain = text.replace(/_/g, '');
  const int = INT.exec(plain);
  if (int) {
    const [, sign, hex, oct, bin, zeroOct, dec] = int;
    const magnitude = hex !== undefined ? BigInt(`0x${hex}`) : oct !== undefined ? BigInt(`0o${oct}`)
      : bin !== undefined ? BigInt(`0b${bin}`) : zeroOct !== undefined ? BigInt(`0o${zeroOct.slice(1) || '0'}`) : BigInt(dec!);
    const value = sign === '-' ? -magnitude : magnitude;
    // int64, else uint64 (which takes no sign); out of both, decimal digits still read as a float.
    if (value >= INT64_MIN && value <= INT64_MAX) return Number(value);
    if (sign === '' && value <= UINT64_MAX) return Number(value);
  }
  if (FLOAT.test(plain)) {
    const value = Number(plain);
    // Go's ParseFloat fails on overflow, and go-yaml then keeps the string.
    if (Number.isFinite(value)) return value;
  }
  return NOT_A_STRING;
}

/** A plain scalar that go-yaml resolves to something other than a string. */
const goScalar: ScalarTag = {
  tag: 'tag:yaml.org,2002:go-yaml-v2',
  default: true,
  // Duck-typed: the composer only calls `test`.
  test: { test: (text: string) => resolved(text) !== NOT_A_STRING } as unknown as RegExp,
  resolve: (text) => resolvePlain(text),
};

/** An explicit `!!bool`, `!!int`, `!!float` or `!!null`: resolved as go-yaml does, or an error. */
function explicit(name: 'bool' | 'int' | 'float' | 'null', fits: (value: unknown) => boolean): ScalarTag {
  return {
    tag: `tag:yaml.org,2002:${name}`,
    default: false,
    resolve(text, onError) {
      const value = resolvePlain(text);
      if (fits(value)) return value;
      onError(`cannot decode "${text}" as a !!${name}`);
      return text;
    },
  };
}

const MERGE_KEY = '<<';

/**
 * `<<` as go-yaml v2 applies it: the merged mapping's keys are set where the `<<` stands,
 * so they override keys written before it, and keys written after it override them; of a
 * sequence of mappings, the earlier ones win (go-yaml applies them from the last).
 */
const mergeTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:merge',
  default: 'key',
  test: /^<<$/,
  identify: (value) => value === MERGE_KEY || (typeof value === 'symbol' && value.description === MERGE_KEY),
  resolve: () => Object.assign(new Scalar(Symbol(MERGE_KEY)), { addToJSMap: mergeInto }),
  stringify: () => MERGE_KEY,
};

type ToJSContext = Parameters<NonNullable<Scalar['addToJSMap']>>[0];

function mergeInto(ctx: ToJSContext, map: unknown, value: unknown): void {
  const source = resolveAlias(ctx, value);
  const sources = isSeq(source) ? [...source.items].reverse() : [source];
  for (const item of sources) {
    const from = resolveAlias(ctx, item);
    if (!isMap(from)) throw new Error('map merge requires a mapping or a sequence of mappings as the value');
    const entries = from.toJSON(null, ctx, Map) as Map<unknown, unknown>;
    for (const [key, v] of entries) {
      if (map instanceof Map) map.set(key, v);
      else Object.defineProperty(map, String(key), { value: v, writable: true, enumerable: true, configurable: true });
    }
  }
}

const resolveAlias = (ctx: ToJSContext, value: unknown): unknown =>
  (ctx && isAlias(value) ? value.resolve(ctx.doc, ctx) : value);

/**
 * The tags for the `yaml` library's `customTags` option (with `schema: 'core'`): the core
 * schema's mapping, sequence and string, then go-yaml's resolution of every plain scalar.
 */
export function kubernetesTags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === 'object' && ['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq', 'tag:yaml.org,2002:str'].includes(t.tag));
  const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  return [
    ...kept, mergeTag, goScalar,
    explicit('bool', (v) => typeof v === 'boolean'), explicit('int', isInt),
    explicit('float', (v) => typeof v === 'number'), explicit('null', (v) => v === null),
  ];
}

/** Composer options that read YAML as Kubernetes does; duplicate keys are found by `duplicateKeys`. */
export const COMPOSE_OPTIONS = { prettyErrors: false, logLevel: 'error', schema: 'core', customTags: kubernetesTags, uniqueKeys: false } as const;

/** What a key that repeats an earlier key of its mapping is reported as, as the `yaml` library words it. */
export const DUPLICATE_KEY = 'Map keys must be unique';
/** A mapping or sequence as a key: go-yaml v2 fails on it ("invalid map key"), so kubectl rejects the document. */
export const COLLECTION_KEY = 'A mapping or sequence cannot be a key: Kubernetes rejects the document';

/**
 * The keys Kubernetes' reading rejects, by offset: those that repeat an earlier key of the
 * same mapping, as the `yaml` library's own check finds them (equal scalar values), in one
 * pass with a set per mapping instead of a scan of the earlier keys for every key; and keys
 * that are mappings or sequences (an unrendered `{{ .value }}` reads as one).
 */
export function badKeys(root: ParsedNode | null): { duplicates: number[]; collections: number[] } {
  const duplicates: number[] = [];
  const collections: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as ParsedNode | null;
        if (key instanceof Scalar) {
          const value = key.value;
          // NaN equals no key, as `===` has it; merge keys are each their own symbol.
          if (!(typeof value === 'number' && Number.isNaN(value))) {
            if (seen.has(value)) duplicates.push(key.range[0]);
            else seen.add(value);
          }
        } else if (isCollection(key)) collections.push(key.range[0]);
        stack.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return { duplicates: duplicates.sort((a, b) => a - b), collections: collections.sort((a, b) => a - b) };
}
