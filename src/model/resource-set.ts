import type { Resource, ResourceSet } from '../rule.js';

/** Every resource of a run, indexed by group/Kind, namespace and name for cross-resource rules. */
export function createResourceSet(resources: readonly Resource[]): ResourceSet {
  const byKind = new Map<string, Resource[]>();
  const byKindNs = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource>();
  const push = (map: Map<string, Resource[]>, key: string, r: Resource) => {
    const list = map.get(key);
    if (list) list.push(r); else map.set(key, [r]);
  };
  for (const r of resources) {
    push(byKind, r.groupKind, r);
    if (r.namespace !== undefined) push(byKindNs, `${r.groupKind}\0${r.namespace}`, r);
    const key = `${r.groupKind}\0${r.namespace ?? ''}\0${r.name}`;
    if (!byKey.has(key)) byKey.set(key, r);
  }
  const memos = new Map<string, unknown>();
  return {
    all: () => resources,
    memo: <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
    ofKind: (groupKind) => byKind.get(groupKind) ?? [],
    inNamespace: (groupKind, namespace) => byKindNs.get(`${groupKind}\0${namespace}`) ?? [],
    get: (groupKind, namespace, name) => byKey.get(`${groupKind}\0${namespace ?? ''}\0${name}`),
  };
}

/**
 * The view of the set one rule gets: lookups of kinds the rule does not declare throw, so
 * that a missing `reads` entry shows up in its tests instead of as a silently empty lookup
 * (documents of undeclared kinds may not have been parsed at all).
 */
export function viewFor(set: ResourceSet, meta: { id: string; kinds: readonly string[]; reads?: readonly string[] }): ResourceSet {
  const allowed = new Set([...meta.kinds, ...(meta.reads ?? [])]);
  if (allowed.has('*')) return set;
  const check = (groupKind: string) => {
    if (!allowed.has(groupKind)) throw new Error(`looks up ${groupKind} objects without listing "${groupKind}" in meta.reads`);
  };
  return {
    all: () => { throw new Error('reads every resource without "*" in meta.kinds'); },
    ofKind: (groupKind) => (check(groupKind), set.ofKind(groupKind)),
    inNamespace: (groupKind, namespace) => (check(groupKind), set.inNamespace(groupKind, namespace)),
    get: (groupKind, namespace, name) => (check(groupKind), set.get(groupKind, namespace, name)),
    memo: (key, compute) => set.memo(key, compute),
  };
}
