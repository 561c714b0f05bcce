import { defineRule } from '../src/rule.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { lookupHost, SERVICE_REGISTRY_READS, specExportTo } from '../src/istio/service-registry.js';
import { vsDestinations } from '../src/istio/virtual-services.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'virtual-service-port-required',
    description: 'Require a destination port when the destination host exposes several ports',
    rationale: 'A VirtualService destination may leave out `port` only when its host has a single port. With several, Istio cannot tell which port the route means, so the route may not apply to the traffic it was written for. Only hosts whose Service or ServiceEntry is among the files are judged.',
    remediation: 'Set `port.number` on the destination to the port the route is meant for.',
    severity: 'error',
    kinds: [VIRTUAL_SERVICE],
    reads: readsBeyond([VIRTUAL_SERVICE], SERVICE_REGISTRY_READS),
    istio: 'IST0112',
    tags: ['istio', 'virtual-service'],
  },
  check(vs, ctx) {
    const exportTo = specExportTo(vs);
    for (const d of vsDestinations(vs)) {
      if (d.port !== undefined) continue;
      const found = lookupHost(ctx.resources, vs.namespace!, exportTo, d.host);
      if (!found || found.ports.length < 2) continue;
      ctx.report({
        message: `${vs.ref} ${d.mirror ? 'mirrors' : 'routes'} to host "${d.host}" without a port, but ${found.resource.ref} has ${found.ports.length} ports`,
        hint: `Name one of ${found.ports.map((p) => `"${p.number}"`).join(', ')} in the destination's port.number.`,
        at: [...d.path, 'host'],
        related: [{ resource: found.resource, at: ['spec', 'ports'], message: `ports of ${found.resource.ref}` }],
      });
    }
  },
});
