import { ruleDocsUrl } from '../package-info.js';
import type { Finding, Severity } from '../rule.js';
import { active, type Formatter } from './formatter.js';
import { visible } from './terminal-text.js';
import { inert } from './workflow-commands.js';

/** Text from the input, for a terminal line that may also land in a GitHub Actions log. */
const shown = (text: string) => inert(visible(text));

const SGR = { red: '31', yellow: '33', blue: '34', dim: '2', bold: '1', underline: '4' } as const;
const COLOUR: Record<Severity, keyof typeof SGR> = { error: 'red', warning: 'yellow', info: 'blue' };

/**
 * Words of `text` in lines of at most `width` columns (`first` for the first line); a word
 * longer than that keeps a line of its own.
 */
export function wrap(text: string, width: number, first = width): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const room = lines.length === 0 ? first : width;
    if (line && line.length + 1 + word.length > room) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;

/**
 * For people at a terminal: files in path order, each finding as its position, severity,
 * message and rule id, wrapped to the terminal's width (at most three rows at 80 columns),
 * with its hint below when asked; then a count of each severity and where each rule's page
 * is. Colour and OSC 8 links only when asked.
 */
export const pretty: Formatter = (findings, context) => {
  const list = active(findings);
  if (list.length === 0) return '';
  const width = Math.max(40, context.columns ?? 80);
  const paint = (style: keyof typeof SGR, text: string) => (context.color ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
  const link = (url: string, text: string) => (context.hyperlinks ? `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007` : text);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of list) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const files = [...byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const indent = '    ';
  for (const file of files) {
    const own = byFile.get(file)!.slice().sort((a, b) => a.line - b.line || a.column - b.column);
    out.push(paint('underline', shown(file)));
    const pos = Math.max(...own.map((f) => `${f.line}:${f.column}`.length));
    for (const f of own) {
      const head = `  ${f.line}:${f.column}`.padEnd(pos + 2) + `  ${f.severity.padEnd(7)}  `;
      // The rule id ends the text as its last word, two spaces after the message.
      const id = shown(f.ruleId);
      const rows = wrap(`${shown(f.cluster ? `${f.message} (cluster ${f.cluster})` : f.message)} \u0000${id}`, width - indent.length, width - head.length);
      const styled = rows.map((row) => row.replace(/ ?\u0000(\S+)$/, (_, rule: string) => `${row.length > rule.length + 1 ? '  ' : ''}${link(ruleDocsUrl(f.ruleId), paint('dim', rule))}`));
      out.push(`  ${paint('dim', `${f.line}:${f.column}`.padEnd(pos))}  ${paint(COLOUR[f.severity], f.severity.padEnd(7))}  ${styled[0]}`);
      for (const row of styled.slice(1)) out.push(`${indent}${row}`);
      if (context.hints && f.hint) for (const line of wrap(shown(f.hint), width - indent.length)) out.push(`${indent}${paint('dim', line)}`);
    }
    out.push('');
  }
  const count = (s: Severity) => list.filter((f) => f.severity === s).length;
  const totals = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), plural(count('info'), 'info')];
  out.push(paint('bold', `${totals.join(', ')} in ${plural(files.length, 'file')}`));
  const fixable = list.filter((f) => f.fix?.replacements).length;
  if (fixable > 0) out.push(`${fixable === 1 ? '1 of them' : `${fixable} of them`} can be fixed with --fix (--fix-dry-run shows how)`);
  if (!context.hints && list.some((f) => f.hint)) out.push('Run with --verbose to see how to fix each one.');
  if (!context.hyperlinks) {
    // Plain text, so that every terminal shows it: a URL stays whole on its own line.
    const ids = [...new Set(list.map((f) => f.ruleId))].sort();
    out.push('', 'Rule documentation:');
    for (const id of ids) out.push(`  ${shown(id)}`, `    ${shown(ruleDocsUrl(id))}`);
  }
  return `${out.join('\n')}\n`;
};
