import { active, type Formatter } from './formatter.js';
import { text } from './text.js';
import { commandData, commandProperty } from './workflow-commands.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * Workflow-command annotations, then the text lines: GitHub shows at most 10 error and
 * 10 warning annotations a step, so the full list must be in the log too. Values are
 * escaped as the runner expects, other control characters made visible as in the text format.
 */
export const github: Formatter = (findings, context) => {
  const annotations = active(findings).map((f) => {
    const props = [
      `file=${commandProperty(f.file)}`, `line=${f.line}`, `endLine=${f.endLine}`,
      ...(f.line === f.endLine ? [`col=${f.column}`, `endColumn=${f.endColumn}`] : []),
      `title=${commandProperty(`meshlint ${f.ruleId}${f.cluster ? ` (cluster ${f.cluster})` : ''}`)}`,
    ];
    return `::${LEVEL[f.severity]} ${props.join(',')}::${commandData(f.message)}\n`;
  });
  return annotations.join('') + text(findings, context);
};
