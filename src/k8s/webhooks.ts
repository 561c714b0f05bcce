import { isObject } from '../model/resource.js';
import type { JsonObject, Resource } from '../rule.js';

/** The `webhooks` entries of a MutatingWebhookConfiguration that are objects, with their index. */
export function webhooksOf(mwc: Resource): { index: number; webhook: JsonObject; name: string }[] {
  const list = mwc.body.webhooks;
  if (!Array.isArray(list)) return [];
  return list.flatMap((webhook, index) => isObject(webhook) ? [{ index, webhook, name: typeof webhook.name === 'string' ? webhook.name : '' }] : []);
}
