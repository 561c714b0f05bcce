import type { ServicePort } from '../k8s/services.js';

// The protocol Istio gives a Service port (pilot's kube.ConvertProtocol): UDP as declared,
// else `appProtocol`, else the port name's prefix before the first "-", else TCP for a few
// well-known server ports; otherwise Istio sniffs the protocol or treats it as opaque TCP.

const NAMED: Record<string, string> = {
  tcp: 'TCP', udp: 'UDP', grpc: 'GRPC', 'grpc-web': 'GRPC-Web', http: 'HTTP', http_proxy: 'HTTP_PROXY', http2: 'HTTP2',
  https: 'HTTPS', tls: 'TLS', mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL',
};
const APP_PROTOCOLS: Record<string, string> = { 'kubernetes.io/h2c': 'HTTP2', 'kubernetes.io/ws': 'HTTP', 'kubernetes.io/wss': 'HTTPS' };
/** Ports Istio reads as TCP whatever their name: SMTP, DNS, MySQL and MongoDB. */
const WELL_KNOWN_TCP = new Set([25, 53, 3306, 27017]);

/** The protocol a name or appProtocol value stands for, or undefined. */
function lookup(value: string): string | undefined {
  const lower = value.toLowerCase();
  if (APP_PROTOCOLS[lower]) return APP_PROTOCOLS[lower];
  if (lower.startsWith('grpc-web')) return NAMED['grpc-web'];
  return NAMED[lower.split('-')[0]!];
}

/** The protocol Istio reads for a Service port, or undefined when it is not declared in a way Istio recognises. */
export function portProtocol(port: ServicePort): string | undefined {
  if (port.protocol === 'UDP') return 'UDP';
  const declared = port.appProtocol !== undefined ? lookup(port.appProtocol) : lookup(port.name);
  if (declared) return declared;
  return WELL_KNOWN_TCP.has(port.port) ? 'TCP' : undefined;
}
