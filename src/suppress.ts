import { Minimatch } from 'minimatch';
import path from 'node:path';
import type { IgnoreEntry } from './config.js';
import { isObject } from './resource.js';
import type { Finding, Resource, RuleMeta, Suppression } from './types.js';

/** A `# meshlint-disable…` comment. `rules` empty means every rule. */
export interface Directive {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  /** Last line it covers: the next line, or the end of its document. */
  readonly until: number;
  readonly rules: readonly string[];
  readonly reason: string;
  used: boolean;
}

const DIRECTIVE = /(?:^|\s)#\s*meshlint-disable(-next-line)?(?=\s|$)(.*)$/;
const DOCUMENT_MARKER = /^---(\s|$)/;

/** Splits `rule-a, rule-b -- reason`. */
export function parseRuleList(text: string): { rules: string[]; reason: string } {
  const [list = '', ...reason] = text.split(/\s--\s|\s--$|^--\s/);
  return { rules: list.split(/[\s,]+/).filter(Boolean), reason: reason.join(' -- ').trim() };
}

/** Finds the disable directives of a file, and how far each reaches. */
export function findDirectives(file: string, text: string): Directive[] {
  if (!text.includes('meshlint-disable')) return [];
  const lines = text.split(/\r?\n/);
  const directives: Directive[] = [];
  lines.forEach((content, i) => {
    const match = DIRECTIVE.exec(content);
    if (!match) return;
    let until = i + 2;
    if (!match[1]) {
      until = lines.length;
      for (let j = i + 1; j < lines.length; j++) if (DOCUMENT_MARKER.test(lines[j]!)) { until = j; break; }
    }
    const column = content.indexOf('#', match.index) + 1;
    directives.push({ file, line: i + 1, column, endColumn: content.length + 1, until, ...parseRuleList(match[2]!), used: false });
  });
  return directives;
}

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

export function compileIgnore(entries: readonly IgnoreEntry[], base: string, cwd: string): CompiledIgnore[] {
  return entries.map((entry) => {
    const resourceGlob = entry.resource ? new Minimatch(entry.resource, { nocomment: true, dot: true }) : undefined;
    const fileGlob = entry.file ? new Minimatch(entry.file, { dot: true }) : undefined;
    return {
      reason: entry.reason,
      matches(finding, resource) {
        if (entry.rule !== '*' && entry.rule !== finding.ruleId) return false;
        if (resourceGlob && !(resource && resourceGlob.match(resource.ref))) return false;
        if (fileGlob && !fileGlob.match(path.relative(base, path.resolve(cwd, finding.file)).split(path.sep).join('/'))) return false;
        return true;
      },
    };
  });
}
