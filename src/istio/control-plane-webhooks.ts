import { isObject } from '../model/resource.js';
import type { JsonObject, Path, Resource } from '../rule.js';
import { MUTATING_WEBHOOK_CONFIGURATION } from '../k8s/kinds.js';
import { webhooksOf } from '../k8s/webhooks.js';
import { webhookUrlHost } from '../k8s/webhook-urls.js';

// The webhook configurations of Istio's control plane, by the names its charts give them: the
// validator (`istiod-default-validator`, `istio-validator…`) and the injector
// (`istio-sidecar-injector…`). On a remote cluster of an external control plane their webhooks
// reach istiod by `clientConfig.url` instead of a Service.

export function isControlPlaneWebhookConfiguration(config: Resource): boolean {
  if (config.groupKind === MUTATING_WEBHOOK_CONFIGURATION) return config.name.startsWith('istio-sidecar-injector');
  return config.name === 'istiod-default-validator' || config.name.startsWith('istio-validator');
}

/** What is wrong with how one control-plane webhook reaches istiod. */
export interface ClientConfigProblem {
  readonly webhook: string;
  readonly at: Path;
  /** `blank`: neither url nor service; `invalid`: a url that cannot be parsed; `ip`: a url whose host is an IP address. */
  readonly problem: 'blank' | 'invalid' | 'ip';
  readonly url: string;
  readonly detail?: string;
}

export function clientConfigProblems(config: Resource): ClientConfigProblem[] {
  if (!isControlPlaneWebhookConfiguration(config)) return [];
  const found: ClientConfigProblem[] = [];
  for (const { index, webhook, name } of webhooksOf(config)) {
    const client: JsonObject = isObject(webhook.clientConfig) ? webhook.clientConfig : {};
    const at: Path = ['webhooks', index, 'clientConfig'];
    if (typeof client.url === 'string') {
      const host = webhookUrlHost(client.url);
      if ('error' in host) found.push({ webhook: name, at: [...at, 'url'], problem: 'invalid', url: client.url, detail: host.error });
      else if (host.ip) found.push({ webhook: name, at: [...at, 'url'], problem: 'ip', url: client.url });
    } else if (!isObject(client.service)) {
      found.push({ webhook: name, at: isObject(webhook.clientConfig) ? at : ['webhooks', index], problem: 'blank', url: '' });
    }
  }
  return found;
}
