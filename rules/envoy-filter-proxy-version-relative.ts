import { defineRule } from '../src/rule.js';
import { ENVOY_FILTER } from '../src/istio/kinds.js';
import { firstProblem } from '../src/istio/envoy-filters.js';

export default defineRule({
  meta: {
    id: 'envoy-filter-proxy-version-relative',
    description: 'Report relative EnvoyFilter patches without priority on a filter that another patch matches by proxy version',
    rationale: 'When one patch of a filter name matches on proxyVersion and another patch of the same name uses a relative operation without priority, the order in which they apply changes with every proxy upgrade, so the result differs between proxy versions.',
    remediation: 'Set spec.priority on the EnvoyFilter, or use an absolute operation (ADD, INSERT_FIRST, MERGE) for the patch.',
    severity: 'warning',
    kinds: [ENVOY_FILTER],
    istio: 'IST0155',
    tags: ['istio', 'envoy-filter'],
  },
  check(filter, ctx) {
    const found = firstProblem(filter, ctx.resources, 'relative-proxy-version');
    if (!found) return;
    const { first, more } = found;
    ctx.report({
      message: `${filter.ref} patch ${first.index} uses "${first.operation}" without priority on a filter that another patch matches by proxy version${more}`,
      hint: 'The patch matched by proxy version and this relative one may apply in a different order after a proxy upgrade. Set spec.priority.',
      at: first.at,
      focus: 'value',
    });
  },
});
