import path from 'node:path';
import { sameTree } from '../model/file-tree.js';
import { isObject } from '../model/resource.js';
import type { Resource, ResourceSet } from '../rule.js';
import { SERVICE } from '../k8s/kinds.js';
import { servicePorts } from '../k8s/services.js';
import { metadataOf } from '../k8s/workload.js';
import { SERVICE_ENTRY } from './kinds.js';

// The hosts a proxy can route to, as Istio's analyzers index them: ServiceEntry hosts and
// Kubernetes Services as `name.ns.svc.cluster.local`, each visible in the namespaces of its
// exportTo (`spec.exportTo`, or the `networking.istio.io/exportTo` annotation of a Service).

/** Istio's default DNS domain of the cluster. */
export const CLUSTER_DOMAIN = 'cluster.local';
/** Kinds the helpers below look up. */
export const SERVICE_REGISTRY_READS: readonly string[] = [SERVICE, SERVICE_ENTRY];

/** A host that a Service or ServiceEntry provides. */
export interface ServiceHost {
  readonly host: string;
  readonly resource: Resource;
  readonly ports: readonly { readonly number: number; readonly name: string; readonly protocol: string }[];
}

interface Registry {
  readonly exact: Map<string, ServiceHost>;
  /** Wildcard ServiceEntry hosts (`*.suffix`) with the scope they are visible in. */
  readonly wildcards: { scope: string; entry: ServiceHost }[];
  /** The Services of each namespace, and every ServiceEntry, as evidence of what the files hold. */
  readonly serviceNamespaces: Map<string, Resource[]>;
  readonly serviceEntries: readonly Resource[];
}

/** A short host (no dot, no wildcard) as `host.ns.svc.cluster.local`; other hosts as they are. */
export function toFqdn(host: string, namespace: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** The namespace of a `name.ns.svc.cluster.local` host, or undefined for other hosts. */
export function clusterNamespaceOf(fqdn: string): string | undefined {
  const parts = fqdn.split('.');
  return parts.length === 5 && fqdn.endsWith(`.svc.${CLUSTER_DOMAIN}`) ? parts[1] : undefined;
}

/** The namespaces an `exportTo` list makes a resource visible in: `['*']` when absent or when it has `*`. */
export function exportScopes(exportTo: readonly string[], namespace: string): string[] {
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((ns) => (ns === '.' ? namespace : ns)))];
}

/** `spec.exportTo` as strings. */
export function specExportTo(resource: Resource): string[] {
  const spec = resource.body.spec;
  return isObject(spec) && Array.isArray(spec.exportTo) ? spec.exportTo.filter((x): x is string => typeof x === 'string') : [];
}

const key = (scope: string, host: string) => `${scope}\0${host}`;

function registry(resources: ResourceSet): Registry {
  return resources.memo('serviceRegistry', () => {
    const exact = new Map<string, ServiceHost>();
    const wildcards: Registry['wildcards'] = [];
    const serviceNamespaces = new Map<string, Resource[]>();
    const entries = resources.ofKind(SERVICE_ENTRY);
    for (const se of entries) {
      const spec = isObject(se.body.spec) ? se.body.spec : {};
      const ports = (Array.isArray(spec.ports) ? spec.ports : []).flatMap((p) => isObject(p) && typeof p.number === 'number'
        ? [{ number: p.number, name: typeof p.name === 'string' ? p.name : '', protocol: typeof p.protocol === 'string' ? p.protocol.toUpperCase() : '' }] : []);
      const scopes = exportScopes(specExportTo(se), se.namespace!);
      for (const host of Array.isArray(spec.hosts) ? spec.hosts : []) {
        if (typeof host !== 'string') continue;
        const entry = { host: toFqdn(host, se.namespace!), resource: se, ports };
        for (const scope of scopes) {
          exact.set(key(scope, entry.host), entry);
          if (host.startsWith('*')) wildcards.push({ scope, entry });
        }
      }
    }
    for (const service of resources.ofKind(SERVICE)) {
      const namespace = service.namespace!;
      (serviceNamespaces.get(namespace) ?? serviceNamespaces.set(namespace, []).get(namespace)!).push(service);
      const annotation = metadataOf(service).annotations['networking.istio.io/exportTo'];
      const scopes = annotation ? [...new Set(annotation.split(',').map((s) => s.trim()).map((s) => (s === '.' ? namespace : s)))] : ['*'];
      const entry = { host: toFqdn(service.name, namespace), resource: service, ports: servicePorts(service).map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })) };
      for (const scope of scopes) exact.set(key(scope, entry.host), entry);
    }
    return { exact, wildcards, serviceNamespaces, serviceEntries: entries };
  });
}

