import { defineRule } from '../src/rule.js';
import { LABEL, NEVER_INJECTED_NAMESPACES } from '../src/istio/injection.js';
import { NAMESPACE } from '../src/k8s/kinds.js';
import { metadataOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'namespace-injection-unset',
    description: 'Report Namespaces that neither enable nor disable sidecar injection',
    rationale: 'Without istio-injection or istio.io/rev, Istio injects no sidecar into the namespace\'s pods unless each pod template opts in, so workloads quietly run outside the mesh (no mTLS, no policy, no telemetry). The root namespace, Kubernetes system namespaces and ambient namespaces are exempt.',
    remediation: 'Label the namespace istio.io/rev=<revision> or istio-injection=enabled to inject, or istio-injection=disabled to record that it stays outside the mesh.',
    severity: 'info',
    kinds: [NAMESPACE],
    istio: 'IST0102',
    tags: ['istio', 'injection'],
  },
  check(namespace, ctx) {
    const name = namespace.name;
    if (name === ctx.settings.rootNamespace || NEVER_INJECTED_NAMESPACES.includes(name)) return;
    const { labels } = metadataOf(namespace);
    // An empty value is no choice at all (istioctl analyze reads it the same way).
    if (labels[LABEL.injection] || labels[LABEL.revision]) return;
    if (labels[LABEL.dataplaneMode] === 'ambient') return;
    const empty = [LABEL.injection, LABEL.revision].find((key) => Object.hasOwn(labels, key));
    const metadata = namespace.body.metadata as { labels?: unknown } | undefined;
    const state = empty ? `has an empty "${empty}" label and no other injection label` : `has neither "${LABEL.injection}" nor "${LABEL.revision}"`;
    ctx.report({
      message: `${namespace.ref} ${state}`,
      hint: `Its workloads run without an Istio proxy unless their pod templates opt in. Label it ${LABEL.revision}=<revision> or ${LABEL.injection}=enabled, or ${LABEL.injection}=disabled to keep it out on purpose.`,
      at: empty ? ['metadata', 'labels', empty] : metadata?.labels ? ['metadata', 'labels'] : [],
      focus: 'key',
    });
  },
});
