import { objectKey } from '../model/resource-index.js';
import { digestOf } from '../model/digest.js';
import { sameValue } from '../model/same-value.js';
import type { Resource, ResourceSet } from '../rule.js';

/**
 * What a computation looked up, as keys: `*` every resource, `k:<group/Kind>` a kind,
 * `n:<group/Kind>\0<namespace>` a kind in a namespace, `o:<object key>` one object (with
 * its copies), `m:<key>` a memo. Equal sets are one object, shared by every computation
 * that read the same.
 */
export interface Reads {
  readonly keys: readonly string[];
  /** The rule results that read exactly these keys: one, or a set (most keys are read by one). */
  users: object | Set<object>;
}

/** One value or a set of them: most keys and reads have one user, and a set costs ten times an entry. */
class Multimap<K, V extends object> {
  private readonly map = new Map<K, V | Set<V>>();
  has(key: K): boolean { return this.map.has(key); }
  add(key: K, value: V): void {
    const known = this.map.get(key);
    if (known === undefined) this.map.set(key, value);
    else if (known instanceof Set) known.add(value);
    else if (known !== value) this.map.set(key, new Set([known, value]));
  }
  delete(key: K, value: V): void {
    const known = this.map.get(key);
    if (known === value) this.map.delete(key);
    else if (known instanceof Set) {
      known.delete(value);
      if (known.size === 1) this.map.set(key, known.values().next().value!);
    }
  }
  forEach(key: K, f: (value: V) => void): void {
    const known = this.map.get(key);
    if (known instanceof Set) known.forEach((v) => f(v)); else if (known !== undefined) f(known);
  }
}

const each = (users: object | Set<object>, f: (user: object) => void) => { if (users instanceof Set) users.forEach((u) => f(u)); else f(users); };

interface Memo {
  value: unknown;
  /** False for a memo restored from another process: its value is known only by its digest. */
  has: boolean;
  /** The value's digest, when worked out (see `digestOf`). */
  digest?: string | undefined;
  /** What its compute function looked up. */
  keys: readonly string[];
  compute?: () => unknown;
  /** Its value holds for this run (computed in it, or nothing it read changed). */
  settled: boolean;
  /** The run in which it was computed again to a value unlike the one before. */
  changedIn: number;
}

type Status = 'same' | 'changed' | 'unknown';

/** Dependencies as `Dependencies.save` writes them: plain data. */
export interface SavedDependencies {
  readonly keys: readonly string[];
  readonly reads: readonly (readonly number[])[];
  readonly memos: readonly (readonly [string, readonly number[], string | null])[];
}

/** A memo no rule result reads and at most this many memos read is taken as changed when computed again: they are computed again instead of comparing it. */
const FEW = 8;

/** The keys a resource's arrival or departure changes. */
export function keysOf(r: Resource): string[] {
  const keys = ['*', `k:${r.groupKind}`, `o:${objectKey(r.groupKind, r.namespace, r.name)}`];
  if (r.namespace !== undefined) keys.push(`n:${r.groupKind}\0${r.namespace}`);
  return keys;
}

/**
 * The lookups computations made, and the memos they share, kept between runs. From the keys
 * that changed it tells which computations must run again. A memo whose inputs changed is
 * computed again at once with the function that computed it (a memo's value depends only on
 * what it looks up: see `ResourceSet.memo`); when its new value equals the old one
 * (resources compared as objects) the old value is kept, and nothing that used it runs
 * again. A memo whose function failed is computed again when next asked for, and what used
 * it may have to run again: `unchanged` tells, once the run has settled it.
 */
export class Dependencies {
  private readonly interned = new Map<string, Reads>();
  private readonly byKey = new Multimap<string, Reads>();
  /** Each key string once: the same key is built anew by every lookup. */
  private readonly strings = new Map<string, string>();
  private readonly memos = new Map<string, Memo>();
  /** For each key, the memos that read it. */
  private readonly memoUsers = new Map<string, Set<string>>();
  private frames: Set<string>[] = [];
  private run = 0;

