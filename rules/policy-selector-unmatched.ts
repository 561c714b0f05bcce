import { defineRule } from '../src/rule.js';
import { PEER_AUTHENTICATION, REQUEST_AUTHENTICATION, TELEMETRY, WASM_PLUGIN } from '../src/istio/kinds.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import {
  formatSelector, hasTargetRef, JUDGED_FOR_WORKLOADS_READS, judgedForWorkloads, policySelector, WORKLOADS_SELECTED_READS, workloadsSelected,
} from '../src/istio/policies.js';

const KINDS = [TELEMETRY, REQUEST_AUTHENTICATION, PEER_AUTHENTICATION, WASM_PLUGIN];

export default defineRule({
  meta: {
    id: 'policy-selector-unmatched',
    description: 'Report Telemetry, RequestAuthentication, PeerAuthentication and WasmPlugin selectors that select no workload',
    rationale: 'These policies apply to the pods of their own namespace whose labels include all of their selector.matchLabels. A selector that matches no pod template leaves the policy without effect (no telemetry override, no JWT check, no mTLS mode, no plugin), usually because of a label typo or a policy in the wrong namespace. Only namespaces whose workloads are among the linted files (or whose policy file declares workloads) are judged; Authorization policies have their own rule.',
    remediation: 'Correct the selector labels to match the pod-template labels of the intended workload, move the policy to that workload\'s namespace, or delete it.',
    severity: 'error',
    kinds: KINDS,
    reads: readsBeyond(KINDS, WORKLOADS_SELECTED_READS, JUDGED_FOR_WORKLOADS_READS),
    istio: 'IST0101',
    tags: ['istio', 'telemetry', 'security'],
  },
  check(policy, ctx) {
    const selector = policySelector(policy);
    if (!selector || hasTargetRef(policy)) return;
    // From the root namespace, authentication policies and plugins reach other namespaces too.
    if (policy.groupKind !== TELEMETRY && policy.namespace === ctx.settings.rootNamespace) return;
    if (!judgedForWorkloads(policy, ctx.resources)) return;
    if (workloadsSelected(policy, ctx.resources).length > 0) return;
    ctx.report({
      message: `${policy.ref} selects "${formatSelector(selector)}", but no workload of its namespace has these pod-template labels`,
      hint: 'The policy applies to nothing. Correct the labels, or move it to the namespace of the workload it is meant for.',
      at: ['spec', 'selector', 'matchLabels'],
      focus: 'key',
    });
  },
});
