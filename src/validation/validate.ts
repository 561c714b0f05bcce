// Validates one object against a structural schema in the API server's order: non-nullable
// nulls pruned, then the schema (ajv), then the CEL rules of every node whose value passed it.
// One problem, one finding: a CEL rule is not evaluated on a value that already failed the
// schema at or below it.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { ajvProblems } from './ajv-path.js';
import { celValue, evaluate, FAST } from './cel.js';
import type { CelRule, SchemaNode } from './structural.js';

/** What is wrong, where: `detail` completes a sentence whose subject is the field. */
export interface SchemaProblem {
  readonly path: (string | number)[];
  readonly focus?: 'key';
  readonly detail: string;
  readonly layer: 'schema' | 'cel';
  /**
   * The schema keyword that failed (`type`, `required`, `enum`, `minimum`, …), `cel` for a CEL
   * rule, `x-kubernetes-list-type` for a repeated item of a set or map list.
   */
  readonly keyword: string;
  /** For `required`: the missing field. */
  readonly key?: string;
  /** The field the problem is about where `path` is elsewhere: the missing field of `required`, reported on its parent. */
  readonly field?: (string | number)[];
  /** The CEL rule that failed. */
  readonly rule?: string;
  /** A value of the wrong type, on which CEL rules cannot be evaluated. */
  readonly type?: boolean;
  /** For a value outside an enum: the values allowed. */
  readonly allowed?: readonly unknown[];
}

let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new WeakMap<SchemaNode, ValidateFunction>();

/** The validator of a schema, compiled on first use (once per schema, so per kind and version). */
function validator(schema: SchemaNode): ValidateFunction {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = (ajv ??= createAjv()).compile(schema)));
  return check;
}

const quote = (value: unknown) => JSON.stringify(value);
const list = (values: readonly unknown[]) => {
  const text = values.map(quote).join(', ');
  return text.length > 70 ? `${values.slice(0, 4).map(quote).join(', ')}, …` : text;
};

/** Errors inside a oneOf/anyOf/not branch only explain the combiner's own error. */
const insideCombiner = (error: ErrorObject) => /\/(oneOf|anyOf|not)\/./.test(error.schemaPath.replace(/\/(oneOf|anyOf|not)$/, ''));

/** The schema node an error's `schemaPath` (`#/properties/spec/oneOf`) names, without ajv's verbose mode. */
function schemaAt(schema: SchemaNode, schemaPath: string): unknown {
  let node: unknown = schema;
  for (const raw of schemaPath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function schemaProblems(errors: readonly ErrorObject[], data: unknown, schema: SchemaNode, original: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const kept = errors.filter((e) => !insideCombiner(e));
  const combiners = new Map(kept.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => [e.instancePath, e]));
  for (const problem of ajvProblems(kept, data)) {
    let detail = problem.detail;
    if (problem.keyword === 'enum') detail = `must be one of ${list(problem.allowed ?? [])}`;
    else if (problem.keyword === 'type' && /integer,string/.test(detail)) detail = 'must be an integer or a string';
    else if (problem.keyword === 'oneOf' || problem.keyword === 'anyOf') {
      const error = [...combiners.values()].find((e) => ajvProblems([e], data)[0]?.path.join('\0') === problem.path.join('\0'));
      const branches = error ? (schemaAt(schema, error.schemaPath) as SchemaNode[] | undefined) : undefined;
      const keys = [...new Set((branches ?? []).flatMap((b) => (Array.isArray(b.required) ? (b.required as string[]) : [])))];
      if (keys.length && error?.keyword === 'oneOf') detail = `sets more than one of ${list(keys)}`;
      else if (keys.length) detail = `must set one of ${list(keys)}`;
    } else if (problem.keyword === 'required') detail = `is missing the required field "${problem.key}"`;
    else if (problem.keyword === 'additionalProperties') detail = 'is not a field of this kind';
    else if (problem.keyword === 'pattern') detail = 'does not match the pattern the schema requires';
    if (problem.keyword === 'required' && problem.key !== undefined) {
      const field = [...problem.path, problem.key];
      // A required field written with no value (`url:`) is there in the file, to point at.
      const nulled = isObject(valueAtPath(original, problem.path)) && (valueAtPath(original, problem.path) as Record<string, unknown>)[problem.key] === null;
      out.push(nulled
        ? { path: field, detail: 'is empty (null), and the CRD requires it', layer: 'schema', keyword: 'required', key: problem.key }
        : { path: problem.path, field, detail, layer: 'schema', keyword: 'required', key: problem.key });
      continue;
    }
    out.push({
      path: problem.path, focus: problem.focus, detail, layer: 'schema', keyword: problem.keyword,
      ...(problem.keyword === 'type' ? { type: true } : {}), ...(problem.keyword === 'enum' && problem.allowed ? { allowed: problem.allowed } : {}),
    });
  }
  return out;
}

const hasPrefix = (path: readonly (string | number)[], prefix: readonly (string | number)[]) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const childSchema = (node: SchemaNode, key: string): SchemaNode | undefined =>
  (node.properties as Record<string, SchemaNode> | undefined)?.[key] ?? (isObject(node.additionalProperties) ? (node.additionalProperties as SchemaNode) : undefined);
const nullable = (node: SchemaNode) => Array.isArray(node.type) && node.type.includes('null');

/**
 * The value as the API server validates it: a null where the schema does not allow one is
 * removed (or replaced by the field's default), as apiextensions' PruneNonNullableNullsWithoutDefaults
 * and defaulting do, so `port:` with nothing after it is a missing port, not a wrong type.
 * Null list items stay (they are wrong types). The value itself is returned when nothing changes.
 */
export function pruneNulls(value: unknown, node: SchemaNode | undefined): unknown {
  if (Array.isArray(value)) {
    const items = node && isObject(node.items) ? (node.items as SchemaNode) : undefined;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const pruned = item !== null && typeof item === 'object' ? pruneNulls(item, items) : item;
      if (pruned !== item) (out ??= value.slice())[i] = pruned;
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    const sub = node && childSchema(node, key);
    const pruned = pruneNulls(child, sub);
    if (pruned !== child) (out ??= { ...(value as Record<string, unknown>) })[key] = pruned;
  }
  for (const key in value) {
    if ((value as Record<string, unknown>)[key] !== null) continue;
    const sub = node && childSchema(node, key);
    if (!sub || nullable(sub)) continue;
    out ??= { ...(value as Record<string, unknown>) };
    if (sub.default !== undefined) out[key] = structuredClone(sub.default);
    else delete out[key];
  }
  return out ?? value;
}

const valueAtPath = (data: unknown, path: readonly (string | number)[]) =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), data);

