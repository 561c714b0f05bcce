import { defineRule } from '../src/rule.js';
import { clientConfigProblems } from '../src/istio/control-plane-webhooks.js';
import { MUTATING_WEBHOOK_CONFIGURATION, VALIDATING_WEBHOOK_CONFIGURATION } from '../src/k8s/kinds.js';

export default defineRule({
  meta: {
    id: 'webhook-control-plane-address-invalid',
    description: 'Require Istio\'s validator and injector webhooks to give a valid url or a service',
    rationale: 'The API server calls Istio\'s validation and sidecar-injection webhooks at clientConfig.url (an external control plane) or clientConfig.service. With neither, or with a url it cannot parse, the API server rejects the configuration or cannot reach istiod, so resources are not validated and Pods are not injected (or not admitted at all under failurePolicy Fail).',
    remediation: 'Set clientConfig.url to the https address of the external istiod (for example its ingress gateway host name), or clientConfig.service to the istiod Service.',
    severity: 'warning',
    kinds: [MUTATING_WEBHOOK_CONFIGURATION, VALIDATING_WEBHOOK_CONFIGURATION],
    istio: 'IST0163',
    tags: ['istio', 'webhook', 'external-control-plane'],
  },
  check(config, ctx) {
    for (const p of clientConfigProblems(config)) {
      if (p.problem === 'ip') continue;
      ctx.report({
        message: p.problem === 'blank'
          ? `${config.ref} webhook "${p.webhook}" has neither a url nor a service to call`
          : `${config.ref} webhook "${p.webhook}" has a url with ${p.detail}`,
        hint: 'The API server cannot reach istiod through this webhook. Give the external control plane\'s https address as url, or the istiod Service.',
        at: p.at,
        focus: p.problem === 'blank' ? 'key' : 'value',
      });
    }
  },
});
