// The CEL walk of a validation: the rules (`x-kubernetes-validations`) of every node the value
// reaches, and the uniqueness of set and map lists, visiting only the parts of the schema
// that have any, and evaluating each rule once per distinct input.
import { celValue, evaluate, FAST } from './cel.js';
import { childSchema, hasPrefix, type CelRule, type SchemaNode } from './structural.js';
import type { SchemaProblem } from './validate.js';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `.spec.port` or `.items['a.b'][0]`, relative to a rule's node, as path segments. */
function fieldPathSegments(fieldPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of fieldPath.matchAll(/\.([^.[\]]+)|\[(?:'([^']*)'|"([^"]*)"|(\d+))\]/g)) out.push(m[1] ?? m[2] ?? m[3] ?? Number(m[4]));
  return out;
}

/** Whether a schema node or one below it has CEL rules or a list type to check: the walk skips the others. */
const work = new WeakMap<SchemaNode, boolean>();
export function hasWork(node: SchemaNode): boolean {
  let found = work.get(node);
  if (found !== undefined) return found;
  work.set(node, false); // a schema read from a file could refer to itself through aliases
  found = node['x-kubernetes-validations'] !== undefined || node['x-kubernetes-list-type'] === 'set' || node['x-kubernetes-list-type'] === 'map'
    || (isObject(node.items) && hasWork(node.items as SchemaNode))
    || (isObject(node.additionalProperties) && hasWork(node.additionalProperties as SchemaNode))
    || (isObject(node.properties) && Object.values(node.properties as Record<string, SchemaNode>).some((s) => isObject(s) && hasWork(s)));
  work.set(node, found);
  return found;
}

/**
 * The fields of `self` a rule reads, when it reads `self` only as `self.field` (no method of
 * `self`, no `self` alone): its outcome then depends on those fields only. Else undefined.
 */
const projections = new WeakMap<CelRule, readonly string[] | null>();
function fieldsRead(rule: CelRule): readonly string[] | undefined {
  let fields = projections.get(rule);
  if (fields === undefined) {
    const uses = [...rule.rule.matchAll(/\bself\b(\.([A-Za-z_]\w*)(\s*\()?)?/g)];
    // CEL escapes reserved words as __word__ (self.__namespace__ is the field "namespace").
    fields = uses.every((m) => m[2] !== undefined && m[3] === undefined)
      ? [...new Set(uses.map((m) => m[2]!.replace(/^__(\w+)__$/, '$1')))].sort() : null;
    projections.set(rule, fields);
  }
  return fields ?? undefined;
}

type Outcome = { value: unknown } | { error: string };
/** Outcomes by rule and input: resources repeat the same values, and an evaluation costs far more than a look-up. */
const outcomes = new WeakMap<CelRule, Map<string, Outcome>>();
const MAX_KEY = 2000;
const MAX_OUTCOMES = 5000;

/** What the rule's outcome depends on, as a string: the fields it reads, or the whole value; undefined when too large to keep. */
function inputKey(rule: CelRule, value: unknown): string | undefined {
  const fields = isObject(value) ? fieldsRead(rule) : undefined;
  let key: string | undefined;
  if (fields) {
    // The fields present, with their values: an absent one is left out.
    key = '';
    for (const f of fields) if (f in (value as object)) key += `${JSON.stringify(f)}:${JSON.stringify((value as Record<string, unknown>)[f])},`;
  } else key = JSON.stringify(value);
  return key !== undefined && key.length <= MAX_KEY ? key : undefined;
}

/** The rule's outcome on a value (its CEL binding made by `bound`, only when it must be evaluated). */
function outcome(rule: CelRule, value: unknown, bound: () => unknown): Outcome {
  // The rules computed without an evaluator cost less than a look-up.
  if (FAST.has(rule.rule)) return evaluate(rule.rule, bound());
  const key = inputKey(rule, value);
  let known = outcomes.get(rule);
  const kept = key !== undefined ? known?.get(key) : undefined;
  if (kept) return kept;
  const result = evaluate(rule.rule, bound());
  if (key !== undefined) {
    if (!known) outcomes.set(rule, (known = new Map()));
    if (known.size >= MAX_OUTCOMES) known.clear();
    known.set(key, result);
  }
  return result;
}

/** The properties of a schema node that have work below them, and whether its other keys may have. */
const workedFields = new WeakMap<SchemaNode, { fields: [string, SchemaNode][]; rest: boolean }>();
function worked(node: SchemaNode): { fields: [string, SchemaNode][]; rest: boolean } {
  let found = workedFields.get(node);
  if (!found) {
    const properties = Object.entries((node.properties ?? {}) as Record<string, SchemaNode>).filter(([, sub]) => isObject(sub) && hasWork(sub));
    workedFields.set(node, (found = { fields: properties, rest: isObject(node.additionalProperties) && hasWork(node.additionalProperties as SchemaNode) }));
  }
  return found;
}

export function celProblems(data: unknown, schema: SchemaNode, skip: readonly (readonly (string | number)[])[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  // One path, grown and shrunk as the walk goes: copied only for a problem.
  const path: (string | number)[] = [];
  const walk = (value: unknown, node: SchemaNode) => {
    if (value === undefined || value === null || !hasWork(node)) return;
    const rules = node['x-kubernetes-validations'] as CelRule[] | undefined;
    if (rules && !skip.some((s) => hasPrefix(s, path))) {
      // The schema fixes how the value is bound (ints, doubles, defaults), so the outcome of a
      // rule of this node depends on the value only.
      let self: unknown;
      const bound = () => (self ??= celValue(value, node));
      for (const rule of rules) {
        const result = outcome(rule, value, bound);
        if ('value' in result && result.value === true) continue;
        let detail: string;
        if ('error' in result) detail = `cannot be evaluated by a rule of the CRD ("${result.error}")`;
        else {
          const message = rule.messageExpression ? evaluate(rule.messageExpression, bound()) : undefined;
          detail = message && 'value' in message && typeof message.value === 'string' ? message.value : rule.message ?? `fails the rule "${rule.rule}"`;
        }
        const at = [...path, ...(rule.fieldPath ? fieldPathSegments(rule.fieldPath) : [])];
        if (!out.some((p) => p.detail === detail && p.path.join('\0') === at.join('\0'))) out.push({ path: at, detail, layer: 'cel', keyword: 'cel', rule: rule.rule });
      }
    }
    if (Array.isArray(value)) {
      duplicates(value, node, path, out);
      if (!isObject(node.items)) return;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i], node.items as SchemaNode);
        path.pop();
      }
    } else if (typeof value === 'object') {
      const map = value as Record<string, unknown>;
      const { fields, rest } = worked(node);
      // Only the fields whose schema has work, unless every key may (a map of values with rules).
      if (rest) {
        for (const key in map) {
          const sub = childSchema(node, key)!;
          if (!hasWork(sub)) continue;
          path.push(key);
          walk(map[key], sub);
          path.pop();
        }
      } else {
        for (const [key, sub] of fields) {
          if (!(key in map)) continue;
          path.push(key);
          walk(map[key], sub);
          path.pop();
        }
      }
    }
  };
  walk(data, schema);
  return out;
}

