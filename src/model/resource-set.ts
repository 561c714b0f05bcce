import type { Resource, ResourceSet } from '../rule.js';

/**
 * Every resource of a run, indexed by group/Kind, namespace and name for cross-resource rules.
 * An object defined more than once (the same group, kind, namespace and name, in any version)
 * is one object in the cluster, the one applied last: lookups see only that definition, in
 * the place of the first; `definitions` lists them all.
 */
export function createResourceSet(resources: readonly Resource[]): ResourceSet {
  const byKind = new Map<string, Resource[]>();
  const byKindNs = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource[]>();
  const push = (map: Map<string, Resource[]>, key: string, r: Resource) => {
    const list = map.get(key);
    if (list) list.push(r); else map.set(key, [r]);
  };
  const keyOf = (r: Resource) => `${r.groupKind}\0${r.namespace ?? ''}\0${r.name}`;
  // Objects without a name (generateName, installer inputs) are each their own.
  for (const r of resources) if (r.name !== '') push(byKey, keyOf(r), r);
  // By file path and position, not by input order: which definition wins does not depend on
  // whether a file was named or read as context.
  for (const list of byKey.values()) if (list.length > 1) list.sort(byPlace);
  const winner = (r: Resource) => {
    const list = r.name === '' ? undefined : byKey.get(keyOf(r));
    return list ? list[list.length - 1]! : r;
  };
  const unique: Resource[] = [];
  const placed = new Set<Resource>();
  for (const r of resources) {
    const w = winner(r);
    if (placed.has(w)) continue;
    placed.add(w);
    unique.push(w);
    push(byKind, w.groupKind, w);
    if (w.namespace !== undefined) push(byKindNs, `${w.groupKind}\0${w.namespace}`, w);
  }
  const memos = new Map<string, unknown>();
  return {
    all: () => unique,
    memo: <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
    ofKind: (groupKind) => byKind.get(groupKind) ?? [],
    inNamespace: (groupKind, namespace) => byKindNs.get(`${groupKind}\0${namespace}`) ?? [],
    get: (groupKind, namespace, name) => byKey.get(`${groupKind}\0${namespace ?? ''}\0${name}`)?.at(-1),
    definitions: (groupKind, namespace, name) => byKey.get(`${groupKind}\0${namespace ?? ''}\0${name}`) ?? [],
  };
}

const byPlace = (a: Resource, b: Resource) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.doc - b.doc
  || Number(a.base[1] ?? -1) - Number(b.base[1] ?? -1);

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
    definitions: (groupKind, namespace, name) => (check(groupKind), set.definitions?.(groupKind, namespace, name) ?? []),
  };
}
