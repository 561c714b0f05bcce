import { objectKey } from '../model/resource-index.js';
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
  /** The computations that read exactly these keys: rule results, and memos by their key. */
  readonly users: Set<object | string>;
}

interface Memo {
  value: unknown;
  reads: Reads | undefined;
  /** Its value holds for this run (computed in it, or nothing it read changed). */
  settled: boolean;
  /** Computed again in this run, to a value unlike the one before. */
  changed: boolean;
}

/** The keys a resource's arrival or departure changes. */
export function keysOf(r: Resource): string[] {
  const keys = ['*', `k:${r.groupKind}`, `o:${objectKey(r.groupKind, r.namespace, r.name)}`];
  if (r.namespace !== undefined) keys.push(`n:${r.groupKind}\0${r.namespace}`);
  return keys;
}

/**
 * The lookups computations made, and the memos they share, kept between runs: from the keys
 * that changed it tells which computations must run again, and which may have to, because
 * a memo they used may have changed. A memo whose inputs changed is computed again when
 * first asked for; when its new value equals the old one (resources compared as objects),
 * the old value is kept and nothing that used it runs again.
 */
export class Dependencies {
  private readonly interned = new Map<string, Reads>();
  private readonly byKey = new Map<string, Set<Reads>>();
  private readonly memos = new Map<string, Memo>();
  private frames: Set<string>[] = [];

  /** Marks what the changed keys reach: returns the users that must run again, and those that may have to. */
  invalidate(changed: ReadonlySet<string>): { must: Set<object>; may: Set<object> } {
    const must = new Set<object>();
    const may = new Set<object>();
    const dirty: string[] = [];
    const reach = (key: string, into: Set<object>) => {
      for (const reads of this.byKey.get(key) ?? []) {
        for (const user of reads.users) {
          if (typeof user !== 'string') into.add(user);
          else if (this.dirty(user)) dirty.push(user);
        }
      }
    };
    for (const key of changed) reach(key, must);
    while (dirty.length > 0) reach(`m:${dirty.pop()!}`, may);
    for (const user of must) may.delete(user);
    return { must, may };
  }

  /** Whether every memo these reads used holds its old value in this run (so a result that read only them still stands). */
  unchanged(reads: Reads | undefined): boolean {
    for (const key of reads?.keys ?? []) {
      if (!key.startsWith('m:')) continue;
      const memo = this.memos.get(key.slice(2));
      if (!memo || !memo.settled || memo.changed) return false;
    }
    return true;
  }

  /** Records what a result read; `user` is the result (an object), replacing what it read before. */
  attach(user: object | string, frame: ReadonlySet<string>, previous: Reads | undefined): Reads | undefined {
    this.detach(user, previous);
    return this.intern(user, frame);
  }

  /** Forgets what a result read (it is gone). */
  detach(user: object | string, reads: Reads | undefined): void {
    if (!reads) return;
    reads.users.delete(user);
    if (reads.users.size > 0) return;
    const id = reads.keys.join('\u0001');
    this.interned.delete(id);
    for (const key of reads.keys) {
      const set = this.byKey.get(key);
      set?.delete(reads);
      if (set?.size === 0) this.byKey.delete(key);
    }
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

  /** Drops the memos nothing asked for in this run: whatever used them ran again without them. */
  endRun(): void {
    for (const [key, memo] of this.memos) {
      if (memo.settled) continue;
      this.detach(key, memo.reads);
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
      memo: <T>(key: string, compute: () => T): T => this.memo(key, compute),
    };
  }

  private memo<T>(key: string, compute: () => T): T {
    this.note(`m:${key}`);
    const memo = this.memos.get(key);
    if (memo?.settled) return memo.value as T;
    // Its inputs include what the asking computation had looked up before asking: a compute
    // function may close over values it found (an index, say).
    const frame = new Set<string>(this.frames.at(-1));
    this.frames.push(frame);
    let value: T;
    try {
      value = compute();
    } finally {
      this.frames.pop();
    }
    if (memo) {
      const same = sameValue(memo.value, value);
      if (same) value = memo.value as T;
      memo.changed = !same;
      memo.value = value;
      memo.settled = true;
      memo.reads = this.attach(key, frame, memo.reads);
    } else {
      this.memos.set(key, { value, settled: true, changed: false, reads: this.intern(key, frame) });
    }
    return value;
  }

  private dirty(key: string): boolean {
    const memo = this.memos.get(key);
    if (!memo || !memo.settled) return false;
    memo.settled = false;
    memo.changed = false;
    return true;
  }

  private note(key: string): void {
    this.frames.at(-1)?.add(key);
  }

  private intern(user: object | string, frame: ReadonlySet<string>): Reads | undefined {
    if (frame.size === 0) return undefined;
    const keys = [...frame].sort();
    const id = keys.join('\u0001');
    let reads = this.interned.get(id);
    if (!reads) {
      reads = { keys, users: new Set() };
      this.interned.set(id, reads);
      for (const key of keys) {
        let set = this.byKey.get(key);
        if (!set) this.byKey.set(key, (set = new Set()));
        set.add(reads);
      }
    }
    reads.users.add(user);
    return reads;
  }
}
