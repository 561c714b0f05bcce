import { defineRule } from '../src/rule.js';
import type { Resource, ResourceSet } from '../src/rule.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { vsDestinations, vsGateways, vsHosts } from '../src/istio/virtual-services.js';

/** Hosts that some VirtualService routes to by subset while claiming the host itself. */
function subsetRouted(resources: ResourceSet): Map<string, Resource> {
  return resources.memo('subsetRoutedHosts', () => {
    const found = new Map<string, Resource>();
    for (const vs of resources.ofKind(VIRTUAL_SERVICE)) {
      const hosts = new Set(vsHosts(vs));
      for (const d of vsDestinations(vs)) {
        if (d.protocol === 'http' && !d.mirror && d.subset !== undefined && hosts.has(d.host) && !found.has(d.host)) found.set(d.host, vs);
      }
    }
    return found;
  });
}

export default defineRule({
  meta: {
    id: 'virtual-service-subset-ineffective-at-gateway',
    description: 'Report gateway routes to a host whose subset routing another VirtualService defines for the mesh only',
    rationale: 'An ingress gateway applies only the VirtualServices bound to it. When a gateway route sends traffic to a host without a subset, the subset routing that another VirtualService defines for that host does not apply to requests coming through the gateway: they reach every version of the workload.',
    remediation: 'Route to the subsets in the gateway-bound VirtualService too, or bind the subset-routing VirtualService to the gateway as well.',
    severity: 'info',
    kinds: [VIRTUAL_SERVICE],
    istio: 'IST0140',
    tags: ['istio', 'virtual-service', 'gateway'],
  },
  check(vs, ctx) {
    if (vsGateways(vs).length === 0) return;
    const routed = subsetRouted(ctx.resources);
    for (const d of vsDestinations(vs)) {
      const other = d.protocol === 'http' && !d.mirror && d.subset === undefined ? routed.get(d.host) : undefined;
      if (!other) continue;
      ctx.report({
        message: `${vs.ref} routes gateway traffic to "${d.host}" without a subset, bypassing the subset routing of ${other.ref}`,
        hint: 'Requests through the gateway reach every version of the workload. Name the subset here as well, or bind that VirtualService to the gateway.',
        at: [...d.path, 'host'],
        related: [{ resource: other, at: ['spec', 'http'], message: `subset routing of ${other.ref}` }],
      });
    }
  },
});
