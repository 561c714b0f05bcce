import { defineRule } from '../src/rule.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { SELECTED_WORKLOADS_READS, selectedWorkloads, sidecarSelector, VM_WORKLOADS_READS, vmWorkloadsIn } from '../src/istio/sidecar-scope.js';
import { matchesLabels } from '../src/k8s/selector.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { WORKLOADS_IN_READS, workloadsIn } from '../src/k8s/workload.js';

/** `k=v,k2=v2`, as Istio prints label selectors. */
const formatLabels = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');

export default defineRule({
  meta: {
    id: 'sidecar-selector-unmatched',
    description: 'Report Sidecar workload selectors that select no workload of their namespace',
    rationale: 'A Sidecar applies only to pods and VM workloads (WorkloadEntry, WorkloadGroup) of its own namespace whose labels include all of its workloadSelector labels. A selector that matches none of them leaves the Sidecar without effect, usually because of a typo, a renamed label, or a Sidecar placed in the wrong namespace. Only namespaces whose workloads are among the linted files are judged.',
    remediation: 'Correct the workloadSelector labels to match the pod-template labels of the intended workload, move the Sidecar to that workload\'s namespace, or delete it.',
    severity: 'warning',
    kinds: [SIDECAR],
    reads: readsBeyond([SIDECAR], WORKLOADS_IN_READS, SELECTED_WORKLOADS_READS, VM_WORKLOADS_READS),
    istio: 'IST0101',
    tags: ['istio', 'sidecar'],
  },
  check(sidecar, ctx) {
    const selector = sidecarSelector(sidecar);
    if (!selector) return;
    const namespace = sidecar.namespace!;
    // Without any workload of the namespace in the files, they may simply live elsewhere.
    const vms = vmWorkloadsIn(ctx.resources, namespace);
    if (workloadsIn(ctx.resources, namespace).length === 0 && vms.length === 0) return;
    if (selectedWorkloads(sidecar, ctx.resources).length > 0) return;
    // A Sidecar configures the proxies of VMs too: WorkloadEntries and WorkloadGroups carry their labels.
    if (vms.some((vm) => matchesLabels(selector, vm.labels))) return;
    ctx.report({
      message: `${sidecar.ref} selects "${formatLabels(selector)}", which no pod template or VM workload of its namespace carries`,
      hint: 'Neither a pod template nor a WorkloadEntry or WorkloadGroup has all of these labels, so the Sidecar applies to nothing. Correct the labels, or move it to the namespace of the workload it is meant for.',
      at: ['spec', 'workloadSelector', 'labels'],
      focus: 'key',
    });
  },
});
