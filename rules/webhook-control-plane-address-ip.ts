import { defineRule } from '../src/rule.js';
import { clientConfigProblems } from '../src/istio/control-plane-webhooks.js';
import { MUTATING_WEBHOOK_CONFIGURATION, VALIDATING_WEBHOOK_CONFIGURATION } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'webhook-control-plane-address-ip',
    description: 'Report Istio validator and injector webhooks that reach an external control plane by IP address',
    rationale: 'A remote cluster\'s webhooks reach the external istiod through its ingress gateway. An IP address in clientConfig.url breaks when the load balancer\'s address changes, and istiod\'s certificate is issued for a host name, so production setups use a DNS name.',
    remediation: 'Use a DNS host name for the external control plane\'s ingress gateway in clientConfig.url.',
    severity: 'info',
    kinds: [MUTATING_WEBHOOK_CONFIGURATION, VALIDATING_WEBHOOK_CONFIGURATION],
    istio: 'IST0164',
    tags: ['istio', 'webhook', 'external-control-plane'],
  },
  check(config, ctx) {
    for (const p of clientConfigProblems(config)) {
      if (p.problem !== 'ip') continue;
      ctx.report({
        message: `${config.ref} webhook "${p.webhook}" reaches the external control plane by an IP address`,
        hint: `The address ${p.url} can change, and istiod's certificate does not name it. Use the gateway's DNS name.`,
        at: p.at,
        focus: 'value',
      });
    }
  },
});
