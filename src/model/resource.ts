import type { Json, JsonObject, Path, Resource, ResourceSet } from '../rule.js';

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

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects: how every message names a resource. */
export function refOf(r: { readonly kind: string; readonly namespace?: string | undefined; readonly name: string }): string {
  return r.namespace === undefined ? `${r.kind} ${r.name}` : `${r.kind} ${r.namespace}/${r.name}`;
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
  if (data === null) return 'empty';
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
    ref: refOf({ kind, namespace, name }),
    groupKind: groupKindOf(apiVersion, kind),
  };
}

/** What a value is, in messages: "a number", "null", "a list". */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** A problem with the shape of an object, at a path inside it. */
export interface ShapeProblem { readonly at: Path; readonly focus?: 'key' | 'value'; readonly message: string; readonly hint?: string }

const REJECTED = 'The API server rejects the object, and no other rule checks it.';

const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : value === null ? 'null' : `${typeName(value)} (${JSON.stringify(value)})`);

/**
 * What the API server would reject in an object's apiVersion, kind and metadata. Rules rely
 * on these shapes, so an object with a problem never reaches them. Documents without both
 * apiVersion and kind are not objects at all (Helm values, CI files), and an object without
 * metadata is left alone: kubeconfigs and kustomizations have none.
 */
export function shapeProblems(data: Json): ShapeProblem[] {
  if (!isObject(data) || data.apiVersion === undefined || data.kind === undefined) return [];
  const problems: ShapeProblem[] = [];
  for (const key of ['apiVersion', 'kind'] as const) {
    const value = data[key];
    if (typeof value !== 'string' || value === '') {
      problems.push({ at: [key], focus: 'value', message: `"${key}" is ${value === '' ? 'empty' : typeName(value)}, not a string`, hint: REJECTED });
    }
  }
  if (problems.length > 0 || data.metadata === undefined) return problems;
  const kind = data.kind as string;
  const metadata = data.metadata;
  if (!isObject(metadata)) {
    return [{ at: ['metadata'], focus: 'value', message: `"metadata" of a ${kind} is ${typeName(metadata)}, not a mapping`, hint: REJECTED }];
  }
  const name = metadata.name;
  const subject = typeof name === 'string' && name !== '' ? `${kind} "${name}"` : `a ${kind}`;
  if (name === undefined || name === null || name === '') {
    if (typeof metadata.generateName !== 'string') problems.push({ at: ['metadata'], focus: 'key', message: `${subject} has no "metadata.name"`, hint: 'The API server rejects an object without a name or generateName.' });
  } else if (typeof name !== 'string') {
    problems.push({ at: ['metadata', 'name'], focus: 'value', message: `"metadata.name" of ${subject} is ${quoted(name)}, not a string`, hint: 'Quote it: the API server accepts only a string.' });
  }
  for (const key of ['namespace', 'generateName'] as const) {
    const value = metadata[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      problems.push({ at: ['metadata', key], focus: 'value', message: `"metadata.${key}" of ${subject} is ${quoted(value)}, not a string`, hint: REJECTED });
    }
  }
  for (const [key, what] of [['labels', 'label'], ['annotations', 'annotation']] as const) {
    const map = metadata[key];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      problems.push({ at: ['metadata', key], focus: 'value', message: `"metadata.${key}" of ${subject} is ${typeName(map)}, not a mapping of strings`, hint: REJECTED });
      continue;
    }
    for (const [entry, value] of Object.entries(map)) {
      if (typeof value === 'string') continue;
      const remedy = value === null ? 'Write "" for an empty value: the API server accepts only strings.' : 'Quote it: the API server accepts only strings (an unquoted 1.10 is the number 1.1).';
      problems.push({ at: ['metadata', key, entry], focus: value === null ? 'key' : 'value', message: `${what} "${entry}" of ${subject} is ${quoted(value)}, not a string`, hint: remedy });
    }
  }
  return problems;
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
