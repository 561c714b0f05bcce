import type { Config } from '../config/load.js';
import type { Locator } from '../position/locator.js';
import type { ParsedFile } from '../input/parse.js';
import { resolve } from 'node:path';
import { identityOf } from '../model/reference.js';
import { createResourceSet, viewFor } from '../model/resource-set.js';
import { SEVERITY_RANK as RANK } from '../model/severity.js';
import type { Directive } from './directives.js';
import { suppressionFor, type CompiledIgnore } from './suppression.js';
import type { Finding, Path, Related, Resource, Rule, RuleMeta, Severity } from '../rule.js';

export const UNUSED_DIRECTIVE: RuleMeta = {
  id: 'unused-disable-directive',
  description: 'Report disable directives that suppress nothing',
  rationale: 'A directive left behind after a fix hides the next real finding on that line or document.',
  remediation: 'Delete the directive, or correct the rule ids it names.',
  severity: 'error',
  kinds: [],
};

export interface LintOptions {
  readonly cwd: string;
  /** Turns the paths rules report into positions. */
  readonly locator: Locator;
  /** `.lintrc` `ignore` entries, compiled with `compileIgnore`. */
  readonly ignore?: readonly CompiledIgnore[];
  /** Report `# meshlint-disable…` comments that suppressed nothing. */
  readonly reportUnusedDirectives?: boolean;
  /**
   * Files to report on; the other files are read-only context (rules see their resources,
   * related locations may point into them, but their own findings are dropped).
   */
  readonly reportOn?: ReadonlySet<string>;
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

  for (const rule of active.filter((r) => r.checkFile)) {
    const { severity, options: ruleOptions } = config.enabled.get(rule.meta.id)!;
    for (const file of files) {
      if (options.reportOn && !options.reportOn.has(file.file)) continue;
      rule.checkFile!(file, {
        settings: config.settings, options: ruleOptions,
        report: (p) => findings.push({
          meta: rule.meta,
          finding: { file: file.file, absolutePath: absolutePath(file.file), line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, ruleId: rule.meta.id, severity, message: p.message, related: [] },
        }),
      });
    }
  }

  const views = new Map(active.map((rule) => [rule, viewFor(set, rule.meta)]));
  for (const resource of resources) {
    // Rules report only on the resource they are called for: context files need no calls.
    if (options.reportOn && !options.reportOn.has(resource.file)) continue;
    for (const rule of rulesFor(resource.groupKind)) {
      const { severity, options: ruleOptions } = config.enabled.get(rule.meta.id)!;
      // A rule may lower a finding's severity (less certain evidence), never raise it above
      // what the configuration asks for.
      const report = (r: { message: string; hint?: string; at?: Path; focus?: 'key' | 'value'; related?: readonly Related[]; severity?: Severity }, forced?: Severity) => {
        findings.push({
          resource, meta: rule.meta,
          finding: {
            ...located(resource, r.at, r.focus), ruleId: rule.meta.id,
            severity: forced ?? (r.severity && RANK[r.severity] < RANK[severity] ? r.severity : severity),
            message: r.message, ...(r.hint ? { hint: r.hint } : {}), resource: identityOf(resource), related: relatedOf(r.related),
          },
        });
      };
      try {
        rule.check!(resource, { resources: views.get(rule)!, settings: config.settings, options: ruleOptions, report });
      } catch (error) {
        ruleFailures++;
        report({ message: `rule "${rule.meta.id}" failed on ${resource.ref}: ${String((error as Error)?.message ?? error).split('\n')[0]}; this is a bug in the rule` }, 'error');
      }
    }
  }

  // Copies: directives may come from the cache, and are marked as used here.
  const directives: Directive[] = files.flatMap((f) => f.directives.map((d) => ({ ...d, used: false })));
  const ignore = options.ignore ?? [];
  for (const { finding, resource, meta } of findings) {
    finding.suppression = suppressionFor(finding, resource, meta, directives, ignore);
  }
  const all = findings.map((f) => f.finding);
  if (options.reportUnusedDirectives) {
    for (const d of directives.filter((d) => !d.used)) {
      const named = d.rules.length ? `"${d.rules.join('", "')}"` : 'any rule';
      all.push({
        file: d.file, absolutePath: absolutePath(d.file), line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn,
        ruleId: UNUSED_DIRECTIVE.id, severity: UNUSED_DIRECTIVE.severity, related: [],
        message: `this disable directive suppresses nothing: no finding of ${named} where it applies`,
      });
    }
  }
  const reported = options.reportOn ? all.filter((f) => options.reportOn!.has(f.file)) : all;
  return { findings: reported.sort(compareFindings), ruleFailures };
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId)
    || cmp(a.message, b.message) || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
