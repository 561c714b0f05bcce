import { active, type Formatter } from './formatter.js';
import { matcherPath } from './matcher-path.js';
import { visible } from './terminal-text.js';
import { inert } from './workflow-commands.js';

/** One finding a line, `path:line:col: severity message [rule-id]` (GNU style, for editors and problem-matcher.json). */
export const textLine = (f: { file: string; line: number; column: number; severity: string; message: string; ruleId: string; cluster?: string }) =>
  `${matcherPath(f.file)}:${f.line}:${f.column}: ${f.severity} ${inert(visible(f.message))}${f.cluster ? ` (cluster ${inert(visible(f.cluster))})` : ''} [${inert(visible(f.ruleId))}]\n`;

export const text: Formatter = (findings) => active(findings).map(textLine).join('');