/**
 * The Service or ServiceEntry host that `host`, written in namespace `from` by a resource
 * with this exportTo, resolves to: visible to all, then to its scopes, then a wildcard
 * ServiceEntry host by suffix (as Istio's GetDestinationHost looks them up).
 */
export function lookupHost(resources: ResourceSet, from: string, exportTo: readonly string[], host: string): ServiceHost | undefined {
  const { exact, wildcards } = registry(resources);
  const fqdn = toFqdn(host, from);
  const found = exact.get(key('*', fqdn));
  if (found) return found;
  for (const scope of exportTo.length === 0 ? [from] : exportTo.map((e) => (e === '.' ? from : e))) {
    const scoped = exact.get(key(scope, fqdn));
    if (scoped) return scoped;
  }
  const bare = fqdn.startsWith('*') ? fqdn.slice(1) : fqdn;
  return wildcards.find((w) => (w.scope === '*' || w.scope === from) && bare.endsWith(w.entry.host.slice(1)))?.entry;
}

/**
 * Whether the files hold what is needed to say that `host`, named by `referrer`, does not
 * exist: Services of its namespace for a cluster host, ServiceEntries for any other host,
 * in the referrer's directory tree (see {@link sameTree}).
 */
export function hostJudgeable(resources: ResourceSet, referrer: Resource, host: string): boolean {
  const namespace = clusterNamespaceOf(toFqdn(host, referrer.namespace!));
  return resources.memo(`hostJudgeable\0${namespace ?? '*'}\0${path.dirname(referrer.file)}`, () => {
    const { serviceNamespaces, serviceEntries } = registry(resources);
    const evidence = namespace !== undefined ? serviceNamespaces.get(namespace) ?? [] : serviceEntries;
    return evidence.some((r) => sameTree(r, referrer));
  });
}

/**
 * The fully qualified host that a host Istio cannot find stands for, when exactly one
 * Service fits: a short name ("reviews") whose Service is in another namespace, or the
 * "name.namespace" and "name.namespace.svc" forms that Istio reads literally. Only Services
 * in the referrer's directory tree that its namespace can see count, and only those that
 * `fits` accepts (e.g. that expose the port a route names); undefined when none or several do.
 */
export function qualifiedHostFor(resources: ResourceSet, referrer: Resource, exportTo: readonly string[], host: string, fits: (found: ServiceHost) => boolean = () => true): string | undefined {
  const parts = host.split('.');
  const partial = parts.length === 2 || (parts.length === 3 && parts[2] === 'svc');
  if (host.includes('*') || parts.some((p) => p === '') || (parts.length > 1 && !partial)) return undefined;
  const named = resources.ofKind(SERVICE).filter((s) => s.name === parts[0] && (!partial || s.namespace === parts[1]));
  const fqdns = new Set<string>();
  for (const service of named) {
    const fqdn = toFqdn(service.name, service.namespace!);
    const found = lookupHost(resources, referrer.namespace!, exportTo, fqdn);
    if (found && found.resource.groupKind === SERVICE && sameTree(service, referrer) && fits(found)) fqdns.add(fqdn);
  }
  return fqdns.size === 1 ? [...fqdns][0] : undefined;
}
