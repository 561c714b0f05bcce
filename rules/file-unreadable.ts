import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'file-unreadable',
    description: 'Report input files that cannot be read as text',
    rationale: 'A file meshlint cannot read is a file no rule has checked: unreadable, over the size limit, binary, or not UTF-8, it would otherwise pass in silence.',
    remediation: 'Fix the file\'s permissions or link, save it as UTF-8, raise "maxFileSize" in .lintrc for a large bundle, or leave the file out with "exclude".',
    severity: 'error',
    kinds: [],
    problems: ['unreadable', 'internal'],
    tags: ['yaml'],
  },
  checkFile(source, ctx) {
    for (const problem of source.problems) ctx.report(problem);
  },
});
