import { defineRule } from '../src/rule.js';
import { impliedAppProtocol, portProtocol } from '../src/istio/protocols.js';
import { SERVICE } from '../src/k8s/kinds.js';
import { servicePorts, serviceType } from '../src/k8s/services.js';
import { metadataOf } from '../src/k8s/workload.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export default defineRule({
  meta: {
    id: 'service-external-name-port-name',
    description: 'Require ExternalName Service ports to name an application protocol',
    rationale: 'For an ExternalName Service Istio builds a DNS-resolved cluster with no IP address of its own to tell destinations apart, so traffic on a port without a recognisable protocol, or on one named plainly "tcp", cannot be routed to it by host and goes to the wrong destination or nowhere. Control-plane Services and system namespaces are not checked, as in istioctl.',
    remediation: 'Name the port with an application protocol (e.g. "http-api", "https", "tls-db") or set its `appProtocol`.',
    severity: 'warning',
    kinds: [SERVICE],
    istio: 'IST0150',
    tags: ['istio', 'service', 'protocol'],
    fixable: true,
  },
  check(service, ctx) {
    const { labels } = metadataOf(service);
    if (serviceType(service) !== 'ExternalName' || 'istio' in labels || labels.release === 'istio' || SYSTEM_NAMESPACES.has(service.namespace ?? '')) return;
    for (const port of servicePorts(service)) {
      if (portProtocol(port) && port.name !== 'tcp') continue;
      // TCP is the very protocol Istio cannot route by host: declaring it fixes nothing.
      const implied = port.name === 'tcp' ? undefined : impliedAppProtocol(port);
      const fix = implied && implied !== 'tcp' ? implied : undefined;
      ctx.report({
        message: `${service.ref} is an ExternalName Service and its port "${port.port}" ${port.name === '' ? 'has no name' : `is named "${port.name}"`}, which names no application protocol`,
        hint: fix
          ? `Istio cannot route such traffic to the external name by host. Only the first word of a port's name counts, but its name or target port says "${fix}": set appProtocol: ${fix}.`
          : 'Istio cannot route such traffic to the external name by host. Name the port after its protocol, e.g. "https" or "http-api".',
        at: ['spec', 'ports', port.index, 'port'],
        ...(fix ? { fix: { description: `set appProtocol: ${fix}`, edits: [{ at: ['spec', 'ports', port.index, 'appProtocol'], set: fix }] } } : {}),
      });
    }
  },
});
