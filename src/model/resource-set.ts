import type { Resource, ResourceSet } from '../rule.js';
import { ResourceIndex } from './resource-index.js';

/**
 * Every resource of a run, indexed by group/Kind, namespace and name for cross-resource rules
 * (see ResourceIndex: an object defined more than once is its definition applied last, in
 * the place of the first), with memos.
 */
export function createResourceSet(resources: readonly Resource[]): ResourceSet {
  const index = new ResourceIndex();
  index.update([...new Set(resources.map((r) => r.file))], [], resources);
  const memos = new Map<string, unknown>();
  return {
    all: () => index.all(),
    memo: <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
    ofKind: (groupKind) => index.ofKind(groupKind),
    inNamespace: (groupKind, namespace) => index.inNamespace(groupKind, namespace),
    get: (groupKind, namespace, name) => index.get(groupKind, namespace, name),
    definitions: (groupKind, namespace, name) => index.definitions(groupKind, namespace, name),
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
    definitions: (groupKind, namespace, name) => (check(groupKind), set.definitions?.(groupKind, namespace, name) ?? []),
  };
}
