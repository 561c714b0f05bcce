import type { Finding, Resource, ResourceSet } from '../rule.js';

/** What one rule reported on one resource, and the kinds it looked up to decide. */
interface Entry {
  /** Findings before suppression (copied on reuse: suppression is set on each run's copy). */
  readonly findings: readonly Finding[];
  readonly failures: number;
  /** `group/Kind`s the rule looked up, directly or through a memo; `*` for every resource. */
  readonly lookups: ReadonlySet<string>;
}

/**
 * Keeps each rule's results per resource between runs over mostly unchanged files, so that
 * after an edit only the rules whose inputs changed run again: a result is reused when its
 * resource is the same object as before (its file was not parsed again) and no resource of
 * a kind the rule looked up was added, removed or parsed again. Lookups are recorded as the
 * rule makes them, through the view it is given, including those made inside a memo that
 * another rule computed first.
 */
export class LintMemo {
  private entries = new WeakMap<Resource, Map<string, Entry>>();
  private previous = new Set<Resource>();
  private changed = new Set<string>();
  private key: unknown;
  /** The kinds each memo of the current run looked up while it was computed. */
  private memoLookups = new Map<string, Set<string>>();
  /** The lookup sets being recorded: the running rule's, and those of memos being computed. */
  private recording: Set<string>[] = [];

  /** Starts a run over these resources; `key` changes (e.g. a new configuration) drop everything kept. */
  begin(resources: readonly Resource[], key: unknown): void {
    if (key !== this.key) {
      this.entries = new WeakMap();
      this.key = key;
    }
    const current = new Set(resources);
    this.changed = new Set();
    for (const r of current) if (!this.previous.has(r)) this.changed.add(r.groupKind);
    for (const r of this.previous) if (!current.has(r)) this.changed.add(r.groupKind);
    this.previous = current;
    this.memoLookups = new Map();
  }

  /** The kept result of a rule on a resource, when nothing it read has changed. */
  reuse(ruleId: string, resource: Resource): { findings: Finding[]; failures: number } | undefined {
    const entry = this.entries.get(resource)?.get(ruleId);
    if (!entry) return undefined;
    for (const kind of entry.lookups) {
      if (kind === '*' ? this.changed.size > 0 : this.changed.has(kind)) return undefined;
    }
    return { findings: entry.findings.map((f) => ({ ...f })), failures: entry.failures };
  }

  /** Runs one check with a view that records its lookups, and keeps what it reported. */
  record(ruleId: string, resource: Resource, view: ResourceSet, check: (view: ResourceSet) => { findings: readonly Finding[]; failures: number }): void {
    const lookups = new Set<string>();
    this.recording = [lookups];
    let result: { findings: readonly Finding[]; failures: number };
    try {
      result = check(this.tracking(view));
    } finally {
      this.recording = [];
    }
    let byRule = this.entries.get(resource);
    if (!byRule) this.entries.set(resource, (byRule = new Map()));
    byRule.set(ruleId, { findings: result.findings.map((f) => ({ ...f })), failures: result.failures, lookups });
  }

  private note(kind: string): void {
    for (const set of this.recording) set.add(kind);
  }

  private tracking(view: ResourceSet): ResourceSet {
    return {
      all: () => (this.note('*'), view.all()),
      ofKind: (kind) => (this.note(kind), view.ofKind(kind)),
      inNamespace: (kind, namespace) => (this.note(kind), view.inNamespace(kind, namespace)),
      get: (kind, namespace, name) => (this.note(kind), view.get(kind, namespace, name)),
      memo: <T>(key: string, compute: () => T): T => {
        const known = this.memoLookups.get(key);
        if (known) {
          for (const kind of known) this.note(kind);
          return view.memo(key, compute);
        }
        const own = new Set<string>();
        this.recording.push(own);
        try {
          return view.memo(key, compute);
        } finally {
          this.recording.pop();
          this.memoLookups.set(key, own);
        }
      },
    };
  }
}
