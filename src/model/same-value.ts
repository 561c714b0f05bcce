/**
 * Whether two values computed from resources are the same: equal plain data (objects with
 * their keys in the same order, arrays, Maps and Sets in the same order), with resources and
 * every other object (functions, class instances) equal only to themselves. Used to tell
 * that a fact computed again did not change; when unsure it answers false.
 */
export function sameValue(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || typeof a !== 'object' || a === null || b === null) return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
  if (depth > 64) return false;
  const x = a as object;
  const y = b as object;
  if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown[];
    if (x.length !== ys.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], ys[i], depth + 1)) return false;
    return true;
  }
  if (x instanceof Map) return sameEntries([...x], [...(y as Map<unknown, unknown>)], depth);
  if (x instanceof Set) return sameValue([...x], [...(y as Set<unknown>)], depth + 1);
  const proto = Object.getPrototypeOf(x);
  if ((proto !== Object.prototype && proto !== null) || isResource(x) || isResource(y)) return false;
  const keys = Object.keys(x);
  const others = Object.keys(y);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== others[i] || !sameValue((x as Record<string, unknown>)[keys[i]!], (y as Record<string, unknown>)[keys[i]!], depth + 1)) return false;
  }
  return true;
}

function sameEntries(a: [unknown, unknown][], b: [unknown, unknown][], depth: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!sameValue(a[i]![0], b[i]![0], depth + 1) || !sameValue(a[i]![1], b[i]![1], depth + 1)) return false;
  }
  return true;
}

/** A resource is itself: two objects read from files are never taken for one another. */
const isResource = (o: object) => 'groupKind' in o && 'body' in o && 'ref' in o;
