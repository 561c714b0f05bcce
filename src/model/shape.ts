import type { Json, Path } from '../rule.js';
import { isObject } from './resource.js';

/** What a value is, in messages: "a number", "null", "a list". */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** A problem with the shape of an object, at a path inside it. */
export interface ShapeProblem { readonly at: Path; readonly focus?: 'key' | 'value'; readonly message: string; readonly hint?: string }

const REJECTED = 'The API server rejects the object, and no other rule checks it.';

/** JSON of a value, or a word for one that contains itself (a YAML alias inside its own anchor). */
const jsonOf = (value: unknown) => { try { return JSON.stringify(value); } catch { return 'that contains itself'; } };
const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : value === null ? 'null' : `${typeName(value)} (${jsonOf(value)})`);

/**
 * What the API server would reject in an object's apiVersion, kind and metadata. Rules rely
 * on these shapes, so an object with a problem never reaches them. Documents without both
 * apiVersion and kind are not objects at all (Helm values, CI files), and an object without
 * metadata is left alone: kubeconfigs and kustomizations have none.
 */
export function shapeProblems(data: Json): ShapeProblem[] {
  if (!isObject(data) || data.apiVersion === undefined || data.kind === undefined) return [];
  const problems: ShapeProblem[] = [];
  for (const key of ['apiVersion', 'kind'] as const) {
    const value = data[key];
    if (typeof value !== 'string' || value === '') {
      problems.push({ at: [key], focus: 'value', message: `"${key}" is ${value === '' ? 'empty' : typeName(value)}, not a string`, hint: REJECTED });
    }
  }
  if (problems.length > 0 || data.metadata === undefined) return problems;
  const kind = data.kind as string;
  const metadata = data.metadata;
  if (!isObject(metadata)) {
    return [{ at: ['metadata'], focus: 'value', message: `"metadata" of a ${kind} is ${typeName(metadata)}, not a mapping`, hint: REJECTED }];
  }
  const name = metadata.name;
  const subject = typeof name === 'string' && name !== '' ? `${kind} "${name}"` : `a ${kind}`;
  if (name === undefined || name === null || name === '') {
    if (typeof metadata.generateName !== 'string') problems.push({ at: ['metadata'], focus: 'key', message: `${subject} has no "metadata.name"`, hint: 'The API server rejects an object without a name or generateName.' });
  } else if (typeof name !== 'string') {
    problems.push({ at: ['metadata', 'name'], focus: 'value', message: `"metadata.name" of ${subject} is ${quoted(name)}, not a string`, hint: 'Quote it: the API server accepts only a string.' });
  }
  for (const key of ['namespace', 'generateName'] as const) {
    const value = metadata[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      problems.push({ at: ['metadata', key], focus: 'value', message: `"metadata.${key}" of ${subject} is ${quoted(value)}, not a string`, hint: REJECTED });
    }
  }
  for (const [key, what] of [['labels', 'label'], ['annotations', 'annotation']] as const) {
    const map = metadata[key];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      problems.push({ at: ['metadata', key], focus: 'value', message: `"metadata.${key}" of ${subject} is ${typeName(map)}, not a mapping of strings`, hint: REJECTED });
      continue;
    }
    for (const [entry, value] of Object.entries(map)) {
      if (typeof value === 'string') continue;
      const remedy = value === null ? 'Write "" for an empty value: the API server accepts only strings.' : 'Quote it: the API server accepts only strings (an unquoted 1.10 is the number 1.1).';
      problems.push({ at: ['metadata', key, entry], focus: value === null ? 'key' : 'value', message: `${what} "${entry}" of ${subject} is ${quoted(value)}, not a string`, hint: remedy });
    }
  }
  return problems;
}

/** `kind: List` (and `FooList`) documents hold their objects under `items`. */
export function listItems(data: Json): Json[] | undefined {
  if (!isObject(data) || typeof data.kind !== 'string' || !data.kind.endsWith('List')) return undefined;
  return Array.isArray(data.items) ? data.items : undefined;
}
