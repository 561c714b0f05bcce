import { defineRule } from '../src/rule.js';
import type { Path, Resource, ResourceSet, Settings } from '../src/rule.js';
import { GATEWAY_WORKLOADS_READS, podsSelectedBy, type GatewayPod } from '../src/istio/gateway-workloads.js';
import { gatewayRef, gatewaySelector, MESH_GATEWAY } from '../src/istio/gateways.js';
import { ISTIO_GATEWAY, REQUEST_AUTHENTICATION, VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { formatSelector, policySelector } from '../src/istio/policies.js';
import { isJwtClaimRoute, vsGateways } from '../src/istio/virtual-services.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { matchesLabels } from '../src/k8s/selector.js';
import { isObject } from '../src/model/resource.js';

/** The first claim key of the HTTP matches' `headers` or `withoutHeaders`, as Istio takes the first one it meets. */
function firstClaimKey(vs: Resource): { key: string; at: Path } | undefined {
  const http = isObject(vs.body.spec) ? vs.body.spec.http : undefined;
  for (const [i, route] of (Array.isArray(http) ? http : []).entries()) {
    const matches = isObject(route) ? route.match : undefined;
    for (const [j, match] of (Array.isArray(matches) ? matches : []).entries()) {
      if (!isObject(match)) continue;
      for (const field of ['headers', 'withoutHeaders'] as const) {
        const headers = match[field];
        const key = isObject(headers) ? Object.keys(headers).find(isJwtClaimRoute) : undefined;
        if (key !== undefined) return { key, at: ['spec', 'http', i, 'match', j, field, key] };
      }
    }
  }
  return undefined;
}

/** Whether a RequestAuthentication of the root namespace or of the pod's own one selects the pod (no selector selects all). */
function authenticated(pod: GatewayPod, resources: ResourceSet, settings: Settings): boolean {
  return [...new Set([settings.rootNamespace, pod.namespace])]
    .flatMap((ns) => resources.inNamespace(REQUEST_AUTHENTICATION, ns))
    .some((ra) => matchesLabels(policySelector(ra) ?? {}, pod.labels));
}

export default defineRule({
  meta: {
    id: 'virtual-service-jwt-claim-unauthenticated',
    description: 'Report VirtualServices that route on JWT claims at gateways whose pods no RequestAuthentication selects',
    rationale: 'A match on a header named "@request.auth.claims.<claim>" (or "@request.auth.claims[<claim>]") reads a claim of the request\'s validated JWT. The gateway pod validates the token only when a RequestAuthentication of its own namespace, or of the root namespace, selects it; without one there are no claims, and the match never applies (or, under withoutHeaders, always does). Checked for each Istio Gateway named in spec.gateways ("mesh" and Gateways absent from the files are left out), with its pods read from the pod templates of the files\' workloads, or, when no workload of the files matches its selector, the default ingress gateway istioctl assumes (`istio: ingressgateway` in the root namespace); a RequestAuthentication without a selector selects every pod of its namespace, and one in the root namespace selects the pods of every namespace. Gateways without a selector are not judged: istiod applies them to gateway pods, and the files cannot tell which pods those are.',
    remediation: 'Add a RequestAuthentication in the gateway pods\' namespace (or the root namespace) whose selector matches their labels and whose jwtRules accept the tokens, or route on something other than JWT claims.',
    severity: 'error',
    kinds: [VIRTUAL_SERVICE],
    reads: readsBeyond([VIRTUAL_SERVICE], [ISTIO_GATEWAY, REQUEST_AUTHENTICATION], GATEWAY_WORKLOADS_READS),
    istio: 'IST0149',
    tags: ['istio', 'virtual-service', 'gateway', 'security'],
  },
  check(vs, ctx) {
    const claim = firstClaimKey(vs);
    if (!claim) return;
    for (const { name } of vsGateways(vs)) {
      if (name === MESH_GATEWAY) continue;
      const ref = gatewayRef(name, vs.namespace!);
      const gateway = ctx.resources.get(ISTIO_GATEWAY, ref.namespace, ref.name);
      const selector = gateway ? gatewaySelector(gateway) : {};
      if (!gateway || Object.keys(selector).length === 0) continue;
      // The default ingress gateway istioctl assumes stands in only for a gateway the files do not deploy.
      const pods = podsSelectedBy(ctx.resources, ctx.settings, selector);
      const deployed = pods.filter((p) => p.workload);
      const bare = (deployed.length > 0 ? deployed : pods).filter((pod) => !authenticated(pod, ctx.resources, ctx.settings));
      if (bare.length === 0) continue;
      const root = ctx.settings.rootNamespace;
      const own = [...new Set(bare.map((p) => p.namespace))].filter((ns) => ns !== root);
      const where = `the root namespace "${root}"${own.length > 0 ? ` or the pods' namespace "${own.join('", "')}"` : ''}`;
      ctx.report({
        message: `${vs.ref} routes on JWT claim "${claim.key}" at gateway "${name}", but no RequestAuthentication selects the gateway's pods`,
        hint: `Without one, the gateway validates no token and the claim is never set, so this match cannot work as written. Add a RequestAuthentication selecting "${formatSelector(selector)}" in ${where}.`,
        at: claim.at,
        focus: 'key',
        related: [
          { resource: gateway, at: ['spec', 'selector'], message: `selector of ${gateway.ref}` },
          ...bare.flatMap((p) => (p.workload ? [{ resource: p.workload, message: `gateway workload ${p.workload.ref}` }] : [])).slice(0, 3),
        ],
      });
    }
  },
});
