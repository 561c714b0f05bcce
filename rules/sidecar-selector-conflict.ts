import { defineRule } from '../src/rule.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { SELECTED_WORKLOADS_READS, selectedWorkloads, sidecarSelector } from '../src/istio/sidecar-scope.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { podTemplateOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'sidecar-selector-conflict',
    description: 'Disallow Sidecars whose workload selectors pick the same workload',
    rationale: 'When several Sidecars of a namespace select a workload, Istio applies just one of them (in practice the oldest) and the documentation calls the choice undefined. The proxy configuration then depends on creation order, and a redeploy can swap it.',
    remediation: 'Make the selectors disjoint, e.g. by adding a label that only one workload carries, or merge the Sidecars into one.',
    severity: 'error',
    kinds: [SIDECAR],
    reads: readsBeyond([SIDECAR], [SIDECAR], SELECTED_WORKLOADS_READS),
    istio: 'IST0110',
    tags: ['istio', 'sidecar'],
  },
  check(sidecar, ctx) {
    if (!sidecarSelector(sidecar)) return;
    // Copies of this Sidecar in other files are one object in the cluster, not a rival.
    const rivals = [...new Map(ctx.resources.inNamespace(SIDECAR, sidecar.namespace!)
      .filter((s) => s.name !== sidecar.name && sidecarSelector(s)).map((s) => [s.name, s])).values()];
    if (rivals.length === 0) return;
    // Judged by pod-template labels, as Istio judges by live Pods: selectors that could
    // overlap but select no common workload are not a conflict.
    for (const workload of selectedWorkloads(sidecar, ctx.resources)) {
      const others = rivals.filter((s) => selectedWorkloads(s, ctx.resources).includes(workload));
      if (others.length === 0) continue;
      const labels = [...(podTemplateOf(workload)?.path ?? []), 'metadata', 'labels'];
      ctx.report({
        message: others.length > 1
          ? `${sidecar.ref}, ${others[0]!.ref} and ${others.length - 1} more Sidecars all select ${workload.ref}`
          : `${sidecar.ref} and ${others[0]!.ref} both select ${workload.ref}`,
        hint: 'Istio applies only one Sidecar to its pods, and which one is undefined (in practice the oldest). Make the selectors disjoint, or merge the Sidecars.',
        at: ['spec', 'workloadSelector'],
        related: [
          { resource: workload, at: labels, message: `pod-template labels of ${workload.ref}` },
          ...others.map((s) => ({ resource: s, at: ['spec', 'workloadSelector'], message: `${s.ref} also selects ${workload.ref}` })),
        ],
      });
    }
  },
});
