import type { Resource, ResourceSet, Settings } from '../rule.js';
import { NAMESPACE } from '../k8s/kinds.js';
import { metadataOf, podTemplateOf } from '../k8s/workload.js';

/** Namespaces Istio's injector never touches (pkg/kube/inject IgnoredNamespaces). */
export const NEVER_INJECTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

export const LABEL = {
  injection: 'istio-injection',
  revision: 'istio.io/rev',
  dataplaneMode: 'istio.io/dataplane-mode',
  inject: 'sidecar.istio.io/inject',
} as const;

/** How a Namespace object asks for sidecar injection. */
export interface NamespaceInjection {
  readonly namespace: string;
  /** The Namespace object, when the linted files hold one. */
  readonly resource: Resource | undefined;
  /** Value of `istio-injection`, if the label is present. */
  readonly injectionLabel: string | undefined;
  /** Non-empty `istio.io/rev`, if present. */
  readonly revision: string | undefined;
  /** `istio.io/dataplane-mode: ambient` without sidecar injection. */
  readonly ambient: boolean;
  /**
   * Whether the namespace's webhooks inject by default: `true` for `istio-injection=enabled`
   * or a revision label, `false` when `istio-injection` has another value (no webhook matches
   * at all then), undefined when unlabelled (Pods may still opt in) or when the Namespace
   * object is not among the files.
   */
  readonly injects: boolean | undefined;
}

/** Kinds {@link namespaceInjection} looks up. */
export const NAMESPACE_INJECTION_READS: readonly string[] = [NAMESPACE];

export function namespaceInjection(resources: ResourceSet, namespace: string): NamespaceInjection {
  const resource = resources.get(NAMESPACE, undefined, namespace);
  const labels = resource ? metadataOf(resource).labels : {};
  const injectionLabel = labels[LABEL.injection];
  const revision = labels[LABEL.revision] || undefined;
  const sidecarMode = injectionLabel === 'enabled' || (injectionLabel === undefined && revision !== undefined);
  return {
    namespace, resource, injectionLabel, revision,
    ambient: labels[LABEL.dataplaneMode] === 'ambient' && !sidecarMode,
    // `istio-injection` takes precedence: every revision webhook requires it to be absent.
    injects: !resource ? undefined : injectionLabel !== undefined ? injectionLabel === 'enabled' : revision !== undefined ? true : undefined,
  };
}

/** Whether Istio will inject a sidecar into a workload's Pods, and why. */
export interface WorkloadInjection {
  /** `undefined` when the files cannot tell (the Namespace object is elsewhere). */
  readonly injected: boolean | undefined;
  readonly revision: string | undefined;
  readonly reason: string;
}

/** Kinds {@link workloadInjection} looks up. */
export const WORKLOAD_INJECTION_READS: readonly string[] = NAMESPACE_INJECTION_READS;

/**
 * Mirrors the webhook selectors of Istio's injector chart and `injectRequired`: the
 * namespace label first, then the pod's `sidecar.istio.io/inject` / `istio.io/rev` labels.
 */
export function workloadInjection(workload: Resource, resources: ResourceSet, settings: Settings): WorkloadInjection {
  const template = podTemplateOf(workload);
  const namespace = workload.namespace ?? settings.defaultNamespace;
  if (!template) return { injected: false, revision: undefined, reason: 'not a workload' };
  if (NEVER_INJECTED_NAMESPACES.includes(namespace)) return { injected: false, revision: undefined, reason: `Istio never injects into ${namespace}` };
  if (template.spec.hostNetwork === true) return { injected: false, revision: undefined, reason: 'the pods use hostNetwork' };
  const optIn = template.labels[LABEL.inject];
  const podRevision = template.labels[LABEL.revision] || undefined;
  if (optIn === 'false') return { injected: false, revision: undefined, reason: `the pod template sets label ${LABEL.inject}: "false"` };
  const ns = namespaceInjection(resources, namespace);
  if (ns.injectionLabel !== undefined && ns.injectionLabel !== 'enabled') {
    return { injected: false, revision: undefined, reason: `Namespace ${namespace} has ${LABEL.injection}: "${ns.injectionLabel}"` };
  }
  if (ns.injectionLabel === 'enabled') return { injected: true, revision: 'default', reason: `Namespace ${namespace} has ${LABEL.injection}: enabled` };
  if (ns.revision) return { injected: true, revision: ns.revision, reason: `Namespace ${namespace} has ${LABEL.revision}: ${ns.revision}` };
  if (podRevision) return { injected: true, revision: podRevision, reason: `the pod template has label ${LABEL.revision}: ${podRevision}` };
  if (optIn === 'true') return { injected: true, revision: 'default', reason: `the pod template has label ${LABEL.inject}: "true"` };
  if (!ns.resource) return { injected: undefined, revision: undefined, reason: `the Namespace ${namespace} object is not among the linted files` };
  return { injected: false, revision: undefined, reason: `Namespace ${namespace} has no injection label` };
}

/**
 * The injection labels of a Namespace as Istio's IST0123 counts them: `istio-injection`
 * whatever its value (empty included), `istio.io/rev` and `istio.io/dataplane-mode` only
 * when `istio-injection` is absent or `enabled`, since any other value disables injection
 * and makes the rest moot. The first key is the one Istio follows; the others it ignores:
 * every revision webhook requires `istio-injection` to be absent, and a sidecar-injected
 * namespace is not captured by ambient.
 */
export function countedInjectionLabels(labels: Readonly<Record<string, string>>): string[] {
  const legacy = labels[LABEL.injection];
  const counted: string[] = legacy !== undefined ? [LABEL.injection] : [];
  for (const key of [LABEL.revision, LABEL.dataplaneMode]) {
    if (Object.hasOwn(labels, key) && (legacy === undefined || legacy === 'enabled')) counted.push(key);
  }
  return counted;
}

// Namespace labels and annotations by which another mesh's injector takes a namespace in:
// AWS App Mesh, Linkerd, Kuma (and Kong Mesh) and Open Service Mesh.
const OTHER_MESH_KEYS = ['appmesh.k8s.aws/sidecarInjectorWebhook', 'linkerd.io/inject', 'kuma.io/sidecar-injection', 'openservicemesh.io/monitored-by', 'openservicemesh.io/sidecar-injection'];

/** The label or annotation by which another mesh's injector manages a Namespace, if any. */
export function otherMeshInjection(namespace: Resource): string | undefined {
  const { labels, annotations } = metadataOf(namespace);
  return OTHER_MESH_KEYS.find((key) => {
    const value = labels[key] ?? annotations[key];
    return value !== undefined && value !== 'disabled' && value !== 'false';
  });
}
