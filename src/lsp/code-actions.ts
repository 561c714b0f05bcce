import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { ParsedFile } from '../input/parse.js';
import { Lines } from '../position/spans.js';
import type { DiagnosticData } from './diagnostics.js';

/** Written where the reason goes, for the user to replace. */
export const REASON_PLACEHOLDER = 'reason';

/** The fix a rule offers with a diagnostic (what `--fix` would write), as a preferred quick fix. */
export function fixActions(uri: string, diagnostic: Diagnostic): CodeAction[] {
  const fix = (diagnostic.data as DiagnosticData | undefined)?.fix;
  if (!fix) return [];
  const title = fix.description.charAt(0).toUpperCase() + fix.description.slice(1);
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: [...fix.edits] } } }];
}

/**
 * The quick fixes of one diagnostic: a disable comment for its line, or for its whole
 * document, each with a reason placeholder (an unexplained suppression is a smell).
 */
export function disableActions(uri: string, diagnostic: Diagnostic, text: string, parsed: ParsedFile | undefined): CodeAction[] {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data?.ruleId) return [];
  const lines = text.split('\n');
  const line = diagnostic.range.start.line;
  const indent = /^[ \t]*/.exec(lines[line] ?? '')![0];
  const eol = (lines[line] ?? '').endsWith('\r') ? '\r\n' : '\n';
  const insert = (at: number, comment: string, title: string): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: `${comment}${eol}` }] } },
  });
  const actions = [insert(line, `${indent}# meshlint-disable-next-line ${data.ruleId} -- ${REASON_PLACEHOLDER}`, `Disable ${data.ruleId} for this line`)];
  const start = documentStart(text, parsed, line);
  if (start !== undefined) actions.push(insert(start, `# meshlint-disable ${data.ruleId} -- ${REASON_PLACEHOLDER}`, `Disable ${data.ruleId} for this document`));
  return actions;
}

/** The 0-based line where a comment covering the whole document around `line` goes: its first line, after a `---`. */
function documentStart(text: string, parsed: ParsedFile | undefined, line: number): number | undefined {
  if (!parsed?.chunks || parsed.chunks.length === 0) return undefined;
  const positions = new Lines(text);
  let first: number | undefined;
  for (const chunk of parsed.chunks) {
    const from = positions.position(chunk.start).line - 1;
    if (from > line) break;
    first = from;
  }
  if (first === undefined) return undefined;
  const lines = text.split('\n');
  return /^---(\s|$)/.test(lines[first] ?? '') ? first + 1 : first;
}
