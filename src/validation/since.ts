// Fields an older Istio does not know: the API server of a cluster with that Istio's CRDs
// rejects them as unknown fields (strict field validation), or prunes them silently.
import type { SchemaNode } from './structural.js';

export interface FieldTooNew {
  readonly path: (string | number)[];
  readonly since: string;
}

/**
 * The fields set in `data` whose schema path (`spec.http.*.mirrors`) appears in `fieldsSince`
 * with a minor newer than `known` (a predicate on that minor). Only the outermost such field
 * is reported: its children are new with it.
 */
export function fieldsTooNew(data: unknown, schema: SchemaNode, fieldsSince: Readonly<Record<string, string>>, tooNew: (since: string) => boolean): FieldTooNew[] {
  const out: FieldTooNew[] = [];
  const walk = (value: unknown, node: SchemaNode, path: (string | number)[], key: string) => {
    if (Array.isArray(value)) {
      if (node.items && typeof node.items === 'object') value.forEach((item, i) => walk(item, node.items as SchemaNode, [...path, i], key ? `${key}.*` : '*'));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
    const rest = typeof node.additionalProperties === 'object' ? (node.additionalProperties as SchemaNode) : undefined;
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const sub = properties[name] ?? rest;
      if (!sub) continue;
      const field = properties[name] ? (key ? `${key}.${name}` : name) : key ? `${key}.*` : '*';
      const since = fieldsSince[field];
      if (since !== undefined && tooNew(since)) out.push({ path: [...path, name], since });
      else walk(child, sub, [...path, name], field);
    }
  };
  walk(data, schema, [], '');
  return out;
}
