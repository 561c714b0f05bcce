import { defineRule } from '../src/rule.js';
import { ENVOY_FILTER } from '../src/istio/kinds.js';
import { firstProblem } from '../src/istio/envoy-filters.js';

export default defineRule({
  meta: {
    id: 'envoy-filter-replace-unsupported',
    description: 'Disallow REPLACE on EnvoyFilter targets other than network filters, HTTP filters and virtual hosts',
    rationale: 'Istio implements REPLACE only for NETWORK_FILTER, HTTP_FILTER and VIRTUAL_HOST. On any other applyTo the patch is ignored, so the configuration it was meant to change stays as it was.',
    remediation: 'Use MERGE to change a cluster, listener, route or filter chain, or REMOVE followed by ADD.',
    severity: 'error',
    kinds: [ENVOY_FILTER],
    istio: 'IST0152',
    tags: ['istio', 'envoy-filter'],
  },
  check(filter, ctx) {
    const found = firstProblem(filter, ctx.resources, 'replace');
    if (!found) return;
    const { first, more } = found;
    ctx.report({
      message: `${filter.ref} patch ${first.index} uses "REPLACE" on "${first.applyTo}", where Istio cannot replace${more}`,
      hint: 'REPLACE works on NETWORK_FILTER, HTTP_FILTER and VIRTUAL_HOST only, so this patch is ignored. Use MERGE instead.',
      at: first.at,
      focus: 'value',
    });
  },
});
