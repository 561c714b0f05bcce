import { isObject } from '../model/resource.js';
import type { JsonObject, Resource } from '../rule.js';

/** The `webhooks` entries of a MutatingWebhookConfiguration that are objects, with their index. */
export function webhooksOf(mwc: Resource): { index: number; webhook: JsonObject; name: string }[] {
  const list = mwc.body.webhooks;
  if (!Array.isArray(list)) return [];
  return list.flatMap((webhook, index) => isObject(webhook) ? [{ index, webhook, name: typeof webhook.name === 'string' ? webhook.name : '' }] : []);
}

const has = (list: unknown, ...values: string[]) => Array.isArray(list) && list.some((v) => values.includes(String(v)));

/**
 * Whether one of the webhook's rules sends Pod CREATE requests to it. The API server calls a
 * webhook only for requests its `rules` match, so one without rules intercepts nothing.
 */
export function coversPodCreate(webhook: JsonObject): boolean {
  if (!Array.isArray(webhook.rules)) return false;
  return webhook.rules.some((rule) => isObject(rule) && has(rule.operations, 'CREATE', '*')
    && has(rule.apiGroups, '', '*') && has(rule.resources, 'pods', '*', '*/*'));
}
