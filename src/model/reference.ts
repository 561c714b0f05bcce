import type { ResourceIdentity } from '../rule.js';

/**
 * The API group a well-known Kind names when written alone. A resource of such a kind in
 * another group is named with its group (`Gateway.gateway.networking.k8s.io shop/web`),
 * so that Istio's Gateway and the Gateway API's, or a core Service and a Knative Service,
 * never share a name in messages, ignore globs, baselines and fingerprints. Kinds not
 * listed here (custom resources) are written alone.
 */
const HOME_GROUP: Readonly<Record<string, string>> = {
  ...homes('', 'Binding ComponentStatus ConfigMap Endpoints Event LimitRange Namespace Node PersistentVolume PersistentVolumeClaim Pod PodTemplate ReplicationController ResourceQuota Secret Service ServiceAccount'),
  ...homes('apps', 'ControllerRevision DaemonSet Deployment ReplicaSet StatefulSet'),
  ...homes('batch', 'CronJob Job'),
  ...homes('autoscaling', 'HorizontalPodAutoscaler'),
  ...homes('policy', 'PodDisruptionBudget PodSecurityPolicy'),
  ...homes('networking.k8s.io', 'Ingress IngressClass IPAddress NetworkPolicy ServiceCIDR'),
  ...homes('discovery.k8s.io', 'EndpointSlice'),
  ...homes('rbac.authorization.k8s.io', 'ClusterRole ClusterRoleBinding Role RoleBinding'),
  ...homes('admissionregistration.k8s.io', 'MutatingAdmissionPolicy MutatingAdmissionPolicyBinding MutatingWebhookConfiguration ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding ValidatingWebhookConfiguration'),
  ...homes('apiextensions.k8s.io', 'CustomResourceDefinition'),
  ...homes('apiregistration.k8s.io', 'APIService'),
  ...homes('storage.k8s.io', 'CSIDriver CSINode CSIStorageCapacity StorageClass VolumeAttachment'),
  ...homes('scheduling.k8s.io', 'PriorityClass'),
  ...homes('node.k8s.io', 'RuntimeClass'),
  ...homes('coordination.k8s.io', 'Lease'),
  ...homes('certificates.k8s.io', 'CertificateSigningRequest'),
  ...homes('flowcontrol.apiserver.k8s.io', 'FlowSchema PriorityLevelConfiguration'),
  // Istio's Gateway keeps the plain name: it is the one Istio users mean.
  ...homes('networking.istio.io', 'DestinationRule EnvoyFilter Gateway ProxyConfig ServiceEntry Sidecar VirtualService WorkloadEntry WorkloadGroup'),
  ...homes('security.istio.io', 'AuthorizationPolicy PeerAuthentication RequestAuthentication'),
  ...homes('telemetry.istio.io', 'Telemetry'),
  ...homes('extensions.istio.io', 'WasmPlugin'),
  ...homes('install.istio.io', 'IstioOperator'),
  ...homes('gateway.networking.k8s.io', 'BackendTLSPolicy GatewayClass GRPCRoute HTTPRoute ReferenceGrant TCPRoute TLSRoute UDPRoute'),
};

function homes(group: string, kinds: string): Record<string, string> {
  return Object.fromEntries(kinds.split(' ').map((kind) => [kind, group]));
}

/** The API group of an apiVersion: `''` for the core group (`v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `group/Kind`, or `Kind` for the core group: what rule metadata lists in `kinds`. */
export function groupKindOf(apiVersion: string, kind: string): string {
  const group = groupOf(apiVersion);
  return group === '' ? kind : `${group}/${kind}`;
}

/** `Kind`, or `Kind.group` where the kind alone would name another group's objects. */
export function qualifiedKind(group: string, kind: string): string {
  const home = HOME_GROUP[kind];
  return home === undefined || home === group ? kind : `${kind}.${group === '' ? 'core' : group}`;
}

/**
 * `Kind namespace/name`, or `Kind name` for cluster-scoped objects, with the group where
 * the kind is ambiguous: how every message, ignore glob and baseline names a resource.
 */
export function refOf(r: { readonly group: string; readonly kind: string; readonly namespace?: string | undefined; readonly name: string }): string {
  const kind = qualifiedKind(r.group, r.kind);
  return r.namespace === undefined ? `${kind} ${r.name}` : `${kind} ${r.namespace}/${r.name}`;
}

/** The identity findings carry: computed once from the resource, read by every format. */
export function identityOf(r: { readonly group: string; readonly kind: string; readonly namespace?: string | undefined; readonly name: string; readonly ref: string }): ResourceIdentity {
  return { group: r.group, kind: r.kind, ...(r.namespace === undefined ? {} : { namespace: r.namespace }), name: r.name, ref: r.ref };
}
