import { resolve } from 'node:path';
import type { Config, Enabled } from '../config/load.js';
import type { ParsedFile } from '../input/parse.js';
import { ResourceIndex } from '../model/resource-index.js';
import { viewFor } from '../model/resource-set.js';
import { SEVERITY_RANK as RANK } from '../model/severity.js';
import { newVersion, versions } from '../model/digest.js';
import { sameValue } from '../model/same-value.js';
import type { FileRuleContext, FileReport, Finding, Report, Resource, ResourceSet, Rule, RuleMeta, Severity } from '../rule.js';
import { assemble, type Assembly, type Raw } from './assemble.js';
import { Dependencies, keysOf, type Reads, type SavedDependencies } from './dependencies.js';

/** What one rule reported on one resource, and what it looked up to decide. */
interface Entry {
  readonly rule: Rule;
  readonly resource: Resource;
  readonly raws: readonly Raw[];
  /** The rule's place in the list of rules called for the resource's kind. */
  readonly slot: number;
  readonly failures: number;
  reads: Reads | undefined;
  /** Replaced by a later run of the rule, or dropped with its resource. */
  dead?: boolean;
}

interface FileState {
  parsed: ParsedFile;
  /** Its resources as the rules see them: those equal to the previous parse's are the previous objects. */
  resources: readonly Resource[];
  /** What the file-level rules found in it. */
  fileFindings?: { finding: Finding; meta: RuleMeta }[];
  /** Other files its findings' related locations point into. */
  related: Set<string>;
}

type SavedEntry = [slot: number, rule: number, reads: number, raws: { severity: Severity; report: Omit<Report, 'related'> & { related?: { resource: [number, number]; at?: Report['at']; message?: string }[] } }[], failures: number];

/** A lint state as `LintState.save` writes it: plain data, for the cache. */
export interface SavedLint {
  readonly order: readonly string[];
  /** By file: its findings (for reported files), and the files its related locations point into. */
  readonly outputs: readonly (Finding[] | null)[];
  readonly related: readonly (readonly number[])[];
  /** By file, its resources' versions (see `versions`). */
  readonly versions: readonly (readonly string[])[];
  readonly rules: readonly string[];
  /** Rule results that reported or read something: the resource (file, place in it) and its results. */
  readonly checks: readonly [number, number, readonly SavedEntry[]][];
  readonly deps: SavedDependencies;
  readonly failures: number;
}

/** How a run is asked for: everything besides the files, constant while the state's `key` is. */
export interface StateOptions extends Omit<Assembly, 'directiveRules' | 'fileContext'> {
  readonly key: unknown;
  readonly reportOn?: ReadonlySet<string>;
  readonly enabledFor: (file: string) => Enabled;
}

/**
 * A lint kept between runs over mostly unchanged files. A file parsed again keeps, as the
 * same objects, the resources whose data did not change, so that they invalidate nothing;
 * after each change only the rule results whose lookups it reached run again (`Dependencies`),
 * and only the files whose findings changed, or whose text or related files' text changed,
 * have their findings assembled again. Results are those a fresh state gives.
 * Without `track`, nothing is recorded: one run, as the command line makes.
 */
export class LintState {
  private key: unknown = {};
  private reportOn: ReadonlySet<string> | undefined;
  private index = new ResourceIndex();
  private deps = new Dependencies();
  private files = new Map<string, FileState>();
  /** The findings of each reported file, as last assembled. */
  private outputs = new Map<string, Finding[]>();
  private relatedInto = new Map<string, Set<string>>();
  /** The checked resources, with their rules' results that found something or looked something up, by slot. */
  private checks = new Map<Resource, (Entry | undefined)[]>();
  private failures = 0;
  /** Rule checks run in this run. */
  private ran = 0;
  /** The files of the last run, in order. */
  private order: readonly string[] = [];
  private enabledFor!: (file: string) => Enabled;
  private settings!: Config['settings'];
  private rules!: { active: Rule[]; metas: readonly RuleMeta[]; byKind: Map<string, Rule[]>; views: Map<Rule, ResourceSet>; assembly: Assembly };

  constructor(private readonly track = true) {}

