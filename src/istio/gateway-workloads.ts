import { SERVICE, WORKLOAD_KINDS } from '../k8s/kinds.js';
import { matchesLabels } from '../k8s/selector.js';
import { servicePorts, servicesIn, serviceSelector, type ServicePort } from '../k8s/services.js';
import { podTemplateOf } from '../k8s/workload.js';
import { inTree, treeIndex } from '../model/file-tree.js';
import path from 'node:path';
import type { Resource, ResourceSet, Settings } from '../rule.js';
import { MESH_CONFIG_READS, meshConfig } from './mesh-config.js';

// The pods a Gateway's selector picks, from the pod templates of the files' workloads in every
// namespace, plus Istio's default ingress gateway that `istioctl analyze` assumes in files mode
// (pkg/config/analysis/local/defaults.go): a pod labelled `istio: ingressgateway` and its
// Service `istio-ingressgateway` in the root namespace, unless the mesh config sets
// `ingressControllerMode: OFF` or the files hold their own Service of that name.

/** Kinds {@link podsSelectedBy} and {@link workloadsKnown} look up. */
export const GATEWAY_WORKLOADS_READS: readonly string[] = [...WORKLOAD_KINDS, ...MESH_CONFIG_READS];
/** Kinds {@link servicesOfPod} looks up. */
export const GATEWAY_SERVICES_READS: readonly string[] = [...GATEWAY_WORKLOADS_READS, SERVICE];

/** A pod, as a workload's template describes it, or Istio's assumed default ingress gateway pod. */
export interface GatewayPod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Undefined for the assumed default ingress gateway. */
  readonly workload?: Resource;
}

/** A Service in front of gateway pods; `resource` is undefined for the assumed default one. */
export interface GatewayService {
  readonly name: string;
  readonly ports: readonly ServicePort[];
  readonly resource?: Resource;
}

const DEFAULT_LABELS = { istio: 'ingressgateway' };
// istioctl's defaults target the service ports themselves; the gateway chart Istio installs
// today targets 8080 and 8443 for 80 and 443 (its pods run without root), so both count.
const DEFAULT_PORTS: ServicePort[] = [[80, 'http2', 80], [443, 'https', 443], [31400, 'tcp', 31400], [15443, 'tls', 15443], [80, 'http2', 8080], [443, 'https', 8443]]
  .map(([port, name, target], index) => ({ index, name: name as string, port: port as number, protocol: 'TCP', targetPort: target as number }));

interface Pods { readonly all: GatewayPod[]; readonly byLabel: Map<string, GatewayPod[]> }

/** Whether Istio's default ingress gateway is assumed: unless the mesh config sets `ingressControllerMode: OFF`. */
function assumesDefaults(resources: ResourceSet, settings: Settings): boolean {
  return resources.memo('gatewayDefaults', () => {
    const mode = meshConfig(resources, settings)?.config.ingressControllerMode;
    return !(typeof mode === 'string' && mode.toUpperCase() === 'OFF');
  });
}

function ingressService(resources: ResourceSet, settings: Settings): string {
  const name = meshConfig(resources, settings)?.config.ingressService;
  return typeof name === 'string' && name !== '' ? name : 'istio-ingressgateway';
}

function pods(resources: ResourceSet, settings: Settings): Pods {
  return resources.memo('gatewayPods', () => {
    const all: GatewayPod[] = [];
    for (const kind of WORKLOAD_KINDS) {
      for (const workload of resources.ofKind(kind)) {
        const pod = podOf(workload);
        if (pod) all.push(pod);
      }
    }
    const defaults = assumesDefaults(resources, settings);
    if (defaults) all.push({ namespace: settings.rootNamespace, labels: DEFAULT_LABELS });
    const byLabel = new Map<string, GatewayPod[]>();
    for (const pod of all) {
      for (const key of labelKeys(pod)) {
        const list = byLabel.get(key);
        if (list) list.push(pod); else byLabel.set(key, [pod]);
      }
    }
    return { all, byLabel };
  });
}

const podsOf = new WeakMap<Resource, GatewayPod | undefined>();
const keysOf = new WeakMap<GatewayPod, string[]>();

/** A workload's pod, the same object for the same workload: the index of pods is built again after every edit of a workload. */
function podOf(workload: Resource): GatewayPod | undefined {
  if (podsOf.has(workload)) return podsOf.get(workload);
  const template = podTemplateOf(workload);
  const pod = template && workload.namespace !== undefined ? { namespace: workload.namespace, labels: template.labels, workload } : undefined;
  podsOf.set(workload, pod);
  return pod;
}

function labelKeys(pod: GatewayPod): string[] {
  let keys = keysOf.get(pod);
  if (!keys) keysOf.set(pod, (keys = Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`)));
  return keys;
}

/** Whether the files hold workloads in the referrer's directory tree, so that a selector matching none is not about pods kept elsewhere. */
export function workloadsKnown(resources: ResourceSet, settings: Settings, referrer: Resource): boolean {
  return resources.memo(`workloadsKnown\0${path.dirname(referrer.file)}`, () => inTree(
    resources.memo('gatewayWorkloadTree', () => treeIndex(pods(resources, settings).all.flatMap((p) => (p.workload ? [p.workload] : [])))), referrer));
}

/** The pods of any namespace whose labels include the selector (an empty one selects all), found through a label index. */
export function podsSelectedBy(resources: ResourceSet, settings: Settings, selector: Readonly<Record<string, string>>): GatewayPod[] {
  const first = Object.entries(selector)[0];
  if (!first) return pods(resources, settings).all;
  // A memo per selector: a workload that changes elsewhere leaves it equal, and its users stand.
  return resources.memo(`gatewayPodsSelectedBy\0${JSON.stringify(selector)}`,
    () => (pods(resources, settings).byLabel.get(`${first[0]}=${first[1]}`) ?? []).filter((p) => matchesLabels(selector, p.labels)));
}

/** The Services of the pod's namespace that select it, with the assumed default ingress Service. */
export function servicesOfPod(resources: ResourceSet, settings: Settings, pod: GatewayPod): GatewayService[] {
  const found: GatewayService[] = servicesIn(resources, pod.namespace).flatMap((s) => {
    const selector = serviceSelector(s);
    return selector && matchesLabels(selector, pod.labels) ? [{ name: s.name, ports: servicePorts(s), resource: s }] : [];
  });
  const name = ingressService(resources, settings);
  if (assumesDefaults(resources, settings) && pod.namespace === settings.rootNamespace && matchesLabels(DEFAULT_LABELS, pod.labels)
    && !found.some((s) => s.name === name) && !resources.get(SERVICE, settings.rootNamespace, name)) {
    found.push({ name, ports: DEFAULT_PORTS });
  }
  return found;
}
