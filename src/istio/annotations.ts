// Istio's annotation catalogue (src/istio/annotation-catalogue.ts, generated from istio/api and
// istio/istio) and where Istio reads annotations: on which kinds, and, for workloads, on the
// pod template rather than the workload's own metadata.
import { isObject } from '../model/resource.js';
import type { Path, Resource } from '../rule.js';
import { EXTENSIONS_INGRESS, INGRESS, NAMESPACE, POD, SERVICE, WORKLOAD_KINDS } from '../k8s/kinds.js';
import { metadataOf, podTemplateOf } from '../k8s/workload.js';
import { CATALOGUE } from './annotation-catalogue.js';
import { AUTHORIZATION_POLICY, SERVICE_ENTRY, WORKLOAD_ENTRY } from './kinds.js';

/** An annotation of istio/api's annotation/annotations.yaml. */
export interface CatalogueEntry {
  /** Alpha, Beta, Stable (or Unknown where the catalogue gives none). */
  readonly status: string;
  /** The kinds Istio reads it on, as the catalogue names them (`Pod`, `Service`, …, or `Any`). */
  readonly resources: readonly string[];
  readonly deprecated?: boolean;
  /** Left out of Istio's documentation: set by Istio itself or internal. */
  readonly hidden?: boolean;
  /** The name of the function in istio/istio pkg/kube/inject/validate.go that checks its value. */
  readonly validator?: string;
}

/** The type of one top-level field of mesh ProxyConfig, as protojson reads it. */
export interface ProxyConfigField {
  /** The proto field name (protojson accepts it as well as the JSON name). */
  readonly proto: string;
  /** string, bool, int, uint, number, duration, map, message, or an enum's value names. */
  readonly type: string | { readonly enum: readonly string[] };
  /** For a map (whose keys are strings): the type of its values. */
  readonly values?: string;
  readonly repeated?: boolean;
  readonly deprecated?: boolean;
}

/** What scripts/gen-annotations.ts writes. */
export interface AnnotationCatalogue {
  readonly generatedBy: string;
  readonly sources: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly annotations: Readonly<Record<string, CatalogueEntry>>;
  /** Annotations that istioctl analyze never reports: Istio writes them itself. */
  readonly alwaysIgnored: readonly string[];
  /** Annotations Istio reads that the catalogue does not list, with the file that reads each. */
  readonly uncatalogued: Readonly<Record<string, { readonly resources: readonly string[]; readonly readBy: string }>>;
  /** Annotations that earlier releases catalogued or read and the newest does not, with the last release that did. */
  readonly retired: Readonly<Record<string, { readonly resources: readonly string[]; readonly lastRelease: string }>>;
  /** The names of Istio's labels (istio/api label/labels.yaml). */
  readonly labels: readonly string[];
  readonly proxyConfig: Readonly<Record<string, ProxyConfigField>>;
}

export { CATALOGUE };

/** What meshlint knows of an annotation: its catalogue entry, or where Istio reads one it does not list. */
export interface AnnotationDefinition extends CatalogueEntry {
  readonly catalogued: boolean;
}

const IGNORED = new Set(CATALOGUE.alwaysIgnored);

/**
 * Whether an annotation is in Istio's namespace, as istioctl analyze judges it: the part
 * before the first `/` ends with `istio.io` (a plain suffix test), or it is the one
 * Kubernetes annotation Istio documents, `kubernetes.io/ingress.class`.
 */
export function isIstioAnnotation(name: string): boolean {
  if (name === INGRESS_CLASS) return true;
  const slash = name.indexOf('/');
  return slash > 0 && name.slice(0, slash).endsWith('istio.io');
}
export const INGRESS_CLASS = 'kubernetes.io/ingress.class';

/** Written by Istio itself (the injector's status, the gateway controller's version, the revision): never reported. */
export const isIgnoredAnnotation = (name: string) => IGNORED.has(name);

/** The definition of an annotation Istio reads, or undefined for one it does not know. */
export function annotationDefinition(name: string): AnnotationDefinition | undefined {
  if (Object.hasOwn(CATALOGUE.annotations, name)) return { ...CATALOGUE.annotations[name]!, catalogued: true };
  if (Object.hasOwn(CATALOGUE.uncatalogued, name)) return { status: 'Unknown', resources: CATALOGUE.uncatalogued[name]!.resources, catalogued: false };
  return undefined;
}

/** For an annotation an earlier release knew and the newest does not: the last release that knew it. */
export const retiredAnnotation = (name: string): string | undefined => (Object.hasOwn(CATALOGUE.retired, name) ? CATALOGUE.retired[name]!.lastRelease : undefined);

/** Every annotation name Istio reads, catalogued or not. */
export const knownAnnotations = (): string[] => [...Object.keys(CATALOGUE.annotations), ...Object.keys(CATALOGUE.uncatalogued)];

/** Whether Istio reads this annotation on this catalogue kind (`Pod`, `Service`, …); `Any` fits every kind. */
export function readOn(definition: CatalogueEntry, kind: string | undefined): boolean {
  return definition.resources.includes('Any') || (kind !== undefined && definition.resources.includes(kind));
}

/** Whether Istio reads this annotation only from a Pod (or a pod template). */
export function isPodAnnotation(name: string): boolean {
  if (isIgnoredAnnotation(name)) return false;
  const definition = annotationDefinition(name);
  return definition !== undefined && definition.resources.length === 1 && definition.resources[0] === 'Pod';
}

