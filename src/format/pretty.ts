import path from 'node:path';
import { ruleDocsUrl } from '../package-info.js';
import type { Finding } from '../rule.js';
import { active, oneLine, type Formatter } from './types.js';

/** For people at a terminal: eslint-formatter-pretty, with a docs link for every rule. */
export const pretty: Formatter = async (findings, context) => {
  const { default: format } = await import('eslint-formatter-pretty');
  const byFile = new Map<string, Finding[]>();
  for (const f of active(findings)) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const results = [...byFile].map(([file, list]) => ({
    filePath: path.resolve(context.cwd, file),
    messages: list.map((f) => ({
      ruleId: f.ruleId, severity: f.severity === 'error' ? 2 : 1, message: oneLine(f.message),
      line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    })),
    errorCount: list.filter((f) => f.severity === 'error').length,
    warningCount: list.filter((f) => f.severity !== 'error').length,
  }));
  const rulesMeta = Object.fromEntries(context.rules.map((m) => [m.id, { docs: { url: ruleDocsUrl(m.id) } }]));
  // The package's types describe ESLint's own objects; ours carry the fields it reads.
  const output = (format as unknown as (r: unknown, c: unknown) => string)(results, { cwd: context.cwd, rulesMeta });
  return output ? `${output}\n` : '';
};
