import type { Finding, Severity } from '../rule.js';
import { active } from './formatter.js';
import { codeSpan, markdownText, urlPath } from './markdown.js';
import { repositorySegments } from './repository-path.js';

const MAX_ROWS = 1000;

export interface SummaryContext {
  /** The repository root, which the workflow's commit holds the files under. */
  readonly root: string;
  /** `https://github.com/owner/repo/blob/sha/` when the workflow's commit is known: rows link to the lines. */
  readonly blob?: string;
}

const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;

/**
 * A Markdown report of every active finding for $GITHUB_STEP_SUMMARY (annotations stop at
 * 10 errors and 10 warnings a step). Every value from the input is escaped for Markdown.
 */
export function summary(findings: readonly Finding[], context: SummaryContext): string {
  const shown = active(findings);
  const suppressed = findings.length - shown.length;
  const n = (severity: Severity) => shown.filter((f) => f.severity === severity).length;
  const lines = ['## meshlint', ''];
  lines.push(shown.length === 0
    ? 'No findings.'
    : `**${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'info')}** in ${plural(new Set(shown.map((f) => f.absolutePath)).size, 'file')}.`);
  if (suppressed) lines.push('', `${plural(suppressed, 'suppressed finding')} not shown.`);
  if (shown.length) {
    lines.push('', '| severity | location | rule | message |', '|---|---|---|---|');
    for (const f of shown.slice(0, MAX_ROWS)) {
      lines.push(`| ${f.severity} | ${location(f, context)} | ${codeSpan(f.ruleId)} | ${markdownText(f.cluster ? `${f.message} (cluster ${f.cluster})` : f.message)} |`);
    }
    if (shown.length > MAX_ROWS) lines.push('', `… and ${shown.length - MAX_ROWS} more; the SARIF log has them all.`);
  }
  return `${lines.join('\n')}\n`;
}

/** `path:line`, repository-relative and linked to the line when the file is in the repository. */
function location(f: Finding, context: SummaryContext): string {
  const segments = repositorySegments(f.absolutePath, context.root);
  if (!segments) return markdownText(`${f.file}:${f.line}`);
  const text = markdownText(`${segments.join('/')}:${f.line}`);
  return context.blob ? `[${text}](${context.blob}${urlPath(segments)}#L${f.line})` : text;
}

/** The summary that says the run failed, for a step that exits 2 before it has findings. */
export function failureSummary(reason: string): string {
  return `## meshlint\n\nmeshlint could not run: ${markdownText(reason)}\n`;
}
