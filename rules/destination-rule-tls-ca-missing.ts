import { defineRule } from '../src/rule.js';
import { tlsWithoutCa } from '../src/istio/destination-rules.js';
import { DESTINATION_RULE } from '../src/istio/kinds.js';

export default defineRule({
  meta: {
    id: 'destination-rule-tls-ca-missing',
    description: 'Report DestinationRule traffic policies that originate TLS without a CA certificate to verify the server',
    rationale: 'With `tls.mode` SIMPLE or MUTUAL and no `caCertificates`, the sidecar has no CA of its own to check the upstream server\'s certificate against, so a server impersonating the destination may go unnoticed. Istio does not complain when a `credentialName` Secret supplies the CA on a DestinationRule with a workloadSelector.',
    remediation: 'Set `tls.caCertificates` to the CA bundle that signs the server\'s certificate (or, with a workloadSelector, a `credentialName` Secret holding `ca.crt`).',
    severity: 'warning',
    kinds: [DESTINATION_RULE],
    istio: 'IST0128',
    tags: ['istio', 'destination-rule', 'tls'],
  },
  check(rule, ctx) {
    const found = tlsWithoutCa(rule).find((t) => t.port === undefined);
    if (!found) return;
    ctx.report({
      message: `${rule.ref} originates "${found.mode}" TLS without caCertificates to verify the server certificate`,
      hint: 'Set tls.caCertificates to the CA bundle that signs the upstream server certificate.',
      at: found.at,
      focus: 'key',
    });
  },
});
