import { defineRule } from '../src/rule.js';
import { TELEMETRY } from '../src/istio/kinds.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { matchesLabels } from '../src/k8s/selector.js';
import { podTemplateOf } from '../src/k8s/workload.js';
import { policySelector, WORKLOADS_SELECTED_READS, workloadsSelected } from '../src/istio/policies.js';

export default defineRule({
  meta: {
    id: 'telemetry-selector-conflict',
    description: 'Disallow Telemetries whose selectors select the same workload',
    rationale: 'A workload gets at most one Telemetry with a selector. When the selectors of several Telemetries of a namespace match the same pod template, which one applies is undefined, so its metrics, logs or traces may be configured by the one you did not expect.',
    remediation: 'Merge the Telemetries that select the workload, or make their selectors disjoint.',
    severity: 'error',
    kinds: [TELEMETRY],
    reads: readsBeyond([TELEMETRY], WORKLOADS_SELECTED_READS),
    istio: 'IST0159',
    tags: ['istio', 'telemetry'],
  },
  check(telemetry, ctx) {
    if (!policySelector(telemetry)) return;
    const others = [...new Map(ctx.resources.inNamespace(TELEMETRY, telemetry.namespace!)
      .filter((t) => t.name !== telemetry.name && policySelector(t)).map((t) => [t.name, t])).values()];
    for (const workload of workloadsSelected(telemetry, ctx.resources)) {
      const labels = podTemplateOf(workload)?.labels ?? {};
      const rivals = others.filter((t) => matchesLabels(policySelector(t)!, labels));
      if (rivals.length === 0) continue;
      const more = rivals.length > 1 ? ` and ${rivals.length - 1} more` : '';
      ctx.report({
        message: `${telemetry.ref} selects ${workload.ref}, as ${rivals[0]!.ref}${more} also does`,
        hint: 'Only one Telemetry with a selector applies to a workload, and which one is undefined. Merge them or make the selectors disjoint.',
        at: ['spec', 'selector', 'matchLabels'],
        focus: 'key',
        related: [{ resource: workload, at: [...(podTemplateOf(workload)?.path ?? []), 'metadata', 'labels'], message: `${workload.ref} is selected by both` },
          ...rivals.map((t) => ({ resource: t, at: ['spec', 'selector'], message: `${t.ref} selects it too` }))],
      });
      return;
    }
  },
});
