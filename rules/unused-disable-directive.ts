import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'unused-disable-directive',
    description: 'Report disable directives that suppress nothing',
    rationale: 'A directive left behind after a fix hides the next real finding on that line or document.',
    remediation: 'Delete the directive, or correct the rule ids it names.',
    severity: 'error',
    optIn: true,
    kinds: [],
  },
  checkDirectives(source, ctx) {
    for (const directive of source.directives) {
      if (directive.used) continue;
      const { rules } = directive;
      const named = rules.length === 0 ? 'every rule' : `"${rules.slice(0, 3).join('", "')}"${rules.length > 3 ? ` and ${rules.length - 3} more` : ''}`;
      ctx.report({
        line: directive.line, column: directive.column, endLine: directive.line, endColumn: directive.endColumn,
        message: `disable directive for ${named} suppresses nothing`,
        hint: `No finding${rules.length ? ' of the rules it names' : ''} starts on the lines it covers (the next line, or the rest of its document), so it would only hide a future one.`,
      });
    }
  },
});
