import path from 'node:path';
import { ruleDocsUrl } from '../package-info.js';
import type { Finding } from '../rule.js';
import { active, type Formatter } from './formatter.js';
import { visible } from './terminal-text.js';
import { inert } from './workflow-commands.js';

/** Text from the input, for a terminal line that may also land in a GitHub Actions log. */
const shown = (text: string) => inert(visible(text));

/**
 * The path eslint-formatter-pretty is given. It prints `path.relative('.', filePath)`
 * unescaped, and links the absolute path: a file name that needs escaping is given as the
 * escaped form of that relative path instead, so the header shows it escaped.
 */
function filePathFor(absolute: string): string {
  const relative = path.relative('.', absolute);
  return shown(relative) === relative ? absolute : path.resolve(shown(relative));
}

/** For people at a terminal: eslint-formatter-pretty, with a docs link for every rule. */
export const pretty: Formatter = async (findings, context) => {
  const { default: format } = await import('eslint-formatter-pretty');
  const byFile = new Map<string, Finding[]>();
  for (const f of active(findings)) byFile.set(f.absolutePath, [...(byFile.get(f.absolutePath) ?? []), f]);
  const results = [...byFile].map(([absolute, list]) => ({
    filePath: filePathFor(absolute),
    messages: list.map((f) => ({
      ruleId: shown(f.ruleId), severity: f.severity === 'error' ? 2 : 1, message: shown(f.cluster ? `${f.message} (cluster ${f.cluster})` : f.message),
      line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    })),
    errorCount: list.filter((f) => f.severity === 'error').length,
    warningCount: list.filter((f) => f.severity !== 'error').length,
  }));
  const rulesMeta = Object.fromEntries(context.rules.map((m) => [shown(m.id), { docs: { url: ruleDocsUrl(m.id) } }]));
  // The package's types describe ESLint's own objects; ours carry the fields it reads.
  const output = (format as unknown as (r: unknown, c: unknown) => string)(results, { cwd: context.cwd, rulesMeta });
  return output ? `${output}\n` : '';
};
