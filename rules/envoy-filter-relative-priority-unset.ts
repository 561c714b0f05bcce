import { defineRule } from '../src/rule.js';
import { ENVOY_FILTER } from '../src/istio/kinds.js';
import { firstProblem } from '../src/istio/envoy-filters.js';

export default defineRule({
  meta: {
    id: 'envoy-filter-relative-priority-unset',
    description: 'Require a priority on EnvoyFilters whose patches insert, replace or remove relative to other filters',
    rationale: 'INSERT_BEFORE, INSERT_AFTER, REPLACE and REMOVE act on a filter that another EnvoyFilter may itself add. Without a priority, EnvoyFilters of one context are applied in creation order, so the patch may run before the filter it is relative to exists and then do nothing.',
    remediation: 'Set spec.priority so that the EnvoyFilter is applied after the filters it patches around, or use an absolute operation (ADD, INSERT_FIRST, MERGE).',
    severity: 'warning',
    kinds: [ENVOY_FILTER],
    istio: 'IST0151',
    tags: ['istio', 'envoy-filter'],
  },
  check(filter, ctx) {
    const found = firstProblem(filter, ctx.resources, 'relative');
    if (!found) return;
    const { first, more } = found;
    ctx.report({
      message: `${filter.ref} patch ${first.index} uses the relative operation "${first.operation}" but the EnvoyFilter has no priority${more}`,
      hint: 'EnvoyFilters without a priority are applied in creation order, so the filter this patch is relative to may not exist yet. Set spec.priority.',
      at: first.at,
      focus: 'value',
    });
  },
});
