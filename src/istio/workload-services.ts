import { matchesLabels } from '../k8s/selector.js';
import { servicesIn, serviceSelector, SERVICES_READS } from '../k8s/services.js';
import { metadataOf, podTemplateOf } from '../k8s/workload.js';
import type { Resource, ResourceSet, Settings } from '../rule.js';
import { WORKLOAD_INJECTION_READS, workloadInjection } from './injection.js';

// The Services in front of a mesh workload, for the checks that compare their ports.

/** Kinds {@link meshWorkloadServices} looks up. */
export const WORKLOAD_SERVICES_READS: readonly string[] = [...SERVICES_READS, ...WORKLOAD_INJECTION_READS];

/**
 * The Services of a workload's namespace whose selector matches its pod template, when the
 * workload gets a sidecar (an `istio-proxy` container or injection) and is not a waypoint;
 * `[]` otherwise, and when the files cannot tell whether it is injected.
 */
export function meshWorkloadServices(workload: Resource, resources: ResourceSet, settings: Settings): Resource[] {
  const template = podTemplateOf(workload);
  if (!template || workload.namespace === undefined) return [];
  if (metadataOf(workload).labels['gateway.istio.io/managed'] === 'istio.io-mesh-controller') return [];
  const containers = Array.isArray(template.spec.containers) ? template.spec.containers : [];
  const proxy = containers.some((c) => typeof c === 'object' && c !== null && !Array.isArray(c) && c.name === 'istio-proxy' && typeof c.image === 'string' && c.image !== '');
  // The legacy pod annotation still opts a pod out (Istio's analyzers read it after the label).
  if (!proxy && template.annotations['sidecar.istio.io/inject'] === 'false' && template.labels['sidecar.istio.io/inject'] === undefined) return [];
  if (!proxy && workloadInjection(workload, resources, settings).injected !== true) return [];
  return servicesIn(resources, workload.namespace).filter((s) => {
    const selector = serviceSelector(s);
    return selector !== undefined && matchesLabels(selector, template.labels);
  });
}
