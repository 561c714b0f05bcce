import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'yaml-syntax',
    description: 'Report files and documents that cannot be parsed',
    rationale: 'kubectl and Argo CD reject the whole file, and no other rule can check a document it cannot read.',
    remediation: 'Fix the syntax at the reported position; the other documents of the file are still checked.',
    severity: 'error',
    kinds: [],
    problems: ['syntax'],
    allDocumentsOption: 'allDocuments',
    tags: ['yaml'],
    options: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allDocuments: {
          type: 'boolean',
          default: false,
          description: 'Also parse documents of kinds that no enabled rule reads, to report their syntax errors (slower on large repositories)',
        },
      },
    },
  },
  checkFile(source, ctx) {
    for (const problem of source.problems) ctx.report(problem);
  },
});
