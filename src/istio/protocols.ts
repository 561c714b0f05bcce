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

/**
 * The appProtocol a port without one declares in words Istio does not read: one word of its
 * name, or of a named targetPort, that is a protocol although not the name's first
 * ("otlp-grpc", "metrics-http", `targetPort: http`). Undefined when no word or several
 * different ones name a protocol; "udp" does not count, since only `protocol` makes a port UDP.
 */
export function impliedAppProtocol(port: ServicePort): string | undefined {
  if (port.appProtocol !== undefined || port.protocol === 'UDP') return undefined;
  const found = new Set<string>();
  for (const name of [port.name, typeof port.targetPort === 'string' ? port.targetPort : '']) {
    const words = name.toLowerCase().split('-');
    for (let i = 0; i < words.length; i++) {
      const word = words[i] === 'grpc' && words[i + 1] === 'web' ? `grpc-${words[++i]}` : words[i]!;
      if (word !== 'udp' && NAMED[word]) found.add(word);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}
