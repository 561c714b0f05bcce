import { defineRule } from '../src/rule.js';
import { ENVOY_FILTER } from '../src/istio/kinds.js';
import { firstProblem } from '../src/istio/envoy-filters.js';

export default defineRule({
  meta: {
    id: 'envoy-filter-remove-ignored',
    description: 'Disallow REMOVE on EnvoyFilter ROUTE_CONFIGURATION and HTTP_ROUTE patches',
    rationale: 'Istio ignores the REMOVE operation when applyTo is ROUTE_CONFIGURATION or HTTP_ROUTE, so the route configuration or route it was meant to drop stays in place.',
    remediation: 'Remove the route from the VirtualService that creates it, or use applyTo VIRTUAL_HOST to remove a whole virtual host.',
    severity: 'error',
    kinds: [ENVOY_FILTER],
    istio: 'IST0154',
    tags: ['istio', 'envoy-filter'],
  },
  check(filter, ctx) {
    const found = firstProblem(filter, ctx.resources, 'remove');
    if (!found) return;
    const { first, more } = found;
    ctx.report({
      message: `${filter.ref} patch ${first.index} uses "REMOVE" on "${first.applyTo}", which Istio ignores${more}`,
      hint: 'Routes and route configurations come from VirtualServices, so REMOVE does nothing here. Change the VirtualService instead.',
      at: first.at,
      focus: 'value',
    });
  },
});
