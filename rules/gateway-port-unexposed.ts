import { defineRule } from '../src/rule.js';
import { GATEWAY_SERVICES_READS, podsSelectedBy, servicesOfPod } from '../src/istio/gateway-workloads.js';
import { gatewaySelector, gatewayServers } from '../src/istio/gateways.js';
import { ISTIO_GATEWAY } from '../src/istio/kinds.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'gateway-port-unexposed',
    description: 'Report Gateway server ports that no Service of the selected gateway pods exposes',
    rationale: 'A gateway pod listens on the Gateway\'s server ports, but clients reach it through its Services. A server port that is neither a TCP port nor a target port of a Service selecting the gateway pods cannot be reached from outside the pod. Service ports are read with the API server\'s defaults (no `protocol` is TCP, no `targetPort` is the port). Gateways whose pods have no Service in the files are not judged, except the default ingress gateway istioctl assumes.',
    remediation: 'Add the port to the gateway\'s Service, or use a port the Service already exposes (its port or target port).',
    severity: 'warning',
    kinds: [ISTIO_GATEWAY],
    reads: readsBeyond([ISTIO_GATEWAY], GATEWAY_SERVICES_READS),
    istio: 'IST0162',
    tags: ['istio', 'gateway'],
  },
  check(gateway, ctx) {
    const selector = gatewaySelector(gateway);
    const services = podsSelectedBy(ctx.resources, ctx.settings, selector).flatMap((pod) => servicesOfPod(ctx.resources, ctx.settings, pod));
    if (services.length === 0) return;
    const exposed = new Set<number>();
    for (const port of services.flatMap((s) => s.ports).filter((p) => p.protocol === 'TCP')) {
      exposed.add(port.port);
      if (typeof port.targetPort === 'number' && port.targetPort !== 0) exposed.add(port.targetPort);
    }
    for (const server of gatewayServers(gateway)) {
      if (server.port === undefined || exposed.has(server.port)) continue;
      const named = [...new Set(services.map((s) => s.name))];
      ctx.report({
        message: `${gateway.ref} server port "${server.port}" is not exposed by the gateway Service${named.length > 1 ? 's' : ''} "${named.slice(0, 3).join('", "')}"`,
        hint: `Exposed TCP ports: ${[...exposed].sort((a, b) => a - b).slice(0, 8).map((p) => `"${p}"`).join(', ')}. Add the port to the Service, or use one of them.`,
        at: ['spec', 'servers', server.index, 'port', 'number'],
        related: services.flatMap((s) => (s.resource ? [{ resource: s.resource, at: ['spec', 'ports'], message: `ports of ${s.resource.ref}` }] : [])).slice(0, 3),
      });
    }
  },
});