  /** Settles the memos the changed keys reach; returns the users that must run again, and those that may have to. */
  invalidate(changed: ReadonlySet<string>): { must: Set<object>; may: Set<object> } {
    this.run++;
    const pending = new Set<string>();
    const queue = [...changed];
    while (queue.length > 0) {
      for (const user of this.memoUsers.get(queue.pop()!) ?? []) if (!pending.has(user)) { pending.add(user); queue.push(`m:${user}`); }
    }
    const status = new Map<string, Status>();
    const keyStatus = (key: string): Status => (changed.has(key) ? 'changed' : key.startsWith('m:') && pending.has(key.slice(2)) ? settle(key.slice(2)) : 'same');
    const settle = (key: string): Status => {
      const known = status.get(key);
      if (known) return known;
      status.set(key, 'unknown');
      const memo = this.memos.get(key)!;
      let result: Status = 'same';
      if (memo.keys.map(keyStatus).some((s) => s !== 'same')) {
        memo.settled = false;
        result = this.again(key, memo);
      }
      status.set(key, result);
      return result;
    };
    const must = new Set<object>();
    const may = new Set<object>();
    const users = (key: string, into: Set<object>) => this.byKey.forEach(key, (reads) => each(reads.users, (user) => into.add(user)));
    for (const key of pending) {
      const s = settle(key);
      if (s !== 'same') users(`m:${key}`, s === 'changed' ? must : may);
    }
    for (const key of changed) users(key, must);
    for (const user of must) may.delete(user);
    return { must, may };
  }

  /** Whether every memo these reads used holds its old value in this run (so a result that read only them still stands). */
  unchanged(reads: Reads | undefined): boolean {
    for (const key of reads?.keys ?? []) {
      if (!key.startsWith('m:')) continue;
      const memo = this.memos.get(key.slice(2));
      if (!memo || !memo.settled || memo.changedIn === this.run) return false;
    }
    return true;
  }

  /** Runs `check` with a fresh frame of lookups, and returns the keys it read. */
  tracked(check: () => void): Set<string> {
    const frame = new Set<string>();
    this.frames.push(frame);
    try {
      check();
    } finally {
      this.frames.pop();
    }
    return frame;
  }

  /** Records what a result read, and returns it to keep with the result. */
  attach(user: object, frame: ReadonlySet<string>): Reads | undefined {
    return this.intern(user, frame);
  }

  /** Forgets what a result read (it is gone, or ran again). */
  detach(user: object, reads: Reads | undefined): void {
    if (!reads) return;
    if (reads.users instanceof Set) {
      reads.users.delete(user);
      if (reads.users.size > 1) return;
      if (reads.users.size === 1) { reads.users = reads.users.values().next().value!; return; }
    } else if (reads.users !== user) return;
    this.interned.delete(idOf(reads.keys));
    for (const key of reads.keys) {
      this.byKey.delete(key, reads);
      if (!this.byKey.has(key)) this.strings.delete(key);
    }
  }

  /**
   * What a later process needs to go on from here: every key read, the sets of keys results
   * read (by index into the keys), and each memo's keys and digest. `readsOf` then gives a
   * result's reads by index into those sets.
   */
  save(): { saved: SavedDependencies; readsOf: (reads: Reads | undefined) => number } {
    const keys: string[] = [];
    const keyIds = new Map<string, number>();
    const id = (key: string) => keyIds.get(key) ?? (keyIds.set(key, keys.length), keys.push(key), keys.length - 1);
    const reads: number[][] = [];
    const readIds = new Map<Reads, number>();
    for (const r of this.interned.values()) { readIds.set(r, reads.length); reads.push(r.keys.map(id)); }
    const memos: [string, number[], string | null][] = [];
    for (const [key, memo] of this.memos) {
      if (!memo.settled) continue;
      if (memo.has && memo.digest === undefined) memo.digest = digestOf(memo.value);
      // One without a digest is kept too: what used it must learn when its inputs change.
      memos.push([key, memo.keys.map(id), memo.digest ?? null]);
    }
    return { saved: { keys, reads, memos }, readsOf: (r) => (r ? readIds.get(r)! : -1) };
  }

  /** Takes over what `save` kept in another process; returns the sets of keys by index, for results to attach to. */
  restore(saved: SavedDependencies): (Reads | undefined)[] {
    const keys = saved.keys.map((key) => this.strings.get(key) ?? this.strings.set(key, key).get(key)!);
    const sets = saved.reads.map((ids) => {
      const list = ids.map((i) => keys[i]!);
      const reads: Reads = { keys: list, users: new Set() };
      this.interned.set(idOf(list), reads);
      for (const key of list) this.byKey.add(key, reads);
      return reads;
    });
    for (const [key, ids, digest] of saved.memos) {
      const list = ids.map((i) => keys[i]!);
      this.memos.set(key, { value: undefined, has: false, digest: digest ?? undefined, settled: true, changedIn: 0, keys: list });
      this.index(key, [], list);
    }
    return sets;
  }

