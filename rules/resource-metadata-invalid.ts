import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'resource-metadata-invalid',
    description: 'Report objects whose apiVersion, kind or metadata the API server rejects',
    rationale: 'kubectl refuses an object whose kind is not a string, whose metadata is not a mapping, that has no name, or whose labels and annotations are not strings (an unquoted `version: 1.10` is the number 1.1). No other rule checks such an object.',
    remediation: 'Quote numbers and booleans used as names, labels and annotations, write "" for an empty value, and give every object a metadata.name.',
    severity: 'error',
    kinds: [],
    problems: ['shape'],
    tags: ['metadata'],
    // A number or boolean where a string belongs is quoted as written; nothing else is guessed.
    fixable: true,
  },
  checkFile(source, ctx) {
    for (const problem of source.problems) ctx.report(problem);
  },
});