/** The value at an ajv instance path (`/spec/egress/0`). */
function valueAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** `.spec.port` or `.items['a.b'][0]`, relative to a rule's node, as path segments. */
function fieldPathSegments(fieldPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of fieldPath.matchAll(/\.([^.[\]]+)|\[(?:'([^']*)'|"([^"]*)"|(\d+))\]/g)) out.push(m[1] ?? m[2] ?? m[3] ?? Number(m[4]));
  return out;
}

/** Whether a schema node or one below it has CEL rules or a list type to check: the walk skips the others. */
const work = new WeakMap<SchemaNode, boolean>();
function hasWork(node: SchemaNode): boolean {
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

function celProblems(data: unknown, schema: SchemaNode, skip: readonly (readonly (string | number)[])[]): SchemaProblem[] {
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

const NO_PATHS: readonly (readonly (string | number)[])[] = [];

/**
 * The problems of one object: schema first, then the CEL rules of the values that passed it.
 * `precompiled` is the schema's validator compiled ahead of time, if there is one.
 */
export function validateObject(body: unknown, schema: SchemaNode, precompiled?: ValidateFunction): SchemaProblem[] {
  const check = precompiled ?? validator(schema);
  let data = body;
  let valid = check(data);
  // A null where the schema allows none fails its type: only then is there a null to prune.
  if (!valid && check.errors?.some((e) => e.keyword === 'type' && valueAt(body, e.instancePath) === null)) {
    data = pruneNulls(body, schema);
    if (data !== body) valid = check(data);
  }
  // Most objects are valid: their CEL problems are all there is.
  if (valid) return hasWork(schema) ? celProblems(data, schema, NO_PATHS) : [];
  const problems = schemaProblems(check.errors ?? [], data, schema, body);
  // As the API server does, CEL rules are not evaluated on values of the wrong type (here:
  // only on the nodes at or above such a value). A CEL finding is dropped where the schema
  // already reported the same field: at its node, or at a field of it that the rule reads.
  const typeErrors = problems.filter((p) => p.type).map((p) => p.path);
  const reported = new Set(problems.map((p) => p.path.join('\0')));
  const same = (cel: SchemaProblem) => reported.has(cel.path.join('\0')) || problems.some((p) =>
    p.path.length === cel.path.length + 1 && hasPrefix(p.path, cel.path) && (cel.rule ?? '').includes(`.${String(p.path.at(-1))}`));
  problems.push(...celProblems(data, schema, typeErrors).filter((p) => p.layer === 'schema' || !same(p)));
  return problems;
}
