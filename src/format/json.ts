import { active, type Formatter } from './formatter.js';
import { jsonText } from './json-text.js';

/** An array of findings, for scripts: each with its hint and its resource's identity. */
export const json: Formatter = (findings) =>
  jsonText(active(findings).map((f) => ({
    ruleId: f.ruleId, severity: f.severity, message: f.message, hint: f.hint ?? null,
    ...(f.code ? { code: f.code } : {}),
    file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    resource: f.resource ?? null,
    ...(f.cluster ? { cluster: f.cluster } : {}),
    related: f.related.map((r) => ({
      file: r.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn,
      message: r.message, resource: r.resource ?? null,
    })),
  })));
