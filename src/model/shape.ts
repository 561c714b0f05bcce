import type { Json, JsonObject, Path } from '../rule.js';
import { DOTLESS_GROUPS } from '../k8s/kinds.js';
import { ISTIO_OPERATOR } from '../istio/kinds.js';
import { templatePathOf } from '../k8s/workload.js';
import { groupKindOf, isObject } from './resource.js';

/** What a value is, in messages: "a number", "null", "a list". */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/**
 * A problem with the shape of an object, at a path inside it; `quote` marks a number or
 * boolean where a string belongs, which the text as written, quoted, would be.
 */
export interface ShapeProblem { readonly at: Path; readonly focus?: 'key' | 'value'; readonly message: string; readonly hint?: string; readonly quote?: true }

/** Values whose text, quoted, is the string that was meant. */
const quotable = (value: unknown) => typeof value === 'number' || typeof value === 'boolean';

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
    // An IstioOperator is `istioctl install -f` input, never applied: Istio's own profiles have no name.
    const nameless = groupKindOf(data.apiVersion as string, kind) === ISTIO_OPERATOR;
    if (typeof metadata.generateName !== 'string' && !nameless) problems.push({ at: ['metadata'], focus: 'key', message: `${subject} has no "metadata.name"`, hint: 'The API server rejects an object without a name or generateName.' });
  } else if (typeof name !== 'string') {
    problems.push({ at: ['metadata', 'name'], focus: 'value', message: `"metadata.name" of ${subject} is ${quoted(name)}, not a string`, hint: 'Quote it: the API server accepts only a string.', ...(quotable(name) ? { quote: true as const } : {}) });
  }
  for (const key of ['namespace', 'generateName'] as const) {
    const value = metadata[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      problems.push({ at: ['metadata', key], focus: 'value', message: `"metadata.${key}" of ${subject} is ${quoted(value)}, not a string`, hint: REJECTED, ...(quotable(value) ? { quote: true as const } : {}) });
    }
  }
  problems.push(...stringMaps(metadata, ['metadata'], subject, ''));
  // The pod template's metadata is decoded into the same ObjectMeta, with the same rules.
  const templatePath = templatePathOf(groupKindOf(data.apiVersion as string, kind));
  if (templatePath && templatePath.length > 0) {
    let node: Json | undefined = data;
    for (const key of templatePath) node = isObject(node) ? node[key] : undefined;
    if (isObject(node) && isObject(node.metadata)) problems.push(...stringMaps(node.metadata, [...templatePath, 'metadata'], subject, ' in the pod template'));
  }
  return problems;
}

/** What Go's JSON decoder calls a value it cannot put into a string. */
const goType = (value: Json) => (typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? 'number' : Array.isArray(value) ? 'array' : 'object');

/** Labels and annotations of one ObjectMeta at `at`: each a mapping of strings. */
function stringMaps(metadata: JsonObject, at: Path, subject: string, where: string): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  for (const [key, what] of [['labels', 'label'], ['annotations', 'annotation']] as const) {
    const map = metadata[key];
    const field = [...at, key].join('.');
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      problems.push({ at: [...at, key], focus: 'value', message: `"${field}" of ${subject} is ${typeName(map)}, not a mapping of strings`, hint: REJECTED });
      continue;
    }
    for (const [entry, value] of Object.entries(map)) {
      if (typeof value === 'string') continue;
      const says = `The API server rejects the object: "cannot unmarshal ${goType(value)} into Go struct field ObjectMeta.${field} of type string".`;
      const remedy = value === null
        ? 'Write "" for an empty value: the API server accepts only strings.'
        : typeof value === 'boolean'
          ? `${says} Quote it: Kubernetes reads YAML 1.1, where an unquoted yes, no, on, off, y, n, true and false are booleans.`
          : `${says} Quote it: an unquoted number is a number (1.20 is 1.2, 0755 is 493).`;
      problems.push({ at: [...at, key, entry], focus: value === null ? 'key' : 'value', message: `${what} "${entry}"${where} of ${subject} is ${quoted(value)}, not a string`, hint: remedy, ...(quotable(value) ? { quote: true as const } : {}) });
    }
  }
  return problems;
}

const DNS_LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const API_VERSION = new RegExp(`^(?:(${DNS_LABEL}(?:\\.${DNS_LABEL})*)/)?([a-z](?:[-a-z0-9]*[a-z0-9])?)$`);

/**
 * Whether a document's apiVersion names an API group and version, or why it is no API object:
 * the group is the core group (none), a built-in group without a dot (`apps`), or a domain
 * with a dot, as every CustomResourceDefinition's group must be. `release-notes/v2` and
 * other look-alikes are other tools' files, skipped like documents without an apiVersion.
 * A missing or non-string apiVersion is left to `shapeProblems`.
 */
export function apiVersionOk(data: Json): true | string {
  if (!isObject(data) || typeof data.apiVersion !== 'string' || data.apiVersion === '' || data.kind === undefined) return true;
  const m = API_VERSION.exec(data.apiVersion);
  const group = m?.[1];
  if (m && (group === undefined || group.includes('.') || (DOTLESS_GROUPS as readonly string[]).includes(group))) return true;
  return `not a Kubernetes API object: apiVersion "${data.apiVersion}"`;
}

/** `kind: List` (and `FooList`) documents hold their objects under `items`. */
export function listItems(data: Json): Json[] | undefined {
  if (!isObject(data) || typeof data.kind !== 'string' || !data.kind.endsWith('List')) return undefined;
  return Array.isArray(data.items) ? data.items : undefined;
}
