import { defineRule } from '../src/rule.js';
import { MUTATING_WEBHOOK_CONFIGURATION as MWC, SERVICE } from '../src/k8s/kinds.js';
import { webhooksOf } from '../src/k8s/webhooks.js';
import { metadataOf } from '../src/k8s/workload.js';
import { isObject } from '../src/model/resource.js';
import type { JsonObject, Resource } from '../src/rule.js';

const REVISION = 'istio.io/rev';

/** Whether a selector mentions `istio.io/rev` (in matchLabels or matchExpressions). */
function mentionsRevision(selector: unknown): boolean {
  if (!isObject(selector)) return false;
  if (isObject(selector.matchLabels) && REVISION in selector.matchLabels) return true;
  return Array.isArray(selector.matchExpressions) && selector.matchExpressions.some((e) => isObject(e) && e.key === REVISION);
}

/** Istio's injector configurations, as istioctl tells them: a revision, or a webhook named `….istio.io`. */
function isInjector(mwc: Resource, hooks: { webhook: JsonObject; name: string }[]): boolean {
  return REVISION in metadataOf(mwc).labels
    || hooks.some((h) => h.name.endsWith('istio.io') || mentionsRevision(h.webhook.namespaceSelector) || mentionsRevision(h.webhook.objectSelector));
}

export default defineRule({
  meta: {
    id: 'webhook-injector-service-missing',
    description: 'Require the Service that an Istio injector webhook calls to exist',
    rationale: 'The API server calls the sidecar injector at clientConfig.service. When that Service does not exist (a removed revision, a renamed istiod, a wrong namespace), every Pod creation the webhook selects fails under failurePolicy Fail, or is admitted without a sidecar under Ignore. It is judged only when the files hold Services of that namespace, so that the control plane\'s Services can be expected among them.',
    remediation: 'Point clientConfig.service at the istiod Service of the revision (name and namespace), or remove the webhook configuration of a revision that is gone.',
    severity: 'error',
    kinds: [MWC],
    reads: [SERVICE],
    istio: 'IST0139',
    tags: ['istio', 'injection', 'webhook'],
  },
  check(mwc, ctx) {
    const hooks = webhooksOf(mwc);
    if (!isInjector(mwc, hooks)) return;
    for (const { index, webhook, name } of hooks) {
      const service = isObject(webhook.clientConfig) ? webhook.clientConfig.service : undefined;
      if (!isObject(service) || typeof service.name !== 'string' || typeof service.namespace !== 'string') continue;
      if (ctx.resources.inNamespace(SERVICE, service.namespace).length === 0) continue;
      if (ctx.resources.get(SERVICE, service.namespace, service.name)) continue;
      ctx.report({
        message: `${mwc.ref} webhook "${name}" calls the undefined Service "${service.namespace}/${service.name}"`,
        hint: `The files define other Services of namespace "${service.namespace}" but not this one, so the API server cannot reach the injector. Point the webhook at the istiod Service of its revision.`,
        at: ['webhooks', index, 'clientConfig', 'service', 'name'],
        focus: 'value',
      });
    }
  },
});