  /**
   * Lints the files (in input order), redoing what changed since the last run. Returns each
   * reported file's findings (a map the state keeps and changes in later runs), the files
   * whose findings changed in this run, the count of rule failures, and how many rule checks ran.
   */
  run(files: readonly ParsedFile[], config: Config, options: StateOptions): { byFile: ReadonlyMap<string, Finding[]>; changed: ReadonlySet<string>; ruleFailures: number; checks: number } {
    this.ran = 0;
    const order = files.map((f) => f.file);
    const sameOrder = order.length === this.order.length && order.every((file, i) => file === this.order[i]);
    if (options.key !== this.key || !sameSet(options.reportOn, this.reportOn) || (!sameOrder && !this.keptInOrder(order))) this.reset(config, options);
    const removed: Resource[] = [];
    const added: Resource[] = [];
    const dirty = new Set<string>();
    const moved = new Set<string>();
    if (!sameOrder) {
      const present = new Set(order);
      for (const file of [...this.files.keys()]) {
        if (present.has(file)) continue;
        removed.push(...this.files.get(file)!.resources);
        this.files.delete(file);
        this.outputs.delete(file);
        moved.add(file);
      }
    }
    for (const parsed of files) {
      const state = this.files.get(parsed.file);
      if (state?.parsed === parsed) continue;
      dirty.add(parsed.file);
      if (!state) {
        this.files.set(parsed.file, { parsed, resources: parsed.resources, related: new Set() });
        added.push(...parsed.resources);
        continue;
      }
      moved.add(parsed.file);
      const resources = kept(state.resources, parsed.resources);
      const now = new Set(resources);
      const before = new Set(state.resources);
      for (const r of state.resources) if (!now.has(r)) removed.push(r);
      for (const r of resources) if (!before.has(r)) added.push(r);
      Object.assign(state, { parsed, resources, fileFindings: undefined });
    }
    const changed = new Set<string>();
    if (this.track) {
      for (const r of [...removed, ...added]) for (const key of keysOf(r)) changed.add(key);
      for (const r of added) if (!versions.has(r)) versions.set(r, newVersion());
    }
    const { gone, came } = this.index.update(order, removed, added);
    this.order = order;
    const { must, may } = this.track ? this.deps.invalidate(changed) : { must: new Set<object>(), may: new Set<object>() };

    for (const r of gone) this.drop(r, dirty);
    for (const r of came) {
      if (this.reportOn && !this.reportOn.has(r.file)) continue;
      this.checks.set(r, []);
      dirty.add(r.file);
      this.rulesFor(r).forEach((rule, slot) => this.runCheck(rule, slot, r, dirty));
    }
    for (const entry of must) if (this.alive(entry as Entry)) this.runCheck((entry as Entry).rule, (entry as Entry).slot, (entry as Entry).resource, dirty);
    for (const entry of may) {
      const e = entry as Entry;
      if (this.alive(e) && !this.deps.unchanged(e.reads)) this.runCheck(e.rule, e.slot, e.resource, dirty);
    }
    this.deps.endRun();

    // Findings that point into a file whose text changed are located again.
    for (const file of moved) for (const other of this.relatedInto.get(file) ?? []) dirty.add(other);
    this.rules.assembly = { ...this.rules.assembly, locator: options.locator, ignore: options.ignore };
    const changedFiles = new Set<string>(moved);
    for (const file of dirty) if (this.assembleFile(file)) changedFiles.add(file);
    return { byFile: this.outputs, changed: changedFiles, ruleFailures: this.failures, checks: this.ran };
  }

