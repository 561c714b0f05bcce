import { defineRule } from '../src/rule.js';
import { GATEWAY_WORKLOADS_READS, podsSelectedBy, workloadsKnown } from '../src/istio/gateway-workloads.js';
import { gatewaySelector } from '../src/istio/gateways.js';
import { ISTIO_GATEWAY } from '../src/istio/kinds.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'gateway-selector-unmatched',
    description: 'Report Gateways whose selector matches no gateway workload',
    rationale: 'A Gateway configures the gateway pods its selector matches, in any namespace. When no pod matches, its servers are not programmed anywhere and its hosts are unreachable from outside. Pods are read from the pod templates of the files\' workloads, plus the default ingress gateway (`istio: ingressgateway` in the root namespace) that istioctl assumes unless the mesh config sets `ingressControllerMode: OFF`. When the files hold no workload in the Gateway\'s directory, one above it or below it, the gateway pods are kept elsewhere and the rule stays silent. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Correct the selector to the labels of the gateway deployment\'s pods, or add the gateway deployment.',
    severity: 'error',
    kinds: [ISTIO_GATEWAY],
    reads: readsBeyond([ISTIO_GATEWAY], GATEWAY_WORKLOADS_READS),
    istio: 'IST0101',
    tags: ['istio', 'gateway'],
  },
  check(gateway, ctx) {
    const selector = gatewaySelector(gateway);
    const keys = Object.keys(selector);
    if (keys.length === 0 || !workloadsKnown(ctx.resources, ctx.settings, gateway)) return;
    if (podsSelectedBy(ctx.resources, ctx.settings, selector).length > 0) return;
    ctx.report({
      message: `${gateway.ref} selects "${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')}", but no gateway workload has these pod labels`,
      hint: 'Its servers are programmed on no pod. Use the pod labels of the gateway deployment, in any namespace.',
      at: ['spec', 'selector', keys[0]!],
      focus: 'key',
    });
  },
});
