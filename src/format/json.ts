import { active, type Formatter } from './types.js';

/** An array of findings, for scripts. */
export const json: Formatter = (findings) =>
  `${JSON.stringify(active(findings).map((f) => ({
    ruleId: f.ruleId, severity: f.severity, message: f.message,
    file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    resource: f.resource ?? null,
    related: f.related,
  })), null, 2)}\n`;
