import { defineRule } from '../src/rule.js';
import type { Resource } from '../src/rule.js';
import { impliedAppProtocol, portProtocol } from '../src/istio/protocols.js';
import { SERVICE } from '../src/k8s/kinds.js';
import { servicePorts, serviceType } from '../src/k8s/services.js';
import { metadataOf } from '../src/k8s/workload.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
const MANAGED_GATEWAYS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/** Services Istio's port-name check leaves out: the control plane's, generated gateways and waypoints, system namespaces. */
function skipped(service: Resource): boolean {
  const { labels } = metadataOf(service);
  return 'istio' in labels || labels.release === 'istio' || MANAGED_GATEWAYS.has(labels['gateway.istio.io/managed'] ?? '')
    || SYSTEM_NAMESPACES.has(service.namespace ?? '');
}

export default defineRule({
  meta: {
    id: 'service-port-protocol-unnamed',
    description: 'Report Service ports whose name or appProtocol does not tell Istio their protocol',
    rationale: 'Istio reads a Service port\'s protocol from `appProtocol`, or else from its name ("http", "http-web", "grpc-api", "tcp-db", …: the part before the first "-"). A port with neither is treated by protocol sniffing or as opaque TCP, which loses HTTP routing, retries and metrics, and delays server-first protocols. UDP ports and the well-known ports 25, 53, 3306 and 27017 are fine as they are. Control-plane Services (labelled `istio` or `release: istio`) and system namespaces are not checked, as in istioctl.',
    remediation: 'Set `appProtocol` on the port (e.g. `http`, `grpc`, `tcp`), or name it `<protocol>[-<suffix>]`.',
    severity: 'info',
    kinds: [SERVICE],
    istio: 'IST0118',
    tags: ['istio', 'service', 'protocol'],
    fixable: true,
  },
  check(service, ctx) {
    if (skipped(service) || serviceType(service) === 'ExternalName') return;
    for (const port of servicePorts(service)) {
      if (portProtocol(port)) continue;
      // Setting appProtocol, not renaming the port, keeps what refers to the port by name working.
      const implied = impliedAppProtocol(port);
      ctx.report({
        message: `${service.ref} port "${port.port}" ${port.name === '' ? 'has no name' : `is named "${port.name}"`} and no appProtocol, so Istio does not know its protocol`,
        hint: implied
          ? `Istio falls back to protocol sniffing or opaque TCP. Only the first word of a port's name counts, but its name or target port says "${implied}": set appProtocol: ${implied}.`
          : 'Istio falls back to protocol sniffing or opaque TCP. Set appProtocol, or name the port "<protocol>-<suffix>", e.g. "http-web".',
        at: ['spec', 'ports', port.index, 'port'],
        ...(implied ? { fix: { description: `set appProtocol: ${implied}`, edits: [{ at: ['spec', 'ports', port.index, 'appProtocol'], set: implied }] } } : {}),
      });
    }
  },
});
