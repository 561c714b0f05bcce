import { defineRule } from '../src/rule.js';
import type { JsonObject, Resource, ResourceSet } from '../src/rule.js';
import { gatewaySelector, gatewayServers } from '../src/istio/gateways.js';
import { ISTIO_GATEWAY } from '../src/istio/kinds.js';
import { sameTree } from '../src/model/file-tree.js';

// Istio's haveSameCertificate: the same credentialName, or, without one, the same certificate and key files.
function certificateKey(tls: JsonObject): string | undefined {
  const str = (k: string) => (typeof tls[k] === 'string' ? tls[k] as string : '');
  if (str('credentialName') !== '') return `credential\0${str('credentialName')}`;
  return str('serverCertificate') !== '' && str('privateKey') !== '' ? `files\0${str('serverCertificate')}\0${str('privateKey')}` : undefined;
}

/** TLS servers of every Gateway, by certificate. */
function byCertificate(resources: ResourceSet): Map<string, { gateway: Resource; index: number }[]> {
  return resources.memo('gatewaysByCertificate', () => {
    const index = new Map<string, { gateway: Resource; index: number }[]>();
    for (const gateway of resources.ofKind(ISTIO_GATEWAY)) {
      for (const server of gatewayServers(gateway)) {
        const key = server.tls && certificateKey(server.tls);
        if (key) (index.get(key) ?? index.set(key, []).get(key)!).push({ gateway, index: server.index });
      }
    }
    return index;
  });
}

export default defineRule({
  meta: {
    id: 'gateway-certificate-shared',
    description: 'Report Gateways that share a TLS certificate with another Gateway on the same gateway pods',
    rationale: 'When two Gateways programmed on the same gateway pods use the same certificate, browsers reuse one HTTP/2 connection for the hosts of both (connection coalescing), and the gateway then answers requests for one Gateway\'s hosts with the other\'s routes, often with 404s. A Gateway is compared with every Gateway whose selector includes all of its selector labels. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Give each Gateway its own certificate, or merge the servers into one Gateway.',
    severity: 'warning',
    kinds: [ISTIO_GATEWAY],
    istio: 'IST0138',
    tags: ['istio', 'gateway', 'tls'],
  },
  check(gateway, ctx) {
    const selector = Object.entries(gatewaySelector(gateway));
    const tls = gatewayServers(gateway).filter((s) => s.tls);
    if (tls.length === 0) return;
    const seen = new Set<string>([`${gateway.namespace}/${gateway.name}`]);
    for (const server of tls) {
      const key = certificateKey(server.tls!);
      for (const { gateway: other, index } of key ? byCertificate(ctx.resources).get(key) ?? [] : []) {
        const name = `${other.namespace}/${other.name}`;
        const labels = gatewaySelector(other);
        if (seen.has(name) || !sameTree(other, gateway) || !selector.every(([k, v]) => labels[k] === v)) continue;
        seen.add(name);
        const credential = server.tls!.credentialName;
        ctx.report({
          message: `${gateway.ref} uses the same certificate${typeof credential === 'string' ? ` "${credential}"` : ''} as ${other.ref} on the same gateway pods`,
          hint: 'Clients may reuse one connection for the hosts of both and get the other Gateway\'s routes. Give each its own certificate, or merge them.',
          at: ['spec', 'servers', server.index, 'tls'],
          focus: 'key',
          related: [{ resource: other, at: ['spec', 'servers', index, 'tls'], message: `TLS settings of ${other.ref}` }],
        });
      }
    }
  },
});
