import { defineRule } from '../src/rule.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { LABEL, NAMESPACE_INJECTION_READS, namespaceInjection } from '../src/istio/injection.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { INEFFECTIVE_IN_AMBIENT_READS, ineffectiveInAmbient, selectorPath } from '../src/istio/sidecar-scope.js';

export default defineRule({
  meta: {
    id: 'sidecar-ambient-ineffective',
    description: 'Report Sidecars in ambient namespaces, where no sidecar proxy reads them',
    rationale: 'A Sidecar configures sidecar proxies only. In a namespace labelled istio.io/dataplane-mode=ambient (without istio-injection=enabled or a revision label) pods get no sidecar, and ztunnel and waypoints ignore Sidecar resources, so its egress and ingress settings silently do nothing.',
    remediation: 'Delete the Sidecar, or express the intent with ambient resources (a waypoint with AuthorizationPolicy or ServiceEntry); if some pods should keep a sidecar, label their pod templates sidecar.istio.io/inject: "true".',
    severity: 'warning',
    kinds: [SIDECAR],
    reads: readsBeyond([SIDECAR], INEFFECTIVE_IN_AMBIENT_READS, NAMESPACE_INJECTION_READS),
    istio: 'IST0167',
    tags: ['istio', 'sidecar', 'ambient'],
  },
  check(sidecar, ctx) {
    // A pod that opts in with its own labels still gets a sidecar, and the Sidecar applies to it.
    if (!ineffectiveInAmbient(sidecar, ctx.resources)) return;
    const ns = namespaceInjection(ctx.resources, sidecar.namespace!).resource!;
    ctx.report({
      message: `${sidecar.ref} is in an ambient namespace and applies to no pod that asks for a sidecar`,
      hint: `${ns.ref} has ${LABEL.dataplaneMode}: ambient, so its pods get no sidecar proxy, and ztunnel and waypoints ignore Sidecars. `
        + `Delete it or use ambient resources instead, or label the pod templates that should keep a sidecar ${LABEL.inject}: "true".`,
      at: selectorPath(sidecar),
      related: [{ resource: ns, at: ['metadata', 'labels', LABEL.dataplaneMode], message: `${ns.ref} is ambient` }],
    });
  },
});
