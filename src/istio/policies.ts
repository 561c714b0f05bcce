import { isObject } from '../model/resource.js';
import type { Path, Resource, ResourceSet, Settings } from '../rule.js';
import { containersOf } from '../k8s/containers.js';
import { matchesLabels } from '../k8s/selector.js';
import { podTemplateOf, stringMap, WORKLOADS_IN_READS, workloadsIn } from '../k8s/workload.js';
import { NAMESPACE_INJECTION_READS, WORKLOAD_INJECTION_READS, namespaceInjection, workloadInjection } from './injection.js';
import { AUTHORIZATION_POLICY, PEER_AUTHENTICATION, REQUEST_AUTHENTICATION, TELEMETRY, WASM_PLUGIN } from './kinds.js';

// Istio's policies that pick their workloads with `spec.selector.matchLabels` (an
// istio.type.v1beta1.WorkloadSelector): they apply to the pods of their own namespace whose
// labels include every selector label, or to the whole mesh from the root namespace.

/** The kinds whose `spec.selector.matchLabels` selects workloads. */
export const SELECTOR_POLICY_KINDS = [AUTHORIZATION_POLICY, PEER_AUTHENTICATION, REQUEST_AUTHENTICATION, TELEMETRY, WASM_PLUGIN] as const;

const specOf = (policy: Resource) => (isObject(policy.body.spec) ? policy.body.spec : {});

/** Whether the policy has a `spec.selector` at all (Istio tells `selector: {}` from none). */
export const hasSelector = (policy: Resource) => isObject(specOf(policy).selector);

/** The policy's non-empty `selector.matchLabels`, or undefined. */
export function policySelector(policy: Resource): Readonly<Record<string, string>> | undefined {
  const selector = specOf(policy).selector;
  const labels = isObject(selector) ? stringMap(selector.matchLabels) : {};
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/** Where a finding about the selector points. */
export const selectorAt = (policy: Resource): Path => (hasSelector(policy) ? ['spec', 'selector', 'matchLabels'] : []);

/** Whether the policy attaches by `targetRef` or `targetRefs` instead of a selector. */
export function hasTargetRef(policy: Resource, plural = true): boolean {
  const spec = specOf(policy);
  return isObject(spec.targetRef) || (plural && Array.isArray(spec.targetRefs) && spec.targetRefs.length > 0);
}

/** `k=v,k2=v2`, as Istio prints label selectors (sorted by key). */
export const formatSelector = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');

/** Kinds {@link workloadsSelected} looks up. */
export const WORKLOADS_SELECTED_READS: readonly string[] = WORKLOADS_IN_READS;

/** Workloads of the policy's namespace whose pod-template labels include its selector (all of them without one). */
export function workloadsSelected(policy: Resource, resources: ResourceSet): Resource[] {
  const selector = policySelector(policy) ?? {};
  return workloadsIn(resources, policy.namespace!).filter((w) => matchesLabels(selector, podTemplateOf(w)?.labels ?? {}));
}

/** Kinds {@link inMesh} looks up. */
export const IN_MESH_READS: readonly string[] = [...WORKLOAD_INJECTION_READS, ...NAMESPACE_INJECTION_READS];

/**
 * Whether a workload's pods take part in the mesh, as Istio's analyzers decide it for Pods
 * (an `istio-proxy` container, the pod's inject label or annotation, the namespace label),
 * with two differences for files: a workload whose Namespace object is not among the files
 * counts as in the mesh (nothing says otherwise), and so does one in an ambient namespace
 * (Istio looks for the redirection annotation that the CNI agent adds to running Pods).
 */
export function inMesh(workload: Resource, resources: ResourceSet, settings: Settings): boolean {
  const template = podTemplateOf(workload);
  if (!template) return false;
  const all = [...containersOf(workload, 'containers'), ...containersOf(workload, 'initContainers')];
  if (all.some((c) => c.name === 'istio-proxy' && typeof c.container.image === 'string' && c.container.image !== '')) return true;
  if (template.annotations['ambient.istio.io/redirection'] === 'enabled') return true;
  const optIn = template.labels['sidecar.istio.io/inject'] ?? template.annotations['sidecar.istio.io/inject'];
  if (optIn !== undefined) return optIn === 'true';
  const namespace = workload.namespace ?? settings.defaultNamespace;
  if (namespaceInjection(resources, namespace).ambient) return true;
  return workloadInjection(workload, resources, settings).injected !== false;
}

/** Kinds {@link judgedForWorkloads} looks up. */
export const JUDGED_FOR_WORKLOADS_READS: readonly string[] = WORKLOADS_IN_READS;

/**
 * Whether the files say enough about a namespace's workloads to call a policy there
 * unmatched: they hold workloads of that namespace, or the policy's own file declares
 * workloads (a policy written beside its workloads). Policies kept apart from the
 * workloads they govern are not judged.
 */
export function judgedForWorkloads(policy: Resource, resources: ResourceSet, namespace = policy.namespace!): boolean {
  if (workloadsIn(resources, namespace).length > 0) return true;
  const files = resources.memo('filesWithWorkloads', () =>
    new Set(WORKLOADS_IN_READS.flatMap((kind) => resources.ofKind(kind)).map((w) => w.file)));
  return files.has(policy.file);
}
