import type { Finding, Resource, ResourceSet } from '../rule.js';

/** What one rule reported on one resource, and what it looked up to decide. */
interface Entry {
  /** Findings before suppression (copied on reuse: suppression is set on each run's copy). */
  readonly findings: readonly Finding[];
  readonly failures: number;
  /** `group/Kind`s the rule looked up, `*` for every resource, `memo:<key>` for a memo it used. */
  readonly lookups: ReadonlySet<string>;
}

/** A fact shared through `ResourceSet.memo`, and what it read. */
interface Memo {
  readonly value: unknown;
  readonly lookups: ReadonlySet<string>;
}

type Result = { findings: readonly Finding[]; failures: number };

/**
 * Keeps each rule's results per resource between runs over mostly unchanged files, so that
 * after an edit only the rules whose inputs changed run again. A result is reused when its
 * resource is the same object as before (its file was not parsed again) and nothing it
 * looked up changed: no resource of a kind it looked up was added, removed or parsed again,
 * and no memo it used had such inputs. Lookups are recorded as the rule makes them, through
 * the view it is given, including those made inside a memo that another rule computed first.
 */
export class LintMemo {
  private entries = new WeakMap<Resource, Map<string, Entry>>();
  /** Per rule: everything it looked up on any resource, and its results that found something. */
  private rules = new Map<string, { lookups: Set<string>; reported: Map<Resource, Entry> }>();
  /** Memos in the order they were completed, so that one a later memo used comes first. */
  private memos = new Map<string, Memo>();
  /** Memos that have their value in the current run's set. */
  private settled = new Set<string>();
  /** Every definition of the last run, and the ones it checked (the last of each object's definitions). */
  private previous = new Set<Resource>();
  private checked = new Set<Resource>();
  private current = new Set<Resource>();
  private fresh = new Set<Resource>();
  private changed = new Set<string>();
  private key: unknown;
  /** The lookup sets being recorded: the running rule's, and those of memos being computed. */
  private recording: Set<string>[] = [];

  /**
   * Starts a run over `definitions` (every resource read, duplicates included) and the set
   * made of them. A new `key` (e.g.
   * another configuration) drops everything kept.
   */
  begin(set: ResourceSet, definitions: readonly Resource[], key: unknown): void {
    if (key !== this.key) {
      this.entries = new WeakMap();
      this.rules = new Map();
      this.memos = new Map();
      this.key = key;
    }
    const before = this.previous;
    const now = new Set(definitions);
    this.changed = new Set();
    for (const r of now) if (!before.has(r)) this.changed.add(r.groupKind);
    for (const r of before) if (!now.has(r)) this.changed.add(r.groupKind);
    this.previous = now;
    // The resources rules are called for; one not checked last time (new, or a definition that
    // now wins over a removed one) has no kept results.
    this.current = new Set(set.all());
    this.fresh = new Set();
    for (const r of this.current) if (!this.checked.has(r)) this.fresh.add(r);
    this.checked = this.current;

    // A memo whose inputs changed is computed again when a rule asks for it, and every result
    // that used it runs again. Its inputs include what the rule that asked for it had looked up
    // before asking: a compute function may close over values the rule found (an index, say).
    const kept = this.memos;
    this.memos = new Map();
    this.settled = new Set();
    for (const [key, memo] of kept) {
      if (this.touches(memo.lookups)) { this.changed.add(`memo:${key}`); continue; }
      set.memo(key, () => memo.value);
      this.memos.set(key, memo);
      this.settled.add(key);
    }
  }

  /** The view a rule is given in this run: its checked view, recording what the rule looks up. */
  view(inner: ResourceSet): ResourceSet {
    return this.tracking(inner);
  }

  /** Whether a resource is new in this run (its file was parsed again, or is new). */
  isNew(resource: Resource): boolean {
    return this.fresh.has(resource);
  }

  /**
   * Whether nothing the rule looked up on any resource has changed: then its kept results
   * stand for every resource but the new ones, and it runs on those alone.
   */
  unaffected(ruleId: string): boolean {
    const rule = this.rules.get(ruleId);
    return rule !== undefined && !this.touches(rule.lookups);
  }

  /** The kept findings of an unaffected rule, on the resources that are still there. */
  kept(ruleId: string): { resource: Resource; findings: Finding[]; failures: number }[] {
    const out: { resource: Resource; findings: Finding[]; failures: number }[] = [];
    const reported = this.rules.get(ruleId)?.reported;
    if (!reported) return out;
    for (const [resource, entry] of reported) {
      if (!this.current.has(resource)) { reported.delete(resource); continue; }
      out.push({ resource, findings: entry.findings.map((f) => ({ ...f })), failures: entry.failures });
    }
    return out;
  }

  /** The kept result of a rule on a resource, when nothing it read has changed. */
  reuse(ruleId: string, resource: Resource): { findings: Finding[]; failures: number } | undefined {
    const entry = this.entries.get(resource)?.get(ruleId);
    if (!entry || this.touches(entry.lookups)) return undefined;
    return { findings: entry.findings.map((f) => ({ ...f })), failures: entry.failures };
  }

  /** Runs one check (through the rule's `view`), recording its lookups, and keeps what it reported. */
  record(ruleId: string, resource: Resource, check: () => Result): void {
    const lookups = new Set<string>();
    this.recording = [lookups];
    let result: Result;
    try {
      result = check();
    } finally {
      this.recording = [];
    }
    const entry = { findings: result.findings.map((f) => ({ ...f })), failures: result.failures, lookups };
    let byRule = this.entries.get(resource);
    if (!byRule) this.entries.set(resource, (byRule = new Map()));
    byRule.set(ruleId, entry);
    let rule = this.rules.get(ruleId);
    if (!rule) this.rules.set(ruleId, (rule = { lookups: new Set(), reported: new Map() }));
    for (const kind of lookups) rule.lookups.add(kind);
    if (entry.findings.length > 0 || entry.failures > 0) rule.reported.set(resource, entry);
    else rule.reported.delete(resource);
  }

  private touches(lookups: ReadonlySet<string>): boolean {
    for (const kind of lookups) if (kind === '*' ? this.changed.size > 0 : this.changed.has(kind)) return true;
    return false;
  }

  private note(kind: string): void {
    for (const set of this.recording) set.add(kind);
  }

  private tracking(inner: ResourceSet): ResourceSet {
    return {
      all: () => (this.note('*'), inner.all()),
      ofKind: (kind) => (this.note(kind), inner.ofKind(kind)),
      inNamespace: (kind, namespace) => (this.note(kind), inner.inNamespace(kind, namespace)),
      get: (kind, namespace, name) => (this.note(kind), inner.get(kind, namespace, name)),
      definitions: (kind, namespace, name) => (this.note(kind), inner.definitions?.(kind, namespace, name) ?? []),
      memo: <T>(key: string, compute: () => T): T => {
        this.note(`memo:${key}`);
        if (this.settled.has(key)) return inner.memo(key, compute);
        const lookups = new Set<string>(this.recording.at(-1));
        this.recording.push(lookups);
        try {
          const value = inner.memo(key, compute);
          this.memos.set(key, { value, lookups });
          this.settled.add(key);
          return value;
        } finally {
          this.recording.pop();
        }
      },
    };
  }
}
