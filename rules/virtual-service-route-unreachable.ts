import { defineRule } from '../src/rule.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { routeProblems } from '../src/istio/route-matches.js';

const WHY = {
  'after-catch-all': 'comes after a rule without matches',
  'second-catch-all': 'has no matches, like an earlier rule',
  'all-matches-used': 'has only matches that earlier rules already have',
} as const;

export default defineRule({
  meta: {
    id: 'virtual-service-route-unreachable',
    description: 'Report VirtualService route rules that no request can reach',
    rationale: 'Istio tries the http, tcp and tls rules of a VirtualService in order and takes the first that matches. A rule after a catch-all rule (one without `match`), or one whose every match an earlier rule already has, is never used: the traffic it was written for goes elsewhere.',
    remediation: 'Move the catch-all rule to the end, give the rule matches of its own, or remove it.',
    severity: 'error',
    kinds: [VIRTUAL_SERVICE],
    istio: 'IST0130',
    tags: ['istio', 'virtual-service'],
  },
  check(vs, ctx) {
    const done = new Set<string>();
    for (const p of routeProblems(vs)) {
      const key = `${p.at.join('.')}`;
      if (p.type !== 'unreachable' || done.has(key)) continue;
      done.add(key);
      ctx.report({
        message: `${vs.ref} ${p.at[1]} rule ${p.rule} can never match: it ${WHY[p.reason!]}`,
        hint: 'Rules are tried in order and the first match wins. Put catch-all rules last, or remove the rule.',
        at: p.at,
      });
    }
  },
});
