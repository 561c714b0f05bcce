import { defineRule } from '../src/rule.js';
import { LABEL, NEVER_INJECTED_NAMESPACES, otherMeshInjection } from '../src/istio/injection.js';
import { INJECTOR_CONFIG_READS, injectedByDefault } from '../src/istio/injector-config.js';
import { NAMESPACE, readsBeyond } from '../src/k8s/kinds.js';
import { metadataOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'namespace-injection-unset',
    description: 'Report Namespaces that neither enable nor disable sidecar injection',
    rationale: 'Without istio-injection or istio.io/rev, Istio injects no sidecar into the namespace\'s pods unless each pod template opts in, so workloads quietly run outside the mesh (no mTLS, no policy, no telemetry). The root namespace, Kubernetes system namespaces, ambient namespaces and namespaces that another mesh\'s injector manages (AWS App Mesh, Linkerd, Kuma, Open Service Mesh) are exempt, and so are namespaces that the injector configuration of the files injects by default (enableNamespacesByDefault, or an injector webhook whose selectors match the namespace), which namespace-injection-default-enabled reports.',
    remediation: 'Label the namespace istio.io/rev=<revision> or istio-injection=enabled for sidecars, istio.io/dataplane-mode=ambient for ambient mode, or istio-injection=disabled to record that it stays outside the mesh.',
    severity: 'info',
    kinds: [NAMESPACE],
    reads: readsBeyond([NAMESPACE], INJECTOR_CONFIG_READS),
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
    if (otherMeshInjection(namespace) || injectedByDefault(ctx.resources, namespace)) return;
    const empty = [LABEL.injection, LABEL.revision].find((key) => Object.hasOwn(labels, key));
    const metadata = namespace.body.metadata as { labels?: unknown } | undefined;
    const state = empty ? `has an empty "${empty}" label and no other injection label` : `has neither "${LABEL.injection}" nor "${LABEL.revision}"`;
    ctx.report({
      message: `${namespace.ref} ${state}`,
      hint: `Its workloads run without an Istio proxy unless their pod templates opt in. Label it ${LABEL.revision}=<revision> or ${LABEL.injection}=enabled for sidecars, `
        + `${LABEL.dataplaneMode}=ambient for ambient mode, or ${LABEL.injection}=disabled to keep it out on purpose.`,
      at: empty ? ['metadata', 'labels', empty] : metadata?.labels ? ['metadata', 'labels'] : [],
      focus: 'key',
    });
  },
});
