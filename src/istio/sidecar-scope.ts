import { isObject } from '../model/resource.js';
import type { Json, Path, Resource, ResourceSet } from '../rule.js';
import { LABEL, NAMESPACE_INJECTION_READS, namespaceInjection } from './injection.js';
import { SIDECAR, WORKLOAD_ENTRY, WORKLOAD_GROUP } from './kinds.js';
import { matchesLabels } from '../k8s/selector.js';
import { podTemplateOf, stringMap, WORKLOADS_IN_READS, workloadsIn } from '../k8s/workload.js';

/**
 * The `workloadSelector.labels` of a Sidecar, or undefined when it has none. Istio treats
 * an absent selector and one with no labels alike: the Sidecar is the namespace default.
 */
export function sidecarSelector(sidecar: Resource): Readonly<Record<string, string>> | undefined {
  const spec = sidecar.body.spec;
  const selector = isObject(spec) ? spec.workloadSelector : undefined;
  const labels = isObject(selector) ? stringMap(selector.labels) : {};
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/** Where a finding about a Sidecar's scope points: its `workloadSelector`, or its name without one. */
export function selectorPath(sidecar: Resource): Path {
  const spec = sidecar.body.spec;
  return isObject(spec) && spec.workloadSelector !== undefined ? ['spec', 'workloadSelector'] : [];
}

/** Egress listeners of a Sidecar that are maps, with their index. */
export function egressListeners(sidecar: Resource): { listener: { [key: string]: Json }; index: number }[] {
  const spec = sidecar.body.spec;
  if (!isObject(spec) || !Array.isArray(spec.egress)) return [];
  return spec.egress.flatMap((listener, index) => (isObject(listener) ? [{ listener, index }] : []));
}

/** Kinds {@link selectedWorkloads} looks up. */
export const SELECTED_WORKLOADS_READS: readonly string[] = WORKLOADS_IN_READS;

/** Workloads of the Sidecar's namespace whose pod-template labels include its selector labels. */
export function selectedWorkloads(sidecar: Resource, resources: ResourceSet): Resource[] {
  const selector = sidecarSelector(sidecar);
  const workloads = workloadsIn(resources, sidecar.namespace!);
  if (!selector) return workloads;
  return workloads.filter((w) => matchesLabels(selector, podTemplateOf(w)?.labels ?? {}));
}

/** Kinds {@link appliesTo} looks up. */
export const APPLIES_TO_READS: readonly string[] = [SIDECAR, ...SELECTED_WORKLOADS_READS];

/**
 * Workloads whose proxies a Sidecar configures: those it selects, or for a namespace
 * default, those that no Sidecar with a selector claims (selectors take precedence).
 */
export function appliesTo(sidecar: Resource, resources: ResourceSet): Resource[] {
  if (sidecarSelector(sidecar)) return selectedWorkloads(sidecar, resources);
  const claimed = new Set(resources.inNamespace(SIDECAR, sidecar.namespace!)
    .filter((s) => sidecarSelector(s)).flatMap((s) => selectedWorkloads(s, resources)));
  return selectedWorkloads(sidecar, resources).filter((w) => !claimed.has(w));
}

/**
 * Whether a pod template gets a sidecar on its own, whatever the namespace says: a
 * `sidecar.istio.io/inject: "true"` or `istio.io/rev` label is what the object webhooks
 * of Istio's injector select on.
 */
export function requestsSidecar(workload: Resource): boolean {
  const labels = podTemplateOf(workload)?.labels ?? {};
  return labels[LABEL.inject] === 'true' || Boolean(labels[LABEL.revision]);
}

/** Kinds {@link ineffectiveInAmbient} looks up. */
export const INEFFECTIVE_IN_AMBIENT_READS: readonly string[] = [...NAMESPACE_INJECTION_READS, ...APPLIES_TO_READS];

/**
 * Whether a Sidecar can take effect in an ambient namespace: only when some workload it
 * applies to asks for a sidecar through its pod labels. Undefined when the namespace is
 * not ambient (or its Namespace object is not among the files).
 */
export function ineffectiveInAmbient(sidecar: Resource, resources: ResourceSet): boolean | undefined {
  if (!namespaceInjection(resources, sidecar.namespace!).ambient) return undefined;
  return !appliesTo(sidecar, resources).some(requestsSidecar);
}

/** Kinds {@link vmWorkloadsIn} looks up. */
export const VM_WORKLOADS_READS: readonly string[] = [WORKLOAD_ENTRY, WORKLOAD_GROUP];

/**
 * WorkloadEntries and WorkloadGroups of a namespace with the labels a workloadSelector is
 * matched against: a WorkloadEntry's `spec.labels`, and for a WorkloadGroup the
 * `spec.metadata.labels` that the entries it creates carry.
 */
export function vmWorkloadsIn(resources: ResourceSet, namespace: string): { resource: Resource; labels: Record<string, string> }[] {
  const labelsOf = (resource: Resource) => {
    const spec = resource.body.spec;
    if (!isObject(spec)) return {};
    if (resource.groupKind === WORKLOAD_ENTRY) return stringMap(spec.labels);
    return stringMap(isObject(spec.metadata) ? spec.metadata.labels : undefined);
  };
  return VM_WORKLOADS_READS.flatMap((kind) => resources.inNamespace(kind, namespace).map((resource) => ({ resource, labels: labelsOf(resource) })));
}
