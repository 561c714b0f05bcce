import { defineRule } from '../src/rule.js';
import { FIND_GATEWAY_READS, findGateway, gatewayRef, gatewaysJudgeable, isInternalGatewayRef, MESH_GATEWAY, qualifiedGatewayRef } from '../src/istio/gateways.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { vsGateways } from '../src/istio/virtual-services.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'virtual-service-gateway-undefined',
    description: 'Report VirtualService gateways that name no Gateway',
    rationale: 'A VirtualService applies to the gateways it names: "name" in its own namespace, "ns/name", or "mesh" for the sidecars. A name that matches no Istio or Gateway API Gateway binds the routes to nothing, so they never apply. A legacy "name.namespace" form is read as a name, as Istio does. Namespaces whose Gateways the files do not hold are not judged. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Correct the gateway name or its namespace prefix ("ns/name"), or add the Gateway.',
    severity: 'error',
    kinds: [VIRTUAL_SERVICE],
    reads: readsBeyond([VIRTUAL_SERVICE], FIND_GATEWAY_READS),
    istio: 'IST0101',
    tags: ['istio', 'virtual-service', 'gateway'],
    fixable: true,
  },
  check(vs, ctx) {
    for (const { name, index } of vsGateways(vs)) {
      if (name === MESH_GATEWAY || isInternalGatewayRef(name)) continue;
      const ref = gatewayRef(name, vs.namespace!);
      if (findGateway(ctx.resources, ref.namespace, ref.name) || !gatewaysJudgeable(ctx.resources, ref.namespace, vs)) continue;
      const qualified = qualifiedGatewayRef(ctx.resources, vs, name);
      ctx.report({
        message: `${vs.ref} is bound to gateway "${name}", but there is no Gateway "${ref.name}" in namespace "${ref.namespace}"`,
        hint: qualified
          ? `Its routes apply to nothing through this name. A Gateway of another namespace is written "ns/name": the files hold one that fits, "${qualified}".`
          : 'Its routes apply to nothing through this name. A Gateway of another namespace is written "ns/name".',
        at: ['spec', 'gateways', index],
        ...(qualified ? { fix: { description: `write "${qualified}"`, edits: [{ at: ['spec', 'gateways', index], set: qualified }] } } : {}),
      });
    }
  },
});
