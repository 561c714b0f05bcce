// Validates one object against a structural schema in the API server's order: non-nullable
// nulls pruned, then the schema (ajv), then the CEL rules of every node whose value passed it.
// One problem, one finding: a CEL rule is not evaluated on a value that already failed the
// schema at or below it.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { ajvProblems } from './ajv-path.js';
import { celProblems, hasWork } from './cel-walk.js';
import { pruneNulls } from './nulls.js';
import { hasPrefix, type SchemaNode } from './structural.js';

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

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

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
