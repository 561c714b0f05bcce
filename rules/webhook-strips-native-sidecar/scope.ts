import { isObject } from '../../src/model/resource.js';
import type { JsonObject, Path, Resource, ResourceSet, Settings } from '../../src/rule.js';
import { imageMatches, imageTag } from '../../src/k8s/image.js';
import { NAMESPACE_INJECTION_READS, namespaceInjection } from '../../src/istio/injection.js';
import { MESH_NATIVE_READS, meshNative, usesNative, WORKLOAD_NATIVE_READS, workloadNative, type Native } from '../../src/istio/native-sidecars.js';
import { matchesSelector } from '../../src/k8s/selector.js';
import { coversPodCreate } from '../../src/k8s/webhooks.js';
import { DAEMON_SET, DEPLOYMENT, NAMESPACE, WORKLOAD_KINDS } from '../../src/k8s/kinds.js';
import { metadataOf, podTemplateOf } from '../../src/k8s/workload.js';
import { isFixed } from './match.js';

export { coversPodCreate };
import type { SelectorHint, WebhookEntry } from './catalogue-entry.js';

/** Kinds the functions of this module look up. */
export const READS: readonly string[] = [
  ...WORKLOAD_KINDS, NAMESPACE, DEPLOYMENT, DAEMON_SET, ...MESH_NATIVE_READS, ...WORKLOAD_NATIVE_READS, ...NAMESPACE_INJECTION_READS,
];

/** A place where Pods with native sidecars are, or may be, created. */
export interface NativeTarget {
  readonly resource: Resource;
  readonly at: Path;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly native: Exclude<Native, 'no'>;
  readonly reason: string;
  /** `.lintrc` key that would settle an `unknown`. */
  readonly settle?: string;
}

/**
 * Workloads whose Pods run native sidecars (or may), and injected Namespaces of the files
 * that hold no workload, since their future Pods get the proxy too.
 */
export function nativeTargets(resources: ResourceSet, settings: Settings): NativeTarget[] {
  return resources.memo('nativeTargets', () => findNativeTargets(resources, settings));
}

function findNativeTargets(resources: ResourceSet, settings: Settings): NativeTarget[] {
  const mesh = meshNative(resources, settings);
  const targets: NativeTarget[] = [];
  const withWorkloads = new Set<string>();
  for (const kind of WORKLOAD_KINDS) {
    for (const workload of resources.ofKind(kind)) {
      const template = podTemplateOf(workload);
      const namespace = workload.namespace ?? settings.defaultNamespace;
      if (!template) continue;
      withWorkloads.add(namespace);
      const decision = workloadNative(workload, resources, settings, mesh);
      const native = usesNative(decision);
      if (native === 'no') continue;
      const reason = decision.declared.length > 0 ? `init container "${decision.declared[0]!.name}" has restartPolicy: Always` : decision.reason;
      targets.push({ resource: workload, at: template.path, namespace, podLabels: template.labels, native, reason, settle: decision.settle ?? (decision.injected === undefined ? 'the Namespace object' : undefined) });
    }
  }
  const { native, reason, settle } = mesh.decision;
  if (native === 'no') return targets;
  for (const object of resources.ofKind(NAMESPACE)) {
    if (withWorkloads.has(object.name) || namespaceInjection(resources, object.name).injects !== true) continue;
    targets.push({ resource: object, at: ['metadata', 'labels'], namespace: object.name, podLabels: {}, native, reason, settle });
  }
  return targets;
}

/** Labels a Namespace has, including the `kubernetes.io/metadata.name` label the API server adds. */
export function namespaceLabels(resources: ResourceSet, namespace: string): Record<string, string> {
  const object = resources.get(NAMESPACE, undefined, namespace);
  return { ...(object ? metadataOf(object).labels : {}), 'kubernetes.io/metadata.name': namespace };
}

/** Targets a webhook's namespaceSelector and objectSelector both select; a malformed selector selects nothing. */
export function selectedBy(webhook: JsonObject, targets: readonly NativeTarget[], resources: ResourceSet): NativeTarget[] {
  return targets.filter((t) => matchesSelector(webhook.namespaceSelector, namespaceLabels(resources, t.namespace)) === true
    && matchesSelector(webhook.objectSelector, t.podLabels) === true);
}

/** The catalogue's selector hints as a test: any opt-in label (if any are listed) and no opt-out label. */
export function matchesHint(hint: SelectorHint | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!hint) return true;
  const present = (label: string) => {
    const [key, value] = label.split('=') as [string, string | undefined];
    return Object.hasOwn(labels, key) && (value === undefined || labels[key] === value);
  };
  return (!hint.optIn?.length || hint.optIn.some(present)) && !(hint.optOut ?? []).some((key) => Object.hasOwn(labels, key));
}

const images = new WeakMap<Resource, Server[]>();

/** A workload's containers with their images, read once per object: every configuration check scans them all. */
function imagesOf(resource: Resource): Server[] {
  let found = images.get(resource);
  if (found) return found;
  found = [];
  const template = podTemplateOf(resource);
  const containers = template?.spec.containers;
  if (template && Array.isArray(containers)) {
    containers.forEach((c, i) => {
      if (isObject(c) && typeof c.image === 'string') found!.push({ resource, at: [...template.path, 'spec', 'containers', i, 'image'], image: c.image });
    });
  }
  images.set(resource, found);
  return found;
}

/** A container of a Deployment or DaemonSet whose image is one of the entry's. */
export interface Server {
  readonly resource: Resource;
  readonly at: Path;
  readonly image: string;
}

export function serversOf(entry: WebhookEntry, resources: ResourceSet, namespace?: string): Server[] {
  const servers: Server[] = [];
  const repos = entry.fingerprints.images;
  if (!repos?.length) return servers;
  for (const kind of [DEPLOYMENT, DAEMON_SET]) {
    for (const resource of namespace !== undefined ? resources.inNamespace(kind, namespace) : resources.ofKind(kind)) {
      for (const server of imagesOf(resource)) if (repos.some((repo) => imageMatches(server.image, repo))) servers.push(server);
    }
  }
  return servers;
}

/**
 * `affected` when every release is, or a server's tag is below the fix; `unknown` without a
 * readable tag. `fallback` stands in for the tag when no server is among the files.
 */
export function versionStatus(entry: WebhookEntry, servers: readonly Server[], fallback?: string): 'affected' | 'fixed' | 'unknown' {
  if (entry.fixed === null) return 'affected';
  const fixed = servers.length ? servers.map((s) => isFixed(entry, imageTag(s.image))) : fallback ? [isFixed(entry, fallback)] : [];
  if (fixed.includes(false)) return 'affected';
  return fixed.length > 0 && fixed.every((f) => f === true) ? 'fixed' : 'unknown';
}
