import path from 'node:path';
import type { IgnoreEntry } from '../config/load.js';
import { parseRuleList, type Directive } from './directives.js';
import { isObject } from '../model/resource.js';
import type { Finding, Resource, RuleMeta, Suppression } from '../rule.js';

const annotationsOf = (resource: Resource): Record<string, unknown> => {
  const metadata = resource.body.metadata;
  return isObject(metadata) && isObject(metadata.annotations) ? metadata.annotations : {};
};

/**
 * Decides whether a finding is suppressed, in this order: a comment directive, the
 * object's `meshlint.io/ignore` annotation, Istio's `galley.istio.io/analyze-suppress`
 * (for rules that carry an Istio code), then `.lintrc` `ignore`.
 */
export function suppressionFor(
  finding: Finding, resource: Resource | undefined, meta: RuleMeta | undefined,
  directives: readonly Directive[], ignore: readonly CompiledIgnore[],
): Suppression | undefined {
  for (const d of directives) {
    if (d.file !== finding.file || finding.line <= d.line || finding.line > d.until) continue;
    if (d.rules.length > 0 && !d.rules.includes(finding.ruleId)) continue;
    d.used = true;
    return { kind: 'comment', justification: d.reason };
  }
  if (resource) {
    const annotations = annotationsOf(resource);
    const own = annotations['meshlint.io/ignore'];
    if (typeof own === 'string') {
      const { rules, reason } = parseRuleList(own);
      if (rules.includes(finding.ruleId) || rules.includes('*')) return { kind: 'annotation', justification: reason };
    }
    const istio = annotations['galley.istio.io/analyze-suppress'];
    if (typeof istio === 'string' && meta?.istio) {
      const codes = istio.split(',').map((c) => c.trim());
      if (codes.includes('*') || codes.includes(meta.istio)) {
        return { kind: 'istio', justification: `galley.istio.io/analyze-suppress: ${istio}` };
      }
    }
  }
  for (const entry of ignore) {
    if (entry.matches(finding, resource)) return { kind: 'config', justification: entry.reason };
  }
  return undefined;
}

export interface CompiledIgnore {
  readonly reason: string;
  matches(finding: Finding, resource: Resource | undefined): boolean;
}

export async function compileIgnore(entries: readonly IgnoreEntry[], base: string): Promise<CompiledIgnore[]> {
  if (entries.length === 0) return [];
  const { Minimatch } = await import('minimatch');
  return entries.map((entry) => {
    const resourceGlob = entry.resource ? new Minimatch(entry.resource, { nocomment: true, dot: true }) : undefined;
    const fileGlob = entry.file ? new Minimatch(entry.file, { dot: true }) : undefined;
    return {
      reason: entry.reason,
      matches(finding, resource) {
        if (entry.rule !== '*' && entry.rule !== finding.ruleId) return false;
        if (resourceGlob && !(resource && resourceGlob.match(resource.ref))) return false;
        if (fileGlob && !fileGlob.match(path.relative(base, finding.absolutePath).split(path.sep).join('/'))) return false;
        return true;
      },
    };
  });
}