// What replaces each deprecated Pod annotation, where something does (advice, not catalogue data;
// a test checks that these are exactly the catalogue's deprecated Pod annotations).
const REPLACEMENTS: Readonly<Record<string, string | undefined>> = {
  'sidecar.istio.io/inject': 'the sidecar.istio.io/inject label',
  'sidecar.istio.io/discoveryAddress': 'discoveryAddress in proxy.istio.io/config',
  'sidecar.istio.io/extraStatTags': 'extraStatTags in proxy.istio.io/config',
  'sidecar.istio.io/statsInclusionPrefixes': 'proxyStatsMatcher in proxy.istio.io/config',
  'sidecar.istio.io/statsInclusionRegexps': 'proxyStatsMatcher in proxy.istio.io/config',
  'sidecar.istio.io/statsInclusionSuffixes': 'proxyStatsMatcher in proxy.istio.io/config',
  'sidecar.istio.io/statsCompression': undefined,
  'traffic.sidecar.istio.io/kubevirtInterfaces': 'the istio.io/reroute-virtual-interfaces annotation',
};
/** The deprecated Pod annotations {@link deprecatedPodAnnotation} knows a replacement for, or none for. */
export const DEPRECATED_POD_ANNOTATIONS: readonly string[] = Object.keys(REPLACEMENTS);

/** For a deprecated annotation, what replaces it (`''` when nothing does); undefined for others. */
export function deprecatedAnnotation(name: string): string | undefined {
  if (!CATALOGUE.annotations[name]?.deprecated) return undefined;
  return REPLACEMENTS[name] ?? '';
}
/** For a deprecated Pod annotation, what replaces it (`''` when nothing does); undefined for others. */
export const deprecatedPodAnnotation = (name: string) => (isPodAnnotation(name) ? deprecatedAnnotation(name) : undefined);

const KIND_OF: Readonly<Record<string, string>> = {
  [POD]: 'Pod', [SERVICE]: 'Service', [NAMESPACE]: 'Namespace', [INGRESS]: 'Ingress', [EXTENSIONS_INGRESS]: 'Ingress',
  [SERVICE_ENTRY]: 'ServiceEntry', [AUTHORIZATION_POLICY]: 'AuthorizationPolicy', [WORKLOAD_ENTRY]: 'WorkloadEntry',
};

/**
 * The kinds whose annotations the annotation rules check: those the catalogue names (but the
 * Gateway API's Gateway and GatewayClass, whose annotations Istio copies onto the gateway's
 * own Deployment and Pods and which Istio reads annotations on that the catalogue leaves out),
 * and every workload, whose pod template is a Pod to come.
 */
export const ANNOTATED_KINDS: readonly string[] = [...new Set([...Object.keys(KIND_OF), ...WORKLOAD_KINDS])];

/** One annotations map of an object and how Istio reads it. */
export interface AnnotationSite {
  /** Path of the `annotations` map inside the resource body. */
  readonly path: Path;
  /** The catalogue kind Istio reads these annotations as; undefined for a workload's own metadata, which Istio never reads. */
  readonly kind: string | undefined;
  /** Whether this is a workload's pod template. */
  readonly template: boolean;
  readonly annotations: Readonly<Record<string, string>>;
  /** The labels beside them. */
  readonly labels: Readonly<Record<string, string>>;
  /** The annotation values as written (strings, or other scalars the API server would reject). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * Label of the objects Istio's gateway controller generates for a Gateway API Gateway (its
 * Deployment, Service, ServiceAccount): they carry the Gateway's annotations, whichever they are.
 */
const GATEWAY_MANAGED = 'gateway.istio.io/managed';
/** Whether Istio's gateway controller generated this object (and copied the Gateway's annotations onto it). */
export const isGatewayGenerated = (resource: Resource) => metadataOf(resource).labels[GATEWAY_MANAGED] !== undefined;

/**
 * The annotation maps of an object that the annotation rules check: its own, and a workload's
 * pod template; none for an object that Istio's gateway controller generated.
 */
export function annotationSites(resource: Resource): AnnotationSite[] {
  if (isGatewayGenerated(resource)) return [];
  const own = metadataOf(resource);
  const rawOwn = isObject(resource.body.metadata) && isObject(resource.body.metadata.annotations) ? resource.body.metadata.annotations : {};
  const sites: AnnotationSite[] = [{ path: ['metadata', 'annotations'], kind: KIND_OF[resource.groupKind], template: false, ...own, raw: rawOwn }];
  const template = resource.groupKind === POD ? undefined : podTemplateOf(resource);
  if (template) {
    let node: unknown = resource.body;
    for (const key of [...template.path, 'metadata', 'annotations']) node = isObject(node) ? node[key] : undefined;
    sites.push({ path: [...template.path, 'metadata', 'annotations'], kind: 'Pod', template: true, annotations: template.annotations, labels: template.labels, raw: isObject(node) ? node : {} });
  }
  return sites;
}

/** `Pods`, `Ingresses`, `ServiceEntries`: a catalogue kind in the plural. */
export const plural = (kind: string) => (/[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : /s$/.test(kind) ? `${kind}es` : `${kind}s`);

/** The kinds an annotation is read on: `Pods`, `Services and ServiceEntries`, or with `or`, `Service or ServiceEntry`. */
export function kindsText(definition: CatalogueEntry, joiner: 'and' | 'or' = 'and'): string {
  const kinds = definition.resources.filter((k) => k !== 'Any').map(joiner === 'and' ? plural : (k) => k);
  return kinds.length <= 1 ? kinds.join('') : `${kinds.slice(0, -1).join(', ')} ${joiner} ${kinds.at(-1)}`;
}

/** ` in its pod template` for a workload's template, `''` for an object's own annotations: where a message says the annotation is. */
export const siteText = (site: AnnotationSite) => (site.template ? ' in its pod template' : '');

/** Whether this name is one of Istio's labels (istio/api label/labels.yaml). */
export const isIstioLabel = (name: string) => CATALOGUE.labels.includes(name);
