import { defineRule } from '../src/rule.js';
import { closest } from '../src/model/suggest.js';

export default defineRule({
  meta: {
    id: 'disable-directive-rule-unknown',
    description: 'Report disable directives that name a rule meshlint does not know',
    rationale: 'A misspelled rule id in a disable comment suppresses nothing, so the finding it was meant to hide is still reported, or, worse, the comment is taken for a working exception while the real rule goes on reporting elsewhere.',
    remediation: 'Correct the rule id (meshlint --list-rules lists them), or delete it from the directive.',
    severity: 'warning',
    kinds: [],
  },
  checkDirectives(source, ctx) {
    const known = ctx.rules;
    // Without the ids of plugins that were not loaded, an unknown id may be one of theirs.
    if (!known || !known.complete) return;
    const ids = new Set(known.ids);
    for (const directive of source.directives) {
      for (const id of directive.rules.filter((r) => !ids.has(r))) {
        const near = closest(id, known.ids);
        ctx.report({
          line: directive.line, column: directive.column, endLine: directive.line, endColumn: directive.endColumn,
          message: `disable directive names the unknown rule "${id}"${near ? ` (did you mean "${near}"?)` : ''}`,
          hint: near ? `No rule is called "${id}": write "${near}".` : `No rule is called "${id}": meshlint --list-rules lists the rule ids.`,
        });
      }
    }
  },
});
