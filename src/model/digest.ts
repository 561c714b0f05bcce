import { crypto } from '../builtins.js';
import type { Resource } from '../rule.js';

const contents = new WeakMap<Resource, string>();

/** A resource's place and content, as a digest names it: another run's resource is the same if both are. */
function resourceId(r: Resource): string {
  let content = contents.get(r);
  if (content === undefined) contents.set(r, (content = crypto().createHash('sha1').update(JSON.stringify(r.body)).digest('base64')));
  return `${r.file}\0${r.doc}\0${r.base.join('\0')}\0${r.namespace ?? ''}\0${content}`;
}

/**
 * A digest of a value computed from resources, equal for values {@link sameValue} takes for
 * the same, across processes: plain data with its order, and resources by their place and
 * content. Undefined for values it cannot tell (functions, class instances): those are
 * never taken for the same.
 */
export function digestOf(value: unknown): string | undefined {
  const hash = crypto().createHash('sha1');
  return write(value, hash, 0) ? hash.digest('base64') : undefined;
}

function write(value: unknown, hash: { update(text: string): unknown }, depth: number): boolean {
  if (depth > 64) return false;
  switch (typeof value) {
    case 'string': hash.update(`s${value.length}:${value}`); return true;
    case 'number': hash.update(`n${String(value)};`); return true;
    case 'boolean': hash.update(value ? 't' : 'f'); return true;
    case 'undefined': hash.update('u'); return true;
    case 'object': break;
    default: return false;
  }
  if (value === null) { hash.update('z'); return true; }
  if (Array.isArray(value)) {
    hash.update(`a${value.length}[`);
    for (const item of value) if (!write(item, hash, depth + 1)) return false;
    hash.update(']');
    return true;
  }
  if (value instanceof Map) {
    hash.update(`m${value.size}[`);
    for (const [k, v] of value) if (!write(k, hash, depth + 1) || !write(v, hash, depth + 1)) return false;
    hash.update(']');
    return true;
  }
  if (value instanceof Set) {
    hash.update(`e${value.size}[`);
    for (const item of value) if (!write(item, hash, depth + 1)) return false;
    hash.update(']');
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const o = value as Record<string, unknown>;
  if ('groupKind' in o && 'body' in o && 'ref' in o) { hash.update(`r${resourceId(o as unknown as Resource)};`); return true; }
  const keys = Object.keys(o);
  hash.update(`o${keys.length}{`);
  for (const key of keys) {
    hash.update(`${key.length}:${key}`);
    if (!write(o[key], hash, depth + 1)) return false;
  }
  hash.update('}');
  return true;
}