  /**
   * What a later process needs to go on from this run, as plain data: the files in order,
   * each reported file's findings, what rule results reported and read, and the memos' digests.
   */
  save(): SavedLint {
    const ids = new Map<Resource, [number, number]>();
    this.order.forEach((file, f) => this.files.get(file)!.resources.forEach((r, i) => ids.set(r, [f, i])));
    const index = new Map(this.order.map((file, i) => [file, i]));
    const { saved: deps, readsOf } = this.deps.save();
    const rules = this.rules.active.map((r) => r.meta.id);
    const ruleIds = new Map(rules.map((id, i) => [id, i]));
    const checks: [number, number, SavedEntry[]][] = [];
    for (const [resource, entries] of this.checks) {
      const list: SavedEntry[] = [];
      for (const e of entries) {
        if (!e) continue;
        const raws = e.raws.map(({ report, severity }) => ({ severity, report: mapRelated(report, (r) => ids.get(r)!) as SavedEntry[3][number]['report'] }));
        list.push([e.slot, ruleIds.get(e.rule.meta.id)!, readsOf(e.reads), raws, e.failures]);
      }
      if (list.length > 0) checks.push([...ids.get(resource)!, list]);
    }
    return {
      order: [...this.order], rules, checks, deps, failures: this.failures,
      outputs: this.order.map((file) => this.outputs.get(file) ?? null),
      related: this.order.map((file) => [...this.files.get(file)!.related].map((f) => index.get(f)!)),
      versions: this.order.map((file) => this.files.get(file)!.resources.map((r) => versions.get(r) ?? '')),
    };
  }

  /**
   * The state `save` kept, over the files as that run parsed them (in its order); undefined
   * when it does not fit them or the rules (it is then linted afresh).
   */
  static restore(saved: SavedLint, files: readonly ParsedFile[], config: Config, options: StateOptions): LintState | undefined {
    if (files.length !== saved.order.length || files.some((f, i) => f.file !== saved.order[i])) return undefined;
    const state = new LintState(true);
    state.reset(config, options);
    const rules = saved.rules.map((id) => state.rules.active.find((r) => r.meta.id === id));
    if (rules.some((r) => !r)) return undefined;
    files.forEach((parsed, i) => {
      parsed.resources.forEach((r, j) => { const v = saved.versions[i]?.[j]; if (v) versions.set(r, v); });
      state.files.set(parsed.file, { parsed, resources: parsed.resources, related: new Set(saved.related[i]!.map((f) => saved.order[f]!)) });
      const output = saved.outputs[i];
      if (output) state.outputs.set(parsed.file, output);
      for (const other of saved.related[i]!) {
        const name = saved.order[other]!;
        let set = state.relatedInto.get(name);
        if (!set) state.relatedInto.set(name, (set = new Set()));
        set.add(parsed.file);
      }
    });
    const { came } = state.index.update(saved.order, [], files.flatMap((f) => f.resources));
    state.order = saved.order;
    for (const r of came) if (!state.reportOn || state.reportOn.has(r.file)) state.checks.set(r, []);
    const reads = state.deps.restore(saved.deps);
    const at = ([f, i]: readonly [number, number]) => files[f]?.resources[i];
    for (const [f, i, list] of saved.checks) {
      const resource = at([f, i]);
      const entries = resource && state.checks.get(resource);
      if (!entries) return undefined;
      const kinds = state.rulesFor(resource);
      for (const [slot, rule, read, raws, failures] of list) {
        if (kinds[slot] !== rules[rule]) return undefined;
        const restored = raws.map(({ severity, report }) => ({ severity, report: mapRelated(report, at) as unknown as Report }));
        if (restored.some((raw) => raw.report.related?.some((r) => !r.resource))) return undefined;
        const entry: Entry = { rule: rules[rule]!, slot, resource, raws: restored.length > 0 ? restored : NONE, failures, reads: read >= 0 ? reads[read] : undefined };
        if (entry.reads) state.deps.adopt(entry, entry.reads);
        entries[slot] = entry;
      }
    }
    state.failures = saved.failures;
    return state;
  }

