import type { Json, JsonObject, Path, Resource } from '../rule.js';
import { groupKindOf, groupOf, refOf } from './reference.js';
import { isClusterScoped } from './scope.js';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds a Resource from a document's data, or returns the reason it is not one
 * (Helm values, kustomization.yaml and CI files have no apiVersion/kind).
 */
export function toResource(
  data: Json, where: { file: string; doc: number; base: Path }, defaultNamespace: string,
): Resource | string {
  if (data === null) return 'empty';
  if (!isObject(data)) return 'not a mapping';
  const { apiVersion, kind } = data;
  if (typeof apiVersion !== 'string' || apiVersion === '') return 'no apiVersion';
  if (typeof kind !== 'string' || kind === '') return 'no kind';
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const group = groupOf(apiVersion);
  const namespace = isClusterScoped(kind)
    ? undefined
    : typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
  return {
    kind, apiVersion, group, version: apiVersion.slice(apiVersion.indexOf('/') + 1), name, namespace,
    file: where.file, doc: where.doc, base: where.base, body: data,
    ref: refOf({ group, kind, namespace, name }),
    groupKind: groupKindOf(apiVersion, kind),
  };
}

// Naming helpers live in reference.ts; these names stay importable from here for the
// modules that build resources from documents.
export { groupKindOf, refOf } from './reference.js';