/**
 * `x-kubernetes-list-type: set` lists must not repeat an item, `map` lists must not repeat
 * the key fields (`x-kubernetes-list-map-keys`) of an item: the API server says "Duplicate value".
 */
function duplicates(items: readonly unknown[], node: SchemaNode, path: readonly (string | number)[], out: SchemaProblem[]): void {
  const type = node['x-kubernetes-list-type'];
  const keys = type === 'map' && Array.isArray(node['x-kubernetes-list-map-keys']) ? (node['x-kubernetes-list-map-keys'] as string[]) : undefined;
  if ((type !== 'set' && !keys) || items.length < 2) return;
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const identity = keys
      ? JSON.stringify(keys.map((k) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[k] ?? null : null)))
      : JSON.stringify(item);
    const first = seen.get(identity);
    if (first === undefined) return void seen.set(identity, i);
    const at = keys?.length === 1 && item !== null && typeof item === 'object' && keys[0] in item ? [...path, i, keys[0]] : [...path, i];
    const what = keys ? `the ${keys.map((k) => `"${k}"`).join(', ')} of` : '';
    out.push({ path: at, detail: `repeats ${what} item ${first + 1} of the list, which the CRD lists as unique`.replace('  ', ' '), layer: 'schema', keyword: 'x-kubernetes-list-type' });
  });
}
