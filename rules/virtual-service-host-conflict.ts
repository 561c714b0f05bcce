import { defineRule } from '../src/rule.js';
import type { Resource, ResourceSet } from '../src/rule.js';
import { hostsMatch } from '../src/istio/gateways.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { exportScopes, specExportTo, toFqdn } from '../src/istio/service-registry.js';
import { meshBound, vsHosts } from '../src/istio/virtual-services.js';
import { sameTree } from '../src/model/file-tree.js';

interface Claim { readonly scope: string; readonly host: string }

/** The (exportTo scope, FQDN host) pairs a mesh-bound VirtualService claims. */
function claims(vs: Resource): Claim[] {
  if (!meshBound(vs)) return [];
  const scopes = exportScopes(specExportTo(vs), vs.namespace!);
  return scopes.flatMap((scope) => [...new Set(vsHosts(vs).map((h) => toFqdn(h, vs.namespace!)))].map((host) => ({ scope, host })));
}

interface ClaimIndex {
  readonly byKey: Map<string, Resource[]>;
  /** Claims exported everywhere with a wildcard host, and claims limited to some namespaces: `[host, VirtualServices]`. */
  readonly wildcardsEverywhere: [string, Resource[]][];
  readonly limited: [string, Resource[]][];
}

/** Mesh-bound VirtualServices by claim, one per namespace/name (copies in several files are one object). */
function claimIndex(resources: ResourceSet): ClaimIndex {
  return resources.memo('meshHostClaims', () => {
    const index = new Map<string, Map<string, Resource>>();
    for (const vs of resources.ofKind(VIRTUAL_SERVICE)) {
      for (const c of claims(vs)) {
        const key = `${c.scope}\0${c.host}`;
        const group = index.get(key) ?? index.set(key, new Map()).get(key)!;
        if (!group.has(`${vs.namespace}/${vs.name}`)) group.set(`${vs.namespace}/${vs.name}`, vs);
      }
    }
    const byKey = new Map([...index].map(([k, v]) => [k, [...v.values()]]));
    const split = (key: string) => [key.slice(0, key.indexOf('\0')), key.slice(key.indexOf('\0') + 1)] as const;
    return {
      byKey,
      wildcardsEverywhere: [...byKey].filter(([k]) => split(k)[0] === '*' && split(k)[1].startsWith('*')).map(([k, v]) => [split(k)[1], v]),
      limited: [...byKey].filter(([k]) => split(k)[0] !== '*').map(([k, v]) => [split(k)[1], v]),
    };
  });
}

export default defineRule({
  meta: {
    id: 'virtual-service-host-conflict',
    description: 'Disallow several VirtualServices for the same host on the mesh gateway',
    rationale: 'Sidecars merge the VirtualServices bound to the mesh gateway (no `gateways`, or "mesh" among them) by host, and when several claim one host in a namespace only one of them applies, depending on creation order. Hosts are compared fully qualified (short names in the VirtualService\'s namespace), per exportTo scope, and a scope limited to some namespaces also meets the VirtualServices exported everywhere whose host covers it. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Merge the VirtualServices of the host into one, or use delegation (a root VirtualService with `delegate` entries).',
    severity: 'error',
    kinds: [VIRTUAL_SERVICE],
    istio: 'IST0109',
    tags: ['istio', 'virtual-service'],
  },
  check(vs, ctx) {
    const index = claimIndex(ctx.resources);
    for (const c of claims(vs)) {
      let group = index.byKey.get(`${c.scope}\0${c.host}`) ?? [];
      // A claim limited to some namespaces also meets the claims exported everywhere whose
      // host matches it there, and the other way round (Istio adds them to the limited group).
      const meets = c.scope === '*'
        ? index.limited.filter(([host]) => hostsMatch(c.host, host))
        : [...index.wildcardsEverywhere.filter(([host]) => hostsMatch(c.host, host)),
          ...(c.host.startsWith('*') ? [...index.byKey].filter(([key]) => key.startsWith('*\0') && hostsMatch(c.host, key.slice(2))) : []),
          ['', index.byKey.get(`*\0${c.host}`) ?? []] as [string, Resource[]]];
      if (meets.length > 0) group = [...new Set([...group, ...meets.flatMap(([, list]) => list)])];
      const others = group.filter((o) => (o.namespace !== vs.namespace || o.name !== vs.name) && sameTree(o, vs));
      if (others.length === 0) continue;
      ctx.report({
        message: others.length > 1
          ? `${vs.ref}, ${others[0]!.ref} and ${others.length - 1} more claim host "${c.host}" on the mesh gateway`
          : `${vs.ref} and ${others[0]!.ref} both claim host "${c.host}" on the mesh gateway`,
        hint: `Only one of them applies to sidecars${c.scope === '*' ? '' : ` in namespace "${c.scope}"`}, depending on creation order. Merge them, or use delegate VirtualServices.`,
        related: others.slice(0, 5).map((o) => ({ resource: o, at: ['spec', 'hosts'], message: `${o.ref} claims it too` })),
      });
      return;
    }
  },
});
