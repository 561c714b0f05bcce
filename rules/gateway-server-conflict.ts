import { defineRule } from '../src/rule.js';
import type { Resource, ResourceSet } from '../src/rule.js';
import { GATEWAY_WORKLOADS_READS, podsSelectedBy } from '../src/istio/gateway-workloads.js';
import { gatewaySelector, gatewayServers } from '../src/istio/gateways.js';
import { ISTIO_GATEWAY } from '../src/istio/kinds.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { sameTree } from '../src/model/file-tree.js';

/** `k=v,k2=v2` sorted by key, as Kubernetes prints a label selector. */
const selectorText = (selector: Readonly<Record<string, string>>) => Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');

interface Claim { readonly gateway: Resource; readonly server: number }

/** Gateway servers by port and `bind\0host`, one Gateway per namespace/name. */
function serverIndex(resources: ResourceSet): Map<string, Claim[]> {
  return resources.memo('gatewayServerClaims', () => {
    const index = new Map<string, Claim[]>();
    const seen = new Set<string>();
    for (const gateway of resources.ofKind(ISTIO_GATEWAY)) {
      if (seen.has(`${gateway.namespace}/${gateway.name}`)) continue;
      seen.add(`${gateway.namespace}/${gateway.name}`);
      for (const server of gatewayServers(gateway)) {
        for (const host of new Set(server.hosts)) {
          const key = `${server.port ?? 0}\0${server.bind}\0${host}`;
          (index.get(key) ?? index.set(key, []).get(key)!).push({ gateway, server: server.index });
        }
      }
    }
    return index;
  });
}

export default defineRule({
  meta: {
    id: 'gateway-server-conflict',
    description: 'Disallow Gateways that declare the same host and port on the same gateway pods',
    rationale: 'When two Gateways programmed on the same gateway pods declare one host on one port (with the same `bind`), Envoy gets two filter chains for it and Istio keeps only one, so the other Gateway\'s routes for that host silently stop working. Gateways are on the same pods when their selectors are equal, or when one selector contains the other and some pod matches both. Hosts are compared as written. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Declare each host and port once per gateway deployment: merge the servers into one Gateway, or change the host or port of one of them.',
    severity: 'error',
    kinds: [ISTIO_GATEWAY],
    reads: readsBeyond([ISTIO_GATEWAY], GATEWAY_WORKLOADS_READS),
    istio: 'IST0145',
    tags: ['istio', 'gateway'],
  },
  check(gateway, ctx) {
    const selector = gatewaySelector(gateway);
    const text = selectorText(selector);
    const index = serverIndex(ctx.resources);
    const related = new Map<Resource, boolean>();
    const onSamePods = (other: Resource) => {
      if (!related.has(other)) {
        const otherSelector = gatewaySelector(other);
        const otherText = selectorText(otherSelector);
        related.set(other, otherText === text || ((otherText.includes(text) || text.includes(otherText))
          && podsSelectedBy(ctx.resources, ctx.settings, selector).some((p) => Object.entries(otherSelector).every(([k, v]) => p.labels[k] === v))));
      }
      return related.get(other)!;
    };
    for (const server of gatewayServers(gateway)) {
      const rivals = new Map<string, Claim>();
      for (const host of server.hosts) {
        for (const claim of index.get(`${server.port ?? 0}\0${server.bind}\0${host}`) ?? []) {
          const name = `${claim.gateway.namespace}/${claim.gateway.name}`;
          if (name === `${gateway.namespace}/${gateway.name}` || rivals.has(name) || !sameTree(claim.gateway, gateway) || !onSamePods(claim.gateway)) continue;
          rivals.set(name, claim);
        }
      }
      if (rivals.size === 0) continue;
      const others = [...rivals.values()];
      ctx.report({
        message: `${gateway.ref} server for "${server.hosts.join(',')}" on port "${server.port ?? 0}" conflicts with ${others[0]!.gateway.ref}${others.length > 1 ? ` and ${others.length - 1} more` : ''}`,
        hint: `Both are programmed on the gateway pods selected by "${text}", and only one of them takes the host. Merge the servers, or change the host or port.`,
        at: ['spec', 'servers', server.index],
        related: others.slice(0, 5).map((c) => ({ resource: c.gateway, at: ['spec', 'servers', c.server], message: `server of ${c.gateway.ref}` })),
      });
    }
  },
});
