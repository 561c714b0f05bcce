import { defaultsOf, type Config, type Enabled } from '../config/load.js';
import type { Locator } from '../position/locator.js';
import type { ParsedFile } from '../input/parse.js';
import { resolve } from 'node:path';
import { identityOf } from '../model/reference.js';
import { createResourceSet, viewFor } from '../model/resource-set.js';
import { SEVERITY_RANK as RANK } from '../model/severity.js';
import type { Directive } from './directives.js';
import type { LintMemo } from './incremental.js';
import { suppressionFor, type CompiledIgnore } from './suppression.js';
import type { FileReport, FileRuleContext, Finding, Fix, Path, Related, Resource, ResourceSet, Rule, RuleMeta, Severity } from '../rule.js';

export interface LintOptions {
  readonly cwd: string;
  /** Turns the paths rules report into positions. */
  readonly locator: Locator;
  /** `.lintrc` `ignore` entries, compiled with `compileIgnore`. */
  readonly ignore?: readonly CompiledIgnore[];
  /**
   * Files to report on; the other files are read-only context (rules see their resources,
   * related locations may point into them, but their own findings are dropped).
   */
  readonly reportOn?: ReadonlySet<string>;
  /**
   * Results of earlier runs to reuse where nothing a rule read has changed (see LintMemo);
   * resource-level results only, and the same findings as a run without it.
   */
  readonly memo?: LintMemo;
  /** What the memo's results depend on besides the files (default: `config`); kept results are dropped when it changes. */
  readonly memoKey?: unknown;
  /**
   * The rules enabled for a file, where `overrides` blocks change them; `config.enabled` must
   * then hold every rule enabled for any file.
   */
  readonly enabledFor?: (file: string) => Enabled;
}

export interface LintResult {
  /** Every finding, suppressed ones included (they carry `suppression`), sorted. */
  readonly findings: Finding[];
  /** Rules that threw: their findings are in the list, and the run must exit 2. */
  readonly ruleFailures: number;
}

