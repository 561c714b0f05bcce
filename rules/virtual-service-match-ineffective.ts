import { defineRule } from '../src/rule.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { routeProblems } from '../src/istio/route-matches.js';

export default defineRule({
  meta: {
    id: 'virtual-service-match-ineffective',
    description: 'Report VirtualService matches that an earlier rule already takes',
    rationale: 'Istio tries route rules in order. A match equal to one of an earlier rule (the match `name` aside), or an HTTP match whose URI prefix extends an earlier match\'s prefix with the same port, method, authority, headers and query parameters, never decides: its requests already went to the earlier rule.',
    remediation: 'Remove the match, make it more specific than the earlier one, or move the more specific rule first.',
    severity: 'warning',
    kinds: [VIRTUAL_SERVICE],
    istio: 'IST0131',
    tags: ['istio', 'virtual-service'],
  },
  check(vs, ctx) {
    for (const p of routeProblems(vs)) {
      if (p.type !== 'ineffective') continue;
      ctx.report({
        message: `${vs.ref} ${p.at[1]} rule ${p.rule} match ${p.match} never applies: rule ${p.earlier} takes its requests first`,
        hint: 'The first rule that matches wins. Put the more specific match first, or remove this one.',
        at: p.at,
      });
    }
  },
});
