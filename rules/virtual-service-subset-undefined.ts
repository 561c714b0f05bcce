import { defineRule } from '../src/rule.js';
import { DESTINATION_RULES_READS, destinationRulesFor, destinationRulesJudgeable, subsetsOf } from '../src/istio/destination-rules.js';
import { VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { vsDestinations } from '../src/istio/virtual-services.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'virtual-service-subset-undefined',
    description: 'Report VirtualService routes and mirrors to a subset that no DestinationRule of the host defines',
    rationale: 'A route to a subset that no DestinationRule of its host defines has no cluster behind it: Envoy answers 503 (NR) for routes and silently drops mirrored traffic. Hosts are paired as Istio does: a "name.ns.svc.cluster.local" host names that Service, any other host a name in the VirtualService\'s namespace. When the files hold no DestinationRule of the host\'s namespace, it may be kept elsewhere and the rule stays silent. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Add the subset to the DestinationRule of the host, or correct the subset or host name of the destination.',
    severity: 'error',
    kinds: [VIRTUAL_SERVICE],
    reads: readsBeyond([VIRTUAL_SERVICE], DESTINATION_RULES_READS),
    istio: 'IST0101',
    tags: ['istio', 'virtual-service'],
  },
  check(vs, ctx) {
    for (const d of vsDestinations(vs)) {
      if (d.subset === undefined || !destinationRulesJudgeable(ctx.resources, d.host, vs)) continue;
      const rules = destinationRulesFor(ctx.resources, d.host, vs.namespace!);
      if (rules.some((r) => subsetsOf(r).some((s) => s.name === d.subset))) continue;
      ctx.report({
        message: `${vs.ref} ${d.mirror ? 'mirrors' : 'routes'} to subset "${d.subset}" of host "${d.host}", which no DestinationRule of that host defines`,
        hint: rules.length > 0 ? `Defined subsets: ${rules.flatMap((r) => subsetsOf(r).map((s) => `"${s.name}"`)).join(', ') || 'none'}. Envoy answers 503 for a subset without a cluster.` : 'There is no DestinationRule for this host, so Envoy has no cluster for the subset and answers 503.',
        at: [...d.path, 'subset'],
        related: rules.slice(0, 3).map((r) => ({ resource: r, at: ['spec', 'subsets'], message: `subsets of ${r.ref}` })),
      });
    }
  },
});
