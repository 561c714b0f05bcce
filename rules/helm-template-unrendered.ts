import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'helm-template-unrendered',
    description: 'Report Helm charts whose templates were given to meshlint unrendered',
    rationale: 'Go template actions are not YAML: until `helm template` expands them, no rule can see what the chart installs. One finding per chart stands in for the syntax errors every template would raise.',
    remediation: 'Lint the rendered chart: `helm template my-release path/to/chart | meshlint -`; exclude the chart\'s templates/ folder from the plain run.',
    severity: 'warning',
    kinds: [],
    problems: ['unrendered'],
    tags: ['helm'],
  },
  checkFile(source, ctx) {
    for (const problem of source.problems) ctx.report(problem);
  },
});
