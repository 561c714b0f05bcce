// Validates one object against a structural schema in the API server's order: the schema
// (ajv), then the CEL rules of every node whose value passed it. One problem, one finding:
// a CEL rule is not evaluated on a value that already failed the schema at or below it.
import { createRequire } from 'node:module';
import { net } from '../builtins.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvProblems } from './ajv-path.js';
import { celValue, evaluate } from './cel.js';
import type { CelRule, SchemaNode } from './structural.js';

/** What is wrong, where: `detail` completes a sentence whose subject is the field. */
export interface SchemaProblem {
  readonly path: (string | number)[];
  readonly focus?: 'key';
  readonly detail: string;
  readonly layer: 'schema' | 'cel';
  /** The CEL rule that failed. */
  readonly rule?: string;
  /** A value of the wrong type, on which CEL rules cannot be evaluated. */
  readonly type?: boolean;
  /** For a value outside an enum: the values allowed. */
  readonly allowed?: readonly unknown[];
}

const require = createRequire(import.meta.url);
type AjvClass = typeof import('ajv').default;
let ajv: InstanceType<AjvClass> | undefined;
const compiled = new WeakMap<SchemaNode, ValidateFunction>();

function validator(schema: SchemaNode): ValidateFunction {
  let check = compiled.get(schema);
  if (!check) {
    if (!ajv) {
      const Ajv = (require('ajv') as { default: AjvClass }).default;
      ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, unicodeRegExp: false });
      // The formats the API server checks (kube-openapi strfmt).
      ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
      ajv.addFormat('date-time', /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/);
      ajv.addFormat('date', /^\d{4}-\d\d-\d\d$/);
      ajv.addFormat('uuid', /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i);
      ajv.addFormat('ipv4', { validate: (s: string) => net().isIP(s) === 4 });
      ajv.addFormat('ipv6', { validate: (s: string) => net().isIP(s) === 6 });
    }
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
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

function schemaProblems(errors: readonly ErrorObject[], data: unknown, schema: SchemaNode): SchemaProblem[] {
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
    out.push({
      path: problem.path, focus: problem.focus, detail, layer: 'schema',
      ...(problem.keyword === 'type' ? { type: true } : {}), ...(problem.keyword === 'enum' && problem.allowed ? { allowed: problem.allowed } : {}),
    });
  }
  return out;
}

const hasPrefix = (path: readonly (string | number)[], prefix: readonly (string | number)[]) => prefix.every((p, i) => path[i] === p);

/** `.spec.port` or `.items['a.b'][0]`, relative to a rule's node, as path segments. */
function fieldPathSegments(fieldPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of fieldPath.matchAll(/\.([^.[\]]+)|\[(?:'([^']*)'|"([^"]*)"|(\d+))\]/g)) out.push(m[1] ?? m[2] ?? m[3] ?? Number(m[4]));
  return out;
}

function celProblems(data: unknown, schema: SchemaNode, skip: readonly (readonly (string | number)[])[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const walk = (value: unknown, node: SchemaNode, path: (string | number)[]) => {
    if (value === undefined || value === null) return;
    const rules = node['x-kubernetes-validations'] as CelRule[] | undefined;
    if (rules && !skip.some((s) => hasPrefix(s, path))) {
      const self = celValue(value, node);
      for (const rule of rules) {
        const result = evaluate(rule.rule, self);
        if ('value' in result && result.value === true) continue;
        let detail: string;
        if ('error' in result) detail = `cannot be evaluated by a rule of the CRD ("${result.error}")`;
        else {
          const message = rule.messageExpression ? evaluate(rule.messageExpression, self) : undefined;
          detail = message && 'value' in message && typeof message.value === 'string' ? message.value : rule.message ?? `fails the rule "${rule.rule}"`;
        }
        const at = [...path, ...(rule.fieldPath ? fieldPathSegments(rule.fieldPath) : [])];
        if (!out.some((p) => p.detail === detail && p.path.join('\0') === at.join('\0'))) out.push({ path: at, detail, layer: 'cel', rule: rule.rule });
      }
    }
    if (Array.isArray(value)) {
      out.push(...duplicates(value, node, path));
      if (node.items && typeof node.items === 'object') value.forEach((item, i) => walk(item, node.items as SchemaNode, [...path, i]));
    } else if (typeof value === 'object') {
      const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
      const rest = typeof node.additionalProperties === 'object' ? (node.additionalProperties as SchemaNode) : undefined;
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        const sub = properties[key] ?? rest;
        if (sub) walk(child, sub, [...path, key]);
      }
    }
  };
  walk(data, schema, []);
  return out;
}

/**
 * `x-kubernetes-list-type: set` lists must not repeat an item, `map` lists must not repeat
 * the key fields (`x-kubernetes-list-map-keys`) of an item: the API server says "Duplicate value".
 */
function duplicates(items: readonly unknown[], node: SchemaNode, path: (string | number)[]): SchemaProblem[] {
  const type = node['x-kubernetes-list-type'];
  const keys = type === 'map' && Array.isArray(node['x-kubernetes-list-map-keys']) ? (node['x-kubernetes-list-map-keys'] as string[]) : undefined;
  if (type !== 'set' && !keys) return [];
  const seen = new Map<string, number>();
  const out: SchemaProblem[] = [];
  items.forEach((item, i) => {
    const identity = keys
      ? JSON.stringify(keys.map((k) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[k] ?? null : null)))
      : JSON.stringify(item);
    const first = seen.get(identity);
    if (first === undefined) return void seen.set(identity, i);
    const at = keys?.length === 1 && item !== null && typeof item === 'object' && keys[0] in item ? [...path, i, keys[0]] : [...path, i];
    const what = keys ? `the ${keys.map((k) => `"${k}"`).join(', ')} of` : '';
    out.push({ path: at, detail: `repeats ${what} item ${first + 1} of the list, which the CRD lists as unique`.replace('  ', ' '), layer: 'schema' });
  });
  return out;
}

/** The problems of one object: schema first, then the CEL rules of the values that passed it. */
export function validateObject(data: unknown, schema: SchemaNode): SchemaProblem[] {
  const check = validator(schema);
  const problems = check(data) ? [] : schemaProblems(check.errors ?? [], data, schema);
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
