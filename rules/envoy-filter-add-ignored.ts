import { defineRule } from '../src/rule.js';
import { ENVOY_FILTER } from '../src/istio/kinds.js';
import { firstProblem } from '../src/istio/envoy-filters.js';

export default defineRule({
  meta: {
    id: 'envoy-filter-add-ignored',
    description: 'Disallow ADD on EnvoyFilter ROUTE_CONFIGURATION and HTTP_ROUTE patches',
    rationale: 'Istio ignores the ADD operation when applyTo is ROUTE_CONFIGURATION or HTTP_ROUTE: route configurations and routes are generated from VirtualServices, so the patch never takes effect.',
    remediation: 'Use MERGE to change a route configuration or route, add routes with a VirtualService, or add a virtual host with applyTo VIRTUAL_HOST.',
    severity: 'error',
    kinds: [ENVOY_FILTER],
    istio: 'IST0153',
    tags: ['istio', 'envoy-filter'],
  },
  check(filter, ctx) {
    const found = firstProblem(filter, ctx.resources, 'add');
    if (!found) return;
    const { first, more } = found;
    ctx.report({
      message: `${filter.ref} patch ${first.index} uses "ADD" on "${first.applyTo}", which Istio ignores${more}`,
      hint: 'Routes and route configurations come from VirtualServices, so ADD does nothing here. Use MERGE, or a VirtualService.',
      at: first.at,
      focus: 'value',
    });
  },
});
