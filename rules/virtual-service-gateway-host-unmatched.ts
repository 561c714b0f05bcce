import { defineRule } from '../src/rule.js';
import { findGateway, FIND_GATEWAY_READS, gatewayRef, hostsMatch, hostsVisibleTo, isInternalGatewayRef, listenerHostnames, MESH_GATEWAY } from '../src/istio/gateways.js';
import { ISTIO_GATEWAY, VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { vsGateways, vsHosts } from '../src/istio/virtual-services.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'virtual-service-gateway-host-unmatched',
    description: 'Report VirtualServices none of whose hosts a bound Gateway serves',
    rationale: 'A gateway applies a VirtualService only to requests for hosts that both list: the Gateway\'s server hosts visible to the VirtualService\'s namespace ("./h" and "ns/h" limit them), or a Gateway API listener hostname, with wildcards on either side. When no host matches, the gateway ignores the VirtualService. Gateways not among the files are not judged.',
    remediation: 'Add the host to the Gateway\'s servers (with a namespace part that includes the VirtualService\'s namespace), or correct the VirtualService\'s hosts.',
    severity: 'warning',
    kinds: [VIRTUAL_SERVICE],
    reads: readsBeyond([VIRTUAL_SERVICE], FIND_GATEWAY_READS),
    istio: 'IST0132',
    tags: ['istio', 'virtual-service', 'gateway'],
  },
  check(vs, ctx) {
    const hosts = vsHosts(vs);
    for (const { name, index } of vsGateways(vs)) {
      if (name === MESH_GATEWAY || isInternalGatewayRef(name)) continue;
      const ref = gatewayRef(name, vs.namespace!);
      const gateway = findGateway(ctx.resources, ref.namespace, ref.name);
      if (!gateway) continue;
      const served = gateway.groupKind === ISTIO_GATEWAY ? hostsVisibleTo(gateway, vs.namespace!) : listenerHostnames(gateway);
      if (served === undefined || served.some((g) => hosts.some((h) => hostsMatch(g, h)))) continue;
      ctx.report({
        message: `${vs.ref} has no host that ${gateway.ref} serves to namespace "${vs.namespace}"`,
        hint: `The gateway serves ${served.slice(0, 4).map((h) => `"${h}"`).join(', ') || 'no host'} here and ignores this VirtualService. Add the host to the Gateway, or correct the hosts.`,
        at: ['spec', 'gateways', index],
        related: [{ resource: gateway, at: gateway.groupKind === ISTIO_GATEWAY ? ['spec', 'servers'] : ['spec', 'listeners'], message: `hosts of ${gateway.ref}` }],
      });
    }
  },
});
