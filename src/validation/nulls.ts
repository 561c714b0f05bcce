// Nulls as the API server treats them before it validates a custom resource.
import { childSchema, type SchemaNode } from './structural.js';

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
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
