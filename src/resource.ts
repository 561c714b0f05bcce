import type { Json, JsonObject, Path, Resource, ResourceSet } from './types.js';

/**
 * Kinds that have no namespace. Keyed by Kind alone: these names are not reused by
 * namespaced kinds in any API group meshlint meets.
 */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding',
  'ComponentStatus', 'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema', 'GatewayClass',
  'IngressClass', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
  'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration',
  'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `group/Kind`, or `Kind` for the core group, from an apiVersion and kind. */
export function groupKindOf(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? kind : `${apiVersion.slice(0, slash)}/${kind}`;
}

/**
 * Builds a Resource from a document's data, or returns the reason it is not one
 * (Helm values, kustomization.yaml and CI files have no apiVersion/kind).
 */
export function toResource(
  data: Json, where: { file: string; doc: number; base: Path }, defaultNamespace: string,
): Resource | string {
  if (!isObject(data)) return 'not a mapping';
  const { apiVersion, kind } = data;
  if (typeof apiVersion !== 'string' || apiVersion === '') return 'no apiVersion';
  if (typeof kind !== 'string' || kind === '') return 'no kind';
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const namespace = CLUSTER_SCOPED.has(kind)
    ? undefined
    : typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
  return {
    kind, apiVersion, group, version: apiVersion.slice(slash + 1), name, namespace,
    file: where.file, doc: where.doc, base: where.base, body: data,
    ref: namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}`,
    groupKind: groupKindOf(apiVersion, kind),
  };
}

/** `kind: List` (and `FooList`) documents hold their objects under `items`. */
export function listItems(data: Json): Json[] | undefined {
  if (!isObject(data) || typeof data.kind !== 'string' || !data.kind.endsWith('List')) return undefined;
  return Array.isArray(data.items) ? data.items : undefined;
}

export function createResourceSet(resources: readonly Resource[]): ResourceSet {
  const byKind = new Map<string, Resource[]>();
  const byKindNs = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource>();
  const push = (map: Map<string, Resource[]>, key: string, r: Resource) => {
    const list = map.get(key);
    if (list) list.push(r); else map.set(key, [r]);
  };
  for (const r of resources) {
    push(byKind, r.groupKind, r);
    if (r.namespace !== undefined) push(byKindNs, `${r.groupKind}\0${r.namespace}`, r);
    const key = `${r.groupKind}\0${r.namespace ?? ''}\0${r.name}`;
    if (!byKey.has(key)) byKey.set(key, r);
  }
  const memos = new Map<string, unknown>();
  return {
    all: () => resources,
    memo: <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
    ofKind: (groupKind) => byKind.get(groupKind) ?? [],
    inNamespace: (groupKind, namespace) => byKindNs.get(`${groupKind}\0${namespace}`) ?? [],
    get: (groupKind, namespace, name) => byKey.get(`${groupKind}\0${namespace ?? ''}\0${name}`),
  };
}

/**
 * The view of the set one rule gets: lookups of kinds the rule does not declare throw, so
 * that a missing `reads` entry shows up in its tests instead of as a silently empty lookup
 * (documents of undeclared kinds may not have been parsed at all).
 */
export function viewFor(set: ResourceSet, meta: { id: string; kinds: readonly string[]; reads?: readonly string[] }): ResourceSet {
  const allowed = new Set([...meta.kinds, ...(meta.reads ?? [])]);
  if (allowed.has('*')) return set;
  const check = (groupKind: string) => {
    if (!allowed.has(groupKind)) throw new Error(`looks up ${groupKind} objects without listing "${groupKind}" in meta.reads`);
  };
  return {
    all: () => { throw new Error('reads every resource without "*" in meta.kinds'); },
    ofKind: (groupKind) => (check(groupKind), set.ofKind(groupKind)),
    inNamespace: (groupKind, namespace) => (check(groupKind), set.inNamespace(groupKind, namespace)),
    get: (groupKind, namespace, name) => (check(groupKind), set.get(groupKind, namespace, name)),
    memo: (key, compute) => set.memo(key, compute),
  };
}