/** Runs every enabled rule over the parsed files, then applies suppressions and sorts. */
export function lint(files: readonly ParsedFile[], config: Config, options: LintOptions): LintResult {
  const resources = files.flatMap((f) => f.resources);
  const set = createResourceSet(resources);
  const findings: { finding: Finding; resource?: Resource; meta: RuleMeta }[] = [];
  let ruleFailures = 0;
  const enabledIn = options.enabledFor ?? (() => config.enabled);

  // Each file's absolute path, resolved once: formats and baselines read it from the finding.
  const absolute = new Map<string, string>();
  const absolutePath = (file: string) => absolute.get(file) ?? absolute.set(file, resolve(options.cwd, file)).get(file)!;
  const located = (resource: Resource, at: Path | undefined, focus?: 'key' | 'value') => {
    const path = at && at.length > 0 ? at : ['metadata', 'name'];
    return { ...options.locator.locate(resource.file, resource.doc, [...resource.base, ...path], focus), absolutePath: absolutePath(resource.file) };
  };
  const relatedOf = (related: readonly Related[] = []) =>
    related.map((r) => ({ ...located(r.resource, r.at), message: r.message ?? r.resource.ref, resource: identityOf(r.resource) }));

  const active = config.rules.filter((r) => config.enabled.has(r.meta.id));
  // The resource rules called for each kind, worked out once per kind.
  const byKind = new Map<string, Rule[]>();
  const rulesFor = (groupKind: string) => {
    let list = byKind.get(groupKind);
    if (!list) byKind.set(groupKind, (list = active.filter((r) => r.check && (r.meta.kinds.includes(groupKind) || r.meta.kinds.includes('*')))));
    return list;
  };

  // File-level rules see the loader's problems their metadata claims, and report them.
  const known = { ids: config.rules.map((r) => r.meta.id), complete: config.pluginsSkipped.length === 0 };
  const metas = config.rules.map((r) => r.meta);
  const fileContext = (rule: Rule, file: string, into: { finding: Finding; meta: RuleMeta }[]): FileRuleContext | undefined => {
    const entry = enabledIn(file).get(rule.meta.id);
    if (!entry) return undefined;
    const { severity, options: ruleOptions } = entry;
    return {
      settings: config.settings, options: ruleOptions, rules: known,
      report: (p: FileReport) => into.push({
        meta: rule.meta,
        finding: {
          file, absolutePath: absolutePath(file), line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, ruleId: rule.meta.id, severity,
          message: p.message, ...(p.hint ? { hint: p.hint } : {}), related: [],
          ...(p.fix && rule.meta.fixable ? { fix: { description: p.fix.description, doc: p.fix.doc, edits: p.fix.edits } } : {}),
        },
      }),
    };
  };
  for (const rule of active.filter((r) => r.checkFile)) {
    const codes = new Set(rule.meta.problems ?? []);
    for (const file of files) {
      if (options.reportOn && !options.reportOn.has(file.file)) continue;
      const context = fileContext(rule, file.file, findings);
      if (context) rule.checkFile!({ file: file.file, problems: file.problems.filter((p) => codes.has(p.code)) }, context);
    }
  }

  const { memo } = options;
  memo?.begin(set, resources, options.memoKey ?? config);
  const views = new Map(active.map((rule) => [rule, memo ? memo.view(viewFor(set, rule.meta)) : viewFor(set, rule.meta)]));
  // Rules that read nothing that changed keep their results, and run on new resources only.
  const unaffected = new Set(memo ? active.filter((rule) => rule.check && memo.unaffected(rule.meta.id)) : []);
  const affected = new Map<string, Rule[]>();
  const affectedFor = (groupKind: string) => {
    let list = affected.get(groupKind);
    if (!list) affected.set(groupKind, (list = rulesFor(groupKind).filter((r) => !unaffected.has(r))));
    return list;
  };
  for (const rule of unaffected) {
    for (const kept of memo!.kept(rule.meta.id)) {
      for (const finding of kept.findings) findings.push({ resource: kept.resource, meta: rule.meta, finding });
      ruleFailures += kept.failures;
    }
  }
  // An object defined more than once is checked once, as the definition applied last.
  for (const resource of set.all()) {
    // Rules report only on the resource they are called for: context files need no calls.
    if (options.reportOn && !options.reportOn.has(resource.file)) continue;
    const fresh = memo?.isNew(resource);
    const enabled = enabledIn(resource.file);
    for (const rule of fresh || !memo ? rulesFor(resource.groupKind) : affectedFor(resource.groupKind)) {
      const entry = enabled.get(rule.meta.id);
      if (!entry) continue;
      const kept = memo && !fresh ? memo.reuse(rule.meta.id, resource) : undefined;
      if (kept) {
        for (const finding of kept.findings) findings.push({ resource, meta: rule.meta, finding });
        ruleFailures += kept.failures;
        continue;
      }
      const { severity, options: ruleOptions } = entry;
      // A rule may lower a finding's severity (less certain evidence), never raise it above
      // what the configuration asks for.
      const report = (r: { message: string; hint?: string; at?: Path; focus?: 'key' | 'value'; related?: readonly Related[]; severity?: Severity; fix?: Fix; code?: string }, forced?: Severity) => {
        findings.push({
          resource, meta: rule.meta,
          finding: {
            ...located(resource, r.at, r.focus), ruleId: rule.meta.id,
            severity: forced ?? (r.severity && RANK[r.severity] < RANK[severity] ? r.severity : severity),
            message: r.message, ...(r.hint ? { hint: r.hint } : {}), ...(r.code ? { code: r.code } : {}), resource: identityOf(resource), at: r.at ?? [], related: relatedOf(r.related),
            // Edits are made from the document's root, where a List item's body is not.
            ...(r.fix && rule.meta.fixable ? { fix: { description: r.fix.description, doc: resource.doc, edits: r.fix.edits.map((e) => ({ ...e, at: [...resource.base, ...e.at] })) } } : {}),
          },
        });
      };
      const check = (view: ResourceSet) => {
        const start = findings.length;
        const failuresBefore = ruleFailures;
        try {
          rule.check!(resource, { resources: view, settings: config.settings, options: ruleOptions, rules: metas, report });
        } catch (error) {
          ruleFailures++;
          report({ message: `rule "${rule.meta.id}" failed on ${resource.ref}: ${String((error as Error)?.message ?? error).split('\n')[0]}; this is a bug in the rule` }, 'error');
        }
        return { findings: findings.slice(start).map((f) => f.finding), failures: ruleFailures - failuresBefore };
      };
      if (memo) memo.record(rule.meta.id, resource, () => check(views.get(rule)!));
      else check(views.get(rule)!);
    }
  }

  // Copies: directives may come from the cache, and are marked as used here.
  const directives: Directive[] = files.flatMap((f) => f.directives.map((d) => ({ ...d, used: false })));
  const ignore = options.ignore ?? [];
  for (const { finding, resource, meta } of findings) {
    finding.suppression = suppressionFor(finding, resource, meta, directives, ignore);
  }
  const all = findings.map((f) => f.finding);
  // Rules that check the directives themselves run once suppression has marked the used ones.
  const directiveRules = active.filter((r) => r.checkDirectives);
  if (directiveRules.length > 0) {
    const byFile = new Map<string, Directive[]>();
    for (const d of directives) {
      if (options.reportOn && !options.reportOn.has(d.file)) continue;
      const list = byFile.get(d.file);
      if (list) list.push(d); else byFile.set(d.file, [d]);
    }
    const late: { finding: Finding; meta: RuleMeta }[] = [];
    for (const rule of directiveRules) {
      for (const [file, list] of byFile) {
        const seen = list.map(({ line, column, endColumn, rules, reason, used }) => ({ line, column, endColumn, rules, reason, used: Boolean(used) }));
        const context = fileContext(rule, file, late);
        if (context) rule.checkDirectives!({ file, directives: seen }, context);
      }
    }
    all.push(...late.map((f) => f.finding));
  }
  const reported = options.reportOn ? all.filter((f) => options.reportOn!.has(f.file)) : all;
  return { findings: reported.sort(compareFindings), ruleFailures };
}

/**
 * The configuration with every rule that checks disable directives turned on, at the
 * severity `.lintrc` gives it or its default: what `--report-unused-disable-directives` asks.
 */
export function withDirectiveRules(config: Config): Config {
  const enabled = new Map(config.enabled);
  for (const rule of config.rules) {
    if (rule.checkDirectives && !enabled.has(rule.meta.id)) enabled.set(rule.meta.id, { severity: rule.meta.severity, options: defaultsOf(rule.meta.options) });
  }
  return { ...config, enabled };
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId)
    || cmp(a.message, b.message) || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
