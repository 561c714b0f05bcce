import path from 'node:path';
import { sameTree } from '../model/file-tree.js';
import { isObject } from '../model/resource.js';
import type { JsonObject, Resource, ResourceSet } from '../rule.js';
import { DESTINATION_RULE } from './kinds.js';
import { CLUSTER_DOMAIN } from './service-registry.js';

// DestinationRules by the Service they name, as Istio's VirtualService analyzer pairs them:
// a `name.ns.svc.cluster.local` host names `ns/name`, any other host is a name in the
// DestinationRule's (or VirtualService's) own namespace.

/** Kinds the helpers below look up. */
export const DESTINATION_RULES_READS: readonly string[] = [DESTINATION_RULE];

/** `ns/name` that a host names, written in `namespace`. */
export function hostKey(host: string, namespace: string): string {
  const parts = host.split('.');
  if (parts.length === 5 && host.endsWith(`.svc.${CLUSTER_DOMAIN}`)) return `${parts[1]}/${parts[0]}`;
  return `${namespace}/${host}`;
}

/** `spec`, `{}` when missing. */
export const specOf = (resource: Resource): JsonObject => (isObject(resource.body.spec) ? resource.body.spec : {});

/** Subset names of a DestinationRule, with their index. */
export function subsetsOf(rule: Resource): { name: string; index: number; labels: Record<string, string> }[] {
  const subsets = specOf(rule).subsets;
  return (Array.isArray(subsets) ? subsets : []).flatMap((s, index) => (isObject(s) && typeof s.name === 'string'
    ? [{ name: s.name, index, labels: isObject(s.labels) ? Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [k, String(v)])) : {} }] : []));
}

interface Index { readonly byHost: Map<string, Resource[]>; readonly namespaces: Map<string, Resource[]> }

function index(resources: ResourceSet): Index {
  return resources.memo('destinationRulesByHost', () => {
    const byHost = new Map<string, Resource[]>();
    const namespaces = new Map<string, Resource[]>();
    for (const rule of resources.ofKind(DESTINATION_RULE)) {
      (namespaces.get(rule.namespace!) ?? namespaces.set(rule.namespace!, []).get(rule.namespace!)!).push(rule);
      const host = specOf(rule).host;
      if (typeof host !== 'string') continue;
      const key = hostKey(host, rule.namespace!);
      const list = byHost.get(key);
      if (list) list.push(rule); else byHost.set(key, [rule]);
    }
    return { byHost, namespaces };
  });
}

/** DestinationRules whose host names the same Service as `host` written in `namespace`. */
export function destinationRulesFor(resources: ResourceSet, host: string, namespace: string): readonly Resource[] {
  return index(resources).byHost.get(hostKey(host, namespace)) ?? [];
}

/**
 * Whether the files hold DestinationRules of the host or of its namespace in the referrer's
 * directory tree (see {@link sameTree}), so that a missing one is not kept elsewhere.
 */
export function destinationRulesJudgeable(resources: ResourceSet, host: string, referrer: Resource): boolean {
  const key = hostKey(host, referrer.namespace!);
  const namespace = key.slice(0, key.indexOf('/'));
  return resources.memo(`destinationRulesJudgeable\0${key}\0${path.dirname(referrer.file)}`, () => {
    const i = index(resources);
    return [...(i.byHost.get(key) ?? []), ...(i.namespaces.get(namespace) ?? [])].some((r) => sameTree(r, referrer));
  });
}

/** A TLS setting of a DestinationRule's top-level traffic policy (no `port`) or of a port-level one. */
export interface TlsWithoutCa { readonly mode: string; readonly port?: string; readonly at: readonly (string | number)[] }

/**
 * The TLS settings of the top-level traffic policy and its port-level settings that originate
 * SIMPLE or MUTUAL TLS without `caCertificates`, unless a `credentialName` supplies the CA on a
 * DestinationRule with a workloadSelector (Istio's CaCertificateAnalyzer; subsets are not read).
 */
export function tlsWithoutCa(rule: Resource): TlsWithoutCa[] {
  const spec = specOf(rule);
  const policy = isObject(spec.trafficPolicy) ? spec.trafficPolicy : {};
  const found: TlsWithoutCa[] = [];
  const check = (tls: unknown, at: (string | number)[], port?: string) => {
    if (!isObject(tls) || typeof tls.mode !== 'string' || !['SIMPLE', 'MUTUAL'].includes(tls.mode)) return;
    if (typeof tls.caCertificates === 'string' && tls.caCertificates !== '') return;
    if (typeof tls.credentialName === 'string' && tls.credentialName !== '' && spec.workloadSelector !== undefined && spec.workloadSelector !== null) return;
    found.push({ mode: tls.mode, at: [...at, 'tls', 'mode'], ...(port !== undefined ? { port } : {}) });
  };
  check(policy.tls, ['spec', 'trafficPolicy']);
  (Array.isArray(policy.portLevelSettings) ? policy.portLevelSettings : []).forEach((p, i) => {
    if (!isObject(p)) return;
    const port = isObject(p.port) && p.port.number !== undefined ? String(p.port.number) : '';
    check(p.tls, ['spec', 'trafficPolicy', 'portLevelSettings', i], port);
  });
  return found;
}
