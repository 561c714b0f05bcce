import { defineRule } from '../src/rule.js';
import { AUTHORIZATION_POLICY } from '../src/istio/kinds.js';
import { readsBeyond, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { matchesLabels } from '../src/k8s/selector.js';
import { podTemplateOf, WORKLOADS_IN_READS, workloadsIn } from '../src/k8s/workload.js';
import {
  formatSelector, hasSelector, hasTargetRef, IN_MESH_READS, inMesh, JUDGED_FOR_WORKLOADS_READS, judgedForWorkloads,
  policySelector, selectorAt,
} from '../src/istio/policies.js';

export default defineRule({
  meta: {
    id: 'authorization-policy-selector-unmatched',
    description: 'Report AuthorizationPolicies that select no workload of the mesh',
    rationale: 'An AuthorizationPolicy applies to the in-mesh pods of its namespace that carry all of its selector labels (from the root namespace, to such pods anywhere). When no workload matches, the policy enforces nothing: an ALLOW or DENY that was meant to protect a workload leaves it open, usually because of a label typo or a policy in the wrong namespace. Only namespaces whose workloads are among the linted files (or whose policy file declares workloads) are judged.',
    remediation: 'Correct the selector labels to match the pod-template labels of the intended workload, put the policy in that workload\'s namespace, make sure the workload is in the mesh (sidecar injection or ambient), or delete the policy.',
    severity: 'warning',
    kinds: [AUTHORIZATION_POLICY],
    reads: readsBeyond([AUTHORIZATION_POLICY], WORKLOADS_IN_READS, IN_MESH_READS, JUDGED_FOR_WORKLOADS_READS, WORKLOAD_KINDS),
    istio: 'IST0127',
    tags: ['istio', 'security'],
  },
  check(policy, ctx) {
    // Policies attached to a Gateway or waypoint by targetRef do not select pods.
    if (hasTargetRef(policy)) return;
    const selector = policySelector(policy);
    const root = policy.namespace === ctx.settings.rootNamespace;
    // A selector-less policy in the root namespace applies to the whole mesh.
    if (root && !hasSelector(policy)) return;
    if (!judgedForWorkloads(policy, ctx.resources)) return;
    const candidates = root
      ? WORKLOAD_KINDS.flatMap((kind) => ctx.resources.ofKind(kind))
      : workloadsIn(ctx.resources, policy.namespace!);
    const matched = candidates.some((w) => matchesLabels(selector ?? {}, podTemplateOf(w)?.labels ?? {}) && inMesh(w, ctx.resources, ctx.settings));
    if (matched) return;
    const where = root ? 'any namespace' : 'its namespace';
    ctx.report({
      message: selector
        ? `${policy.ref} selects "${formatSelector(selector)}", but no in-mesh workload of ${where} has these pod-template labels`
        : `${policy.ref} applies to every workload of its namespace, but the namespace has no in-mesh workload`,
      hint: 'The policy enforces nothing. Correct the selector, move the policy to the namespace of its workload, or bring the workload into the mesh.',
      at: selectorAt(policy),
      focus: 'key',
    });
  },
});