  private reset(config: Config, options: StateOptions): void {
    this.key = options.key;
    this.reportOn = options.reportOn;
    this.index = new ResourceIndex();
    this.deps = new Dependencies();
    this.files = new Map();
    this.outputs = new Map();
    this.relatedInto = new Map();
    this.checks = new Map();
    this.failures = 0;
    this.order = [];
    const active = config.rules.filter((r) => config.enabled.has(r.meta.id));
    const memos = new Map<string, unknown>();
    const plain: ResourceSet = {
      all: () => this.index.all(), ofKind: (k) => this.index.ofKind(k), inNamespace: (k, ns) => this.index.inNamespace(k, ns),
      get: (k, ns, name) => this.index.get(k, ns, name), definitions: (k, ns, name) => this.index.definitions(k, ns, name),
      memo: <T>(key: string, compute: () => T): T => (memos.has(key) ? memos.get(key) : memos.set(key, compute()).get(key)) as T,
    };
    const checked = (rule: Rule) => viewFor(this.track ? this.deps.view(plain) : plain, rule.meta);
    const known = { ids: config.rules.map((r) => r.meta.id), complete: config.pluginsSkipped.length === 0 };
    const fileContext = (rule: Rule, file: string, into: { finding: Finding; meta: RuleMeta }[]): FileRuleContext | undefined => {
      const entry = options.enabledFor(file).get(rule.meta.id);
      if (!entry) return undefined;
      return {
        settings: config.settings, options: entry.options, rules: known,
        report: (p: FileReport) => into.push({
          meta: rule.meta,
          finding: {
            file, absolutePath: resolve(options.cwd, file), line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn,
            ruleId: rule.meta.id, severity: entry.severity, message: p.message, ...(p.hint ? { hint: p.hint } : {}), related: [],
            ...(p.fix && rule.meta.fixable ? { fix: { description: p.fix.description, doc: p.fix.doc, edits: p.fix.edits } } : {}),
          },
        }),
      };
    };
    this.rules = {
      active, metas: config.rules.map((r) => r.meta), byKind: new Map(), views: new Map(active.map((rule) => [rule, checked(rule)])),
      assembly: { cwd: options.cwd, locator: options.locator, ignore: options.ignore, ...(options.cluster !== undefined ? { cluster: options.cluster } : {}), directiveRules: active.filter((r) => r.checkDirectives), fileContext },
    };
    this.enabledFor = options.enabledFor;
    this.settings = config.settings;
  }

  /** The files kept from the last run must come in the same order: the index's order depends on it. */
  private keptInOrder(order: readonly string[]): boolean {
    let last = -1;
    const ranks = new Map(this.order.map((file, i) => [file, i]));
    for (const file of order) {
      const rank = ranks.get(file);
      if (rank === undefined) continue;
      if (rank < last) return false;
      last = rank;
    }
    return true;
  }

  private rulesFor(r: Resource): Rule[] {
    const { byKind, active } = this.rules;
    let list = byKind.get(r.groupKind);
    if (!list) byKind.set(r.groupKind, (list = active.filter((rule) => rule.check && (rule.meta.kinds.includes(r.groupKind) || rule.meta.kinds.includes('*')))));
    return list;
  }

  private alive(entry: Entry): boolean {
    return !entry.dead;
  }

  private drop(r: Resource, dirty: Set<string>): void {
    const entries = this.checks.get(r);
    if (!entries) return;
    for (const entry of entries) {
      if (!entry) continue;
      entry.dead = true;
      this.deps.detach(entry, entry.reads);
      this.failures -= entry.failures;
    }
    this.checks.delete(r);
    dirty.add(r.file);
  }

  /** Runs one rule on one resource, keeps what it reported and read, and marks its file when that changed. */
  private runCheck(rule: Rule, slot: number, resource: Resource, dirty: Set<string>): void {
    const entries = this.checks.get(resource)!;
    const previous = entries[slot];
    const enabled = this.enabledFor(resource.file).get(rule.meta.id);
    if (!enabled) return;
    this.ran++;
    const { severity, options } = enabled;
    const raws: Raw[] = [];
    let failures = 0;
    // A rule may lower a finding's severity (less certain evidence), never raise it above
    // what the configuration asks for.
    const report = (r: Report, forced?: Severity) => raws.push({ report: { ...r }, severity: forced ?? (r.severity && RANK[r.severity] < RANK[severity] ? r.severity : severity) });
    const check = () => {
      try {
        rule.check!(resource, { resources: this.rules.views.get(rule)!, settings: this.settings, options, rules: this.rules.metas, report });
      } catch (error) {
        failures++;
        report({ message: `rule "${rule.meta.id}" failed on ${resource.ref}: ${String((error as Error)?.message ?? error).split('\n')[0]}; this is a bug in the rule` }, 'error');
      }
    };
    const frame = this.track ? this.deps.tracked(check) : (check(), undefined);
    if (previous) { previous.dead = true; this.deps.detach(previous, previous.reads); }
    this.failures += failures - (previous?.failures ?? 0);
    if (raws.length > 0 || failures > 0 || (frame && frame.size > 0)) {
      const entry: Entry = { rule, slot, resource, raws: raws.length > 0 ? raws : NONE, failures, reads: undefined };
      if (frame) entry.reads = this.deps.attach(entry, frame);
      entries[slot] = entry;
    } else if (previous) entries[slot] = undefined;
    if (!sameValue(previous?.raws ?? NONE, raws)) dirty.add(resource.file);
  }

