import { defineRule } from '../src/rule.js';
import { tlsWithoutCa } from '../src/istio/destination-rules.js';
import { DESTINATION_RULE } from '../src/istio/kinds.js';

export default defineRule({
  meta: {
    id: 'destination-rule-port-tls-ca-missing',
    description: 'Report DestinationRule port-level traffic policies that originate TLS without a CA certificate to verify the server',
    rationale: 'A `portLevelSettings` entry with `tls.mode` SIMPLE or MUTUAL and no `caCertificates` leaves the sidecar without a CA of its own to check the upstream server\'s certificate on that port, so a server impersonating the destination may go unnoticed. Istio does not complain when a `credentialName` Secret supplies the CA on a DestinationRule with a workloadSelector.',
    remediation: 'Set `tls.caCertificates` of the port-level setting to the CA bundle that signs the server\'s certificate.',
    severity: 'warning',
    kinds: [DESTINATION_RULE],
    istio: 'IST0129',
    tags: ['istio', 'destination-rule', 'tls'],
  },
  check(rule, ctx) {
    for (const found of tlsWithoutCa(rule).filter((t) => t.port !== undefined)) {
      ctx.report({
        message: `${rule.ref} originates "${found.mode}" TLS on port "${found.port}" without caCertificates to verify the server certificate`,
        hint: 'Set tls.caCertificates on this port-level setting to the CA bundle that signs the upstream server certificate.',
        at: found.at,
        focus: 'key',
      });
    }
  },
});
