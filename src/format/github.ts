import { text } from './text.js';
import { active, oneLine, type Formatter } from './types.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

// Escaping as GitHub's runner expects (actions/toolkit command.ts); other control characters
// and bidirectional marks from the input are written escaped, as in the text format.
const data = (s: string) => oneLine(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * Workflow-command annotations, then the text lines: GitHub shows at most 10 error and
 * 10 warning annotations a step, so the full list must be in the log too.
 */
export const github: Formatter = (findings, context) => {
  const annotations = active(findings).map((f) => {
    const props = [
      `file=${property(f.file)}`, `line=${f.line}`, `endLine=${f.endLine}`,
      ...(f.line === f.endLine ? [`col=${f.column}`, `endColumn=${f.endColumn}`] : []),
      `title=${property(`meshlint ${f.ruleId}`)}`,
    ];
    return `::${LEVEL[f.severity]} ${props.join(',')}::${data(f.message)}\n`;
  });
  return annotations.join('') + text(findings, context);
};
