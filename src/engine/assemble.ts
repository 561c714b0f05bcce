import { resolve } from 'node:path';
import { identityOf } from '../model/reference.js';
import type { Locator } from '../position/locator.js';
import type { FileRuleContext, Finding, Path, Related, Report, Resource, Rule, RuleMeta, Severity } from '../rule.js';
import type { Directive } from './directives.js';
import { suppressionFor, type CompiledIgnore } from './suppression.js';

/** What a rule reported on a resource, before positions and suppression: kept between runs. */
export interface Raw {
  readonly report: Report;
  readonly severity: Severity;
}

/** What turning raw reports into a file's findings needs. */
export interface Assembly {
  readonly cwd: string;
  readonly locator: Locator;
  readonly ignore: readonly CompiledIgnore[];
  /** The cluster the findings were found in, when the configuration declares clusters. */
  readonly cluster?: string;
  /** Rules that check the directives, once suppression has marked the used ones. */
  readonly directiveRules: readonly Rule[];
  readonly fileContext: (rule: Rule, file: string, into: { finding: Finding; meta: RuleMeta }[]) => FileRuleContext | undefined;
}

/**
 * One file's findings: what the file-level rules found, and what rules reported on its
 * resources, located in the file's current text, with suppression decided and the
 * directive rules run; sorted. Also says which other files its related locations point
 * into, whose edits move them.
 */
export function assemble(
  file: string, directiveList: readonly Directive[], fileFindings: readonly { finding: Finding; meta: RuleMeta }[],
  reports: readonly { resource: Resource; meta: RuleMeta; raw: Raw }[], a: Assembly,
): { findings: Finding[]; related: Set<string> } {
  const related = new Set<string>();
  const absolute = new Map<string, string>();
  const absolutePath = (f: string) => absolute.get(f) ?? absolute.set(f, resolve(a.cwd, f)).get(f)!;
  const located = (resource: Resource, at: Path | undefined, focus?: 'key' | 'value') => {
    const path = at && at.length > 0 ? at : ['metadata', 'name'];
    return { ...a.locator.locate(resource.file, resource.doc, [...resource.base, ...path], focus), absolutePath: absolutePath(resource.file) };
  };
  const relatedOf = (list: readonly Related[] = []) => list.map((r) => {
    if (r.resource.file !== file) related.add(r.resource.file);
    return { ...located(r.resource, r.at), message: r.message ?? r.resource.ref, resource: identityOf(r.resource) };
  });
  const all: { finding: Finding; resource?: Resource; meta: RuleMeta }[] = fileFindings.map((f) => ({ finding: { ...f.finding }, meta: f.meta }));
  for (const { resource, meta, raw: { report: r, severity } } of reports) {
    all.push({
      resource, meta,
      finding: {
        ...located(resource, r.at, r.focus), ruleId: meta.id, severity,
        message: r.message, ...(r.hint ? { hint: r.hint } : {}), ...(r.code ? { code: r.code } : {}), resource: identityOf(resource), at: r.at ?? [], related: relatedOf(r.related),
        // Edits are made from the document's root, where a List item's body is not.
        ...(r.fix && meta.fixable ? { fix: { description: r.fix.description, doc: resource.doc, edits: r.fix.edits.map((e) => ({ ...e, at: [...resource.base, ...e.at] })) } } : {}),
      },
    });
  }
  // Copies: directives may come from the cache, and are marked as used here.
  const directives = directiveList.map((d) => ({ ...d, used: false }));
  for (const { finding, resource, meta } of all) {
    // Set only when suppressed: findings kept as JSON (the cache) compare equal to fresh ones.
    const suppression = suppressionFor(finding, resource, meta, directives, a.ignore);
    if (suppression) finding.suppression = suppression;
  }
  const findings = all.map((f) => f.finding);
  if (directives.length > 0) {
    const late: { finding: Finding; meta: RuleMeta }[] = [];
    for (const rule of a.directiveRules) {
      const seen = directives.map(({ line, column, endColumn, rules, reason, used }) => ({ line, column, endColumn, rules, reason, used: Boolean(used) }));
      const context = a.fileContext(rule, file, late);
      if (context) rule.checkDirectives!({ file, directives: seen }, context);
    }
    findings.push(...late.map((f) => f.finding));
  }
  findings.sort(compareFindings);
  return { findings: a.cluster === undefined ? findings : findings.map((f) => ({ ...f, cluster: a.cluster })), related };
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId)
    || cmp(a.message, b.message) || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
