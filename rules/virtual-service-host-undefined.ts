import { defineRule } from '../src/rule.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { hostJudgeable, lookupHost, qualifiedHostFor, SERVICE_REGISTRY_READS, specExportTo } from '../src/istio/service-registry.js';
import { vsDestinations } from '../src/istio/virtual-services.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'virtual-service-host-undefined',
    description: 'Report VirtualService destinations whose host no visible Service or ServiceEntry provides, or whose port the host does not expose',
    rationale: 'Istio builds a route only to hosts in its registry: Kubernetes Services (as "name.ns.svc.cluster.local", short names read in the VirtualService\'s namespace) and ServiceEntry hosts, each visible only where its exportTo reaches, wildcard ServiceEntry hosts by suffix. A destination outside the registry, or on a port the host does not expose, gets 503 (NR) or no traffic at all. A cluster host is judged only when the files hold Services of its namespace, another host only when they hold ServiceEntries. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Correct the destination host or port, add the Service or ServiceEntry, or widen its exportTo to the VirtualService\'s namespace.',
    severity: 'error',
    kinds: [VIRTUAL_SERVICE],
    reads: readsBeyond([VIRTUAL_SERVICE], SERVICE_REGISTRY_READS),
    istio: 'IST0101',
    tags: ['istio', 'virtual-service'],
    fixable: true,
  },
  check(vs, ctx) {
    const exportTo = specExportTo(vs);
    for (const d of vsDestinations(vs)) {
      const what = d.mirror ? 'mirrors to' : 'routes to';
      const found = lookupHost(ctx.resources, vs.namespace!, exportTo, d.host);
      if (!found) {
        if (d.host !== '' && !hostJudgeable(ctx.resources, vs, d.host)) continue;
        // The one Service the host can mean, on the port the route names.
        const fqdn = qualifiedHostFor(ctx.resources, vs, exportTo, d.host, (s) => d.port === undefined || s.ports.some((p) => p.number === d.port));
        ctx.report({
          message: `${vs.ref} ${what} host "${d.host}", which no Service or ServiceEntry visible in namespace "${vs.namespace}" provides`,
          hint: fqdn
            ? `Without the host in the registry there is no cluster to send to. Istio completes a short name with the VirtualService's own namespace and takes a dotted name as written: write "${fqdn}".`
            : 'Without the host in the registry there is no cluster to send to. Check the spelling, the namespace of a short name, and the exportTo of the Service or ServiceEntry.',
          at: [...d.path, 'host'],
          ...(fqdn ? { fix: { description: `write the host as "${fqdn}"`, edits: [{ at: [...d.path, 'host'], set: fqdn }] } } : {}),
        });
        continue;
      }
      if (d.port === undefined || found.ports.some((p) => p.number === d.port)) continue;
      ctx.report({
        message: `${vs.ref} ${what} port "${d.port}" of host "${d.host}", which ${found.resource.ref} does not expose`,
        hint: `Its ports are ${found.ports.map((p) => `"${p.number}"`).join(', ') || 'none'}. Use one of them, or add the port to the Service or ServiceEntry.`,
        at: [...d.path, 'port', 'number'],
        related: [{ resource: found.resource, at: ['spec', 'ports'], message: `ports of ${found.resource.ref}` }],
      });
    }
  },
});