  /** Assembles a file's findings again; whether it had any to assemble. */
  private assembleFile(file: string): boolean {
    const state = this.files.get(file);
    if (!state) return false;
    for (const other of state.related) this.relatedInto.get(other)?.delete(file);
    state.related = new Set();
    if (this.reportOn && !this.reportOn.has(file)) return false;
    state.fileFindings ??= this.fileFindings(state.parsed);
    const reports: { resource: Resource; meta: RuleMeta; raw: Raw }[] = [];
    for (const resource of state.resources) {
      const entries = this.checks.get(resource);
      for (const entry of entries ?? NONE_ENTRIES) for (const raw of entry?.raws ?? NONE) reports.push({ resource, meta: entry!.rule.meta, raw });
    }
    const { findings, related } = assemble(file, state.parsed.directives, state.fileFindings, reports, this.rules.assembly);
    this.outputs.set(file, findings);
    state.related = related;
    for (const other of related) {
      let set = this.relatedInto.get(other);
      if (!set) this.relatedInto.set(other, (set = new Set()));
      set.add(file);
    }
    return true;
  }

  /** File-level rules see the loader's problems their metadata claims, and report them. */
  private fileFindings(parsed: ParsedFile): { finding: Finding; meta: RuleMeta }[] {
    const out: { finding: Finding; meta: RuleMeta }[] = [];
    for (const rule of this.rules.active) {
      if (!rule.checkFile) continue;
      const codes = new Set(rule.meta.problems ?? []);
      const context = this.rules.assembly.fileContext(rule, parsed.file, out);
      if (context) rule.checkFile({ file: parsed.file, problems: parsed.problems.filter((p) => codes.has(p.code)) }, context);
    }
    return out;
  }
}

/** A report with its related resources mapped (to ids, and back), its keys in their order: kept reports compare equal to new ones. */
function mapRelated<A, B>(report: { readonly related?: readonly { readonly resource: A }[] }, f: (resource: A) => B): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(report)) out[key] = key === 'related' ? (value as { resource: A }[]).map((r) => ({ ...r, resource: f(r.resource) })) : value;
  return out;
}

const NONE: readonly Raw[] = Object.freeze([]);
const NONE_ENTRIES: readonly (Entry | undefined)[] = Object.freeze([]);

function sameSet(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * The resources of a file parsed again, with each one equal to the resource in the same
 * place of the previous parse replaced by that previous object: the same object means
 * nothing it holds changed, for the index as for every rule result that read it.
 */
function kept(previous: readonly Resource[], parsed: readonly Resource[]): Resource[] {
  const at = new Map(previous.map((r) => [`${r.doc}\0${r.base.join('\0')}`, r]));
  return parsed.map((r) => {
    const old = at.get(`${r.doc}\0${r.base.join('\0')}`);
    return old && sameResource(old, r) ? old : r;
  });
}

function sameResource(a: Resource, b: Resource): boolean {
  return a.kind === b.kind && a.apiVersion === b.apiVersion && a.group === b.group && a.version === b.version && a.name === b.name
    && a.namespace === b.namespace && a.file === b.file && a.doc === b.doc && a.ref === b.ref && a.groupKind === b.groupKind
    && a.base.length === b.base.length && a.base.every((x, i) => x === b.base[i]) && sameValue(a.body, b.body);
}
