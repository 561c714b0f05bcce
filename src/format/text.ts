import { active, oneLine, type Formatter } from './types.js';

/** `path:line:col: severity message [rule-id]`, one finding a line (GNU style, for editors). */
export const text: Formatter = (findings) =>
  active(findings)
    .map((f) => `${oneLine(f.file)}:${f.line}:${f.column}: ${f.severity} ${oneLine(f.message)} [${f.ruleId}]\n`)
    .join('');
