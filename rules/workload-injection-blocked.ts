import { defineRule } from '../src/rule.js';
import { LABEL, NAMESPACE_INJECTION_READS, namespaceInjection } from '../src/istio/injection.js';
import { readsBeyond, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { podTemplateOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'workload-injection-blocked',
    description: 'Report workloads that ask for a sidecar in a namespace that turns injection off',
    rationale: 'Every webhook of Istio\'s injector skips a namespace whose istio-injection label has any value other than "enabled": the namespace webhook wants "enabled", the revision and per-pod webhooks want the label absent. A pod template labelled sidecar.istio.io/inject: "true" or istio.io/rev there is never injected, and its pods run without a proxy, outside mTLS and policy.',
    remediation: 'Label the namespace istio-injection=enabled (or remove istio-injection and use istio.io/rev), or drop the opt-in label from the pod template if the workload is meant to stay outside the mesh.',
    severity: 'warning',
    kinds: [...WORKLOAD_KINDS],
    reads: readsBeyond(WORKLOAD_KINDS, NAMESPACE_INJECTION_READS),
    tags: ['istio', 'injection'],
  },
  check(workload, ctx) {
    const template = podTemplateOf(workload);
    if (!template) return;
    const key = template.labels[LABEL.inject] === 'true' ? LABEL.inject : template.labels[LABEL.revision] ? LABEL.revision : undefined;
    if (!key) return;
    const ns = namespaceInjection(ctx.resources, workload.namespace!);
    if (!ns.resource || ns.injectionLabel === undefined || ns.injectionLabel === 'enabled') return;
    ctx.report({
      message: `${workload.ref} asks for a sidecar, but its namespace has ${LABEL.injection}: "${ns.injectionLabel}", so its pods run without an Istio proxy`,
      hint: `The ${template.path.length > 0 ? 'pod-template ' : ''}label ${key}: "${template.labels[key]}" opts in, but every injection webhook skips a namespace whose ${LABEL.injection} label is not "enabled". `
        + `Label the namespace ${LABEL.injection}=enabled, or drop the opt-in.`,
      at: [...template.path, 'metadata', 'labels', key],
      focus: 'key',
      related: [{ resource: ns.resource, at: ['metadata', 'labels', LABEL.injection], message: `${ns.resource.ref} turns injection off` }],
    });
  },
});
