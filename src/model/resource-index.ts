import type { Resource, ResourceSet } from '../rule.js';

const EMPTY: readonly Resource[] = Object.freeze([]);

/** The key of the object a resource defines: group/Kind, namespace and name. */
export const objectKey = (groupKind: string, namespace: string | undefined, name: string) => `${groupKind}\0${namespace ?? ''}\0${name}`;

/**
 * The resources of a run, indexed by group/Kind, namespace and name, and kept up to date
 * file by file. An object defined more than once is one object, the definition applied
 * last (by file path, then position), listed where its first definition in input order
 * stands; `definitions` lists them all. After any sequence of updates the index is the one
 * a fresh build from the same files in the same order gives. Lists handed out are never
 * changed afterwards: an update replaces them, so that what a rule kept from an earlier run
 * still shows that run's resources.
 */
export class ResourceIndex implements Omit<ResourceSet, 'memo'> {
  private readonly ranks = new Map<string, number>();
  private readonly groups = new Map<string, Resource[]>();
  /** Each listed resource's anchor: the definition of its object that comes first in input order. */
  private readonly anchors = new Map<Resource, Resource>();
  private unique: Resource[] = [];
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byKindNs = new Map<string, Resource[]>();
  /** Lists copied during the current update, which it may change in place. */
  private readonly copied = new Set<Resource[]>();

  all(): readonly Resource[] {
    return this.unique;
  }

  ofKind(groupKind: string): readonly Resource[] {
    return this.byKind.get(groupKind) ?? EMPTY;
  }

  inNamespace(groupKind: string, namespace: string): readonly Resource[] {
    return this.byKindNs.get(`${groupKind}\0${namespace}`) ?? EMPTY;
  }

  get(groupKind: string, namespace: string | undefined, name: string): Resource | undefined {
    return this.groups.get(objectKey(groupKind, namespace, name))?.at(-1);
  }

  definitions(groupKind: string, namespace: string | undefined, name: string): readonly Resource[] {
    return this.groups.get(objectKey(groupKind, namespace, name)) ?? EMPTY;
  }

  /** Whether this resource is the one its object's lookups see. */
  isListed(resource: Resource): boolean {
    return this.anchors.has(resource);
  }

  /**
   * Applies the files' changes: `order` is every file of the run in input order (the files
   * kept must stay in the order they had); `removed` and `added` the resources that went and
   * came. Returns the listed resources that stopped being listed, and those that started.
   */
  update(order: readonly string[], removed: readonly Resource[], added: readonly Resource[]): { gone: Resource[]; came: Resource[] } {
    this.copied.clear();
    const touched = new Map<string, Resource | undefined>();
    const loose: Resource[] = [];
    const before = new Set<Resource>();
    for (const r of removed) {
      if (r.name === '') { if (this.anchors.has(r)) { this.unlist(r); before.add(r); } continue; }
      this.touch(r, touched, before);
    }
    for (const r of added) if (r.name === '') loose.push(r); else this.touch(r, touched, before);
    for (const r of removed) {
      if (r.name === '') continue;
      const key = keyOf(r);
      const list = this.writable(this.groups.get(key)!);
      list.splice(list.indexOf(r), 1);
      if (list.length === 0) this.groups.delete(key); else this.groups.set(key, list);
    }
    this.ranks.clear();
    order.forEach((file, i) => this.ranks.set(file, i));
    for (const r of added) {
      if (r.name === '') continue;
      const key = keyOf(r);
      const list = this.groups.get(key);
      if (!list) { this.groups.set(key, [r]); continue; }
      const copy = this.writable(list);
      copy.push(r);
      copy.sort(byPlace);
      this.groups.set(key, copy);
    }
    const after = new Set<Resource>();
    for (const key of touched.keys()) {
      const list = this.groups.get(key);
      if (!list) continue;
      let anchor = list[0]!;
      for (const r of list) if (this.compare(r, anchor) < 0) anchor = r;
      const winner = list.at(-1)!;
      this.list(winner, anchor);
      after.add(winner);
    }
    for (const r of loose) { this.list(r, r); after.add(r); }
    return { gone: [...before].filter((r) => !after.has(r)), came: [...after].filter((r) => !before.has(r)) };
  }

  /** Takes the object's listed definition out of the lists, once per update. */
  private touch(r: Resource, touched: Map<string, Resource | undefined>, before: Set<Resource>): void {
    const key = keyOf(r);
    if (touched.has(key)) return;
    const winner = this.groups.get(key)?.at(-1);
    touched.set(key, winner);
    if (winner) { this.unlist(winner); before.add(winner); }
  }

  private unlist(r: Resource): void {
    this.unique = this.without(this.unique, r);
    this.replace(this.byKind, r.groupKind, r);
    if (r.namespace !== undefined) this.replace(this.byKindNs, `${r.groupKind}\0${r.namespace}`, r);
    this.anchors.delete(r);
  }

  private list(r: Resource, anchor: Resource): void {
    this.anchors.set(r, anchor);
    this.unique = this.with(this.unique, r);
    this.byKind.set(r.groupKind, this.with(this.byKind.get(r.groupKind) ?? [], r));
    if (r.namespace !== undefined) {
      const key = `${r.groupKind}\0${r.namespace}`;
      this.byKindNs.set(key, this.with(this.byKindNs.get(key) ?? [], r));
    }
  }

  private replace(map: Map<string, Resource[]>, key: string, r: Resource): void {
    const list = this.without(map.get(key)!, r);
    if (list.length === 0) map.delete(key); else map.set(key, list);
  }

  private without(list: Resource[], r: Resource): Resource[] {
    let at = this.search(list, r, false);
    // Resources in the same place (given so by a caller) sit in the order they came.
    while (list[at] !== r && at < list.length) at++;
    const copy = this.writable(list);
    copy.splice(at, 1);
    return copy;
  }

  private with(list: Resource[], r: Resource): Resource[] {
    const copy = this.writable(list);
    if (copy.length === 0 || this.compareListed(copy[copy.length - 1]!, r) <= 0) copy.push(r);
    else copy.splice(this.search(copy, r, true), 0, r);
    return copy;
  }

  /** Where `r` is, or would go, in a list ordered by anchors: before the ones in its place, or (`after`) after them. */
  private search(list: readonly Resource[], r: Resource, after: boolean): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.compareListed(list[mid]!, r);
      if (c < 0 || (after && c === 0)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  private writable(list: Resource[]): Resource[] {
    if (this.copied.has(list)) return list;
    const copy = list.slice();
    this.copied.add(copy);
    return copy;
  }

  private compareListed(a: Resource, b: Resource): number {
    return a === b ? 0 : this.compare(this.anchors.get(a)!, this.anchors.get(b)!);
  }

  /** Input order: the file's place in the run, then the document, then the List item. */
  private compare(a: Resource, b: Resource): number {
    return (this.ranks.get(a.file)! - this.ranks.get(b.file)!) || a.doc - b.doc || itemOf(a) - itemOf(b);
  }
}

const keyOf = (r: Resource) => objectKey(r.groupKind, r.namespace, r.name);
const itemOf = (r: Resource) => Number(r.base[1] ?? -1);

/** By file path and position, not by input order: which definition wins does not depend on whether a file was named or read as context. */
const byPlace = (a: Resource, b: Resource) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.doc - b.doc || itemOf(a) - itemOf(b);