  /** Adds a result restored from another process to the reads it had there. */
  adopt(user: object, reads: Reads): void {
    if (reads.users instanceof Set && reads.users.size === 0) reads.users = user;
    else if (reads.users instanceof Set) reads.users.add(user);
    else reads.users = new Set([reads.users, user]);
  }

  /** Drops the memos nothing asked for in this run: whatever used them ran again without them. */
  endRun(): void {
    for (const [key, memo] of this.memos) {
      if (memo.settled) continue;
      this.index(key, memo.keys, []);
      this.memos.delete(key);
    }
  }

  /** A view of `inner` that records every lookup in the running computation's frame, and serves memos. */
  view(inner: ResourceSet): ResourceSet {
    return {
      all: () => (this.note('*'), inner.all()),
      ofKind: (kind) => (this.note(`k:${kind}`), inner.ofKind(kind)),
      inNamespace: (kind, namespace) => (this.note(`n:${kind}\0${namespace}`), inner.inNamespace(kind, namespace)),
      get: (kind, namespace, name) => (this.note(`o:${objectKey(kind, namespace, name)}`), inner.get(kind, namespace, name)),
      definitions: (kind, namespace, name) => (this.note(`o:${objectKey(kind, namespace, name)}`), inner.definitions?.(kind, namespace, name) ?? []),
      memo: <T>(key: string, compute: () => T): T => {
        this.note(`m:${key}`);
        const memo = this.memos.get(key);
        return (memo?.settled && memo.has ? memo.value : this.compute(key, compute)) as T;
      },
    };
  }

  /** Computes a memo whose inputs changed again with its own function: whether its value changed. */
  private again(key: string, memo: Memo): Status {
    if (!memo.compute) return 'unknown';
    try {
      this.compute(key, memo.compute);
    } catch {
      return 'unknown';
    }
    return memo.changedIn === this.run ? 'changed' : 'same';
  }

  private compute(key: string, compute: () => unknown): unknown {
    const frame = new Set<string>();
    const saved = this.frames;
    this.frames = [frame];
    let value: unknown;
    try {
      value = compute();
    } finally {
      this.frames = saved;
    }
    const keys = [...frame];
    const memo = this.memos.get(key);
    if (!memo) {
      this.memos.set(key, { value, has: true, compute, settled: true, changedIn: 0, keys });
      this.index(key, [], keys);
      return value;
    }
    let digest: string | undefined;
    // Comparing costs as much as the value is large: a memo that only a few other memos use
    // (an index they narrow) is taken as changed, and those memos are compared instead.
    const compared = this.byKey.has(`m:${key}`) || (this.memoUsers.get(`m:${key}`)?.size ?? 0) > FEW;
    if (!memo.has && memo.settled) {
      // Restored from another process with its inputs unchanged: the same value, now known.
      digest = memo.digest;
    } else if (!memo.has) {
      // Restored, and its inputs changed: only the digests can be compared.
      digest = compared ? digestOf(value) : undefined;
      if (digest === undefined || digest !== memo.digest) memo.changedIn = this.run;
    } else if (compared && sameValue(memo.value, value)) {
      value = memo.value;
      digest = memo.digest;
    } else memo.changedIn = this.run;
    this.index(key, memo.keys, keys);
    Object.assign(memo, { value, has: true, digest, compute, settled: true, keys });
    return value;
  }

  /** Moves a memo in the index of what memos read from the keys it read to the keys it reads now. */
  private index(memo: string, before: readonly string[], after: readonly string[]): void {
    for (const key of before) {
      const set = this.memoUsers.get(key);
      set?.delete(memo);
      if (set?.size === 0) this.memoUsers.delete(key);
    }
    for (const key of after) {
      let set = this.memoUsers.get(key);
      if (!set) this.memoUsers.set(key, (set = new Set()));
      set.add(memo);
    }
  }

  private note(key: string): void {
    this.frames.at(-1)?.add(key);
  }

  private intern(user: object, frame: ReadonlySet<string>): Reads | undefined {
    if (frame.size === 0) return undefined;
    const keys = [...frame].sort().map((key) => this.strings.get(key) ?? this.strings.set(key, key).get(key)!);
    const id = idOf(keys);
    const reads = this.interned.get(id);
    if (reads) {
      if (reads.users instanceof Set) reads.users.add(user);
      else if (reads.users !== user) reads.users = new Set([reads.users, user]);
      return reads;
    }
    const made: Reads = { keys, users: user };
    this.interned.set(id, made);
    for (const key of keys) this.byKey.add(key, made);
    return made;
  }
}

const idOf = (keys: readonly string[]) => (keys.length === 1 ? keys[0]! : keys.join('\u0001'));
