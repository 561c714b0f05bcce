import { defineRule } from '../src/rule.js';
import { specOf } from '../src/istio/destination-rules.js';
import { DESTINATION_RULE } from '../src/istio/kinds.js';
import { hostJudgeable, lookupHost, qualifiedHostFor, SERVICE_REGISTRY_READS, specExportTo } from '../src/istio/service-registry.js';
import { readsBeyond } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'destination-rule-host-undefined',
    description: 'Report DestinationRules whose host no visible Service or ServiceEntry provides',
    rationale: 'A DestinationRule applies to traffic for a host in Istio\'s registry: a Kubernetes Service ("name.ns.svc.cluster.local", short names read in the DestinationRule\'s namespace) or a ServiceEntry host, visible where its exportTo reaches. For any other host its policies and subsets apply to nothing. A cluster host is judged only when the files hold Services of its namespace, another host only when they hold ServiceEntries. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Correct the host, or add the Service or ServiceEntry it is meant for.',
    severity: 'warning',
    kinds: [DESTINATION_RULE],
    reads: readsBeyond([DESTINATION_RULE], SERVICE_REGISTRY_READS),
    istio: 'IST0174',
    tags: ['istio', 'destination-rule'],
    fixable: true,
  },
  check(rule, ctx) {
    const host = specOf(rule).host;
    if (typeof host !== 'string' || host === '' || host.startsWith('*')) return;
    if (lookupHost(ctx.resources, rule.namespace!, specExportTo(rule), host) || !hostJudgeable(ctx.resources, rule, host)) return;
    const fqdn = qualifiedHostFor(ctx.resources, rule, specExportTo(rule), host);
    ctx.report({
      message: `${rule.ref} is for host "${host}", which no Service or ServiceEntry visible in namespace "${rule.namespace}" provides`,
      hint: fqdn
        ? `Its traffic policy and subsets apply to nothing. Istio completes a short name with the DestinationRule's own namespace and takes a dotted name as written: write "${fqdn}".`
        : 'Its traffic policy and subsets apply to nothing. Check the spelling and the namespace of a short name.',
      at: ['spec', 'host'],
      focus: 'value',
      ...(fqdn ? { fix: { description: `write the host as "${fqdn}"`, edits: [{ at: ['spec', 'host'], set: fqdn }] } } : {}),
    });
  },
});
