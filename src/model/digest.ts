import { crypto } from '../builtins.js';
import type { Resource } from '../rule.js';

/**
 * A version of each resource a kept lint knows: a token made when the resource first came
 * (new, or its data changed), kept while its data stays the same, across processes (the
 * cache saves it). Two processes' resources with the same place and version are the same.
 */
export const versions = new WeakMap<Resource, string>();

let made = 0;
const run = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 10)}`;

/** A version no other resource of any run has. */
export const newVersion = () => `${run}.${(made++).toString(36)}`;

/** A resource's place and version (or content, for a resource no kept lint knows), as a digest names it. */
function resourceId(r: Resource): string {
  let version = versions.get(r);
  if (version === undefined) versions.set(r, (version = crypto().createHash('sha1').update(JSON.stringify(r.body)).digest('base64')));
  return `${r.file}\0${r.doc}\0${r.base.join('\0')}\0${r.namespace ?? ''}\0${version}`;
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
