import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'helm-template-unrendered',
    description: 'Report Helm charts and other Go templates that were given to meshlint unrendered',
    rationale: 'Go template actions are not YAML: until `helm template` (or the tool that owns the template) expands them, no rule can see what they install. One finding per chart, or per template file outside a chart (a chart\'s files/, test-framework templates), stands in for the syntax errors every line would raise.',
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
