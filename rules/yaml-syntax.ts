import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'yaml-syntax',
    description: 'Report files and documents that cannot be parsed',
    rationale: 'kubectl and Argo CD reject the whole file, and no other rule can check a document it cannot read.',
    remediation: 'Fix the syntax at the reported position; the other documents of the file are still checked. A file shows its first 10 syntax errors, then how many more it has.',
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
          default: true,
          description: 'Check the syntax of every document, whatever its kind; false checks only documents of kinds that an enabled rule reads (faster, and misses broken Services, ConfigMaps and CRDs)',
        },
      },
    },
  },
  checkFile(source, ctx) {
    for (const problem of source.problems) ctx.report(problem);
  },
});
