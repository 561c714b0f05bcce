import { defineRule } from '../src/rule.js';
import { specOf, subsetsOf } from '../src/istio/destination-rules.js';
import { DESTINATION_RULE, SERVICE_ENTRY } from '../src/istio/kinds.js';
import { lookupHost, SERVICE_REGISTRY_READS, specExportTo } from '../src/istio/service-registry.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { matchesLabels } from '../src/k8s/selector.js';
import { serviceSelector } from '../src/k8s/services.js';
import { podTemplateOf, stringMap, WORKLOADS_IN_READS, workloadsIn } from '../src/k8s/workload.js';
import { isObject } from '../src/model/resource.js';

// Labels that Istio adds to a pod's endpoint from its Node, which no pod template carries.
const NODE_LABELS = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone', 'kubernetes.io/hostname']);

export default defineRule({
  meta: {
    id: 'destination-rule-subset-unmatched',
    description: 'Report DestinationRule subsets whose labels select no workload behind the host',
    rationale: 'A subset is the endpoints of its host whose pods carry all of its labels. When no workload behind the host (the pods its Service selects, or a ServiceEntry\'s workloadSelector) has them, routes to the subset find no endpoint and fail with 503. Node topology labels, which Istio adds to endpoints, are not compared, except that an empty one never matches. Only hosts whose Service or ServiceEntry and workloads of its namespace are among the files are judged.',
    remediation: 'Correct the subset labels to the pod-template labels of the intended version, or deploy the workload.',
    severity: 'warning',
    kinds: [DESTINATION_RULE],
    reads: readsBeyond([DESTINATION_RULE], SERVICE_REGISTRY_READS, WORKLOADS_IN_READS),
    istio: 'IST0173',
    tags: ['istio', 'destination-rule'],
  },
  check(rule, ctx) {
    const host = specOf(rule).host;
    if (typeof host !== 'string' || host === '') return;
    const found = lookupHost(ctx.resources, rule.namespace!, specExportTo(rule), host);
    if (!found || found.resource.namespace === undefined) return;
    let base: Record<string, string> | undefined;
    if (found.resource.groupKind === SERVICE_ENTRY) {
      const selector = specOf(found.resource).workloadSelector;
      base = isObject(selector) ? stringMap(selector.labels) : undefined;
    } else {
      base = serviceSelector(found.resource) as Record<string, string> | undefined;
    }
    if (!base) return;
    const workloads = workloadsIn(ctx.resources, found.resource.namespace);
    if (workloads.length === 0) return;
    for (const subset of subsetsOf(rule)) {
      const labels = Object.fromEntries(Object.entries({ ...base, ...subset.labels }).filter(([k]) => !NODE_LABELS.has(k)));
      // Istio leaves empty topology labels off endpoints, so a subset asking for one matches nothing.
      const emptyTopology = Object.entries(subset.labels).some(([k, v]) => NODE_LABELS.has(k) && v === '');
      if (!emptyTopology && workloads.some((w) => matchesLabels(labels, podTemplateOf(w)?.labels ?? {}))) continue;
      ctx.report({
        message: `${rule.ref} subset "${subset.name}" selects no workload behind ${found.resource.ref}`,
        hint: `No pod template in namespace "${found.resource.namespace}" has all of "${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',')}". Routes to the subset get no endpoint.`,
        at: ['spec', 'subsets', subset.index, 'labels'],
        focus: 'key',
        related: [{ resource: found.resource, message: `host of ${rule.ref}` }],
      });
    }
  },
});
