import { isObject } from '../model/resource.js';
import type { JsonObject, Resource, ResourceSet } from '../rule.js';
import { metadataOf } from './workload.js';

export const MWC = 'admissionregistration.k8s.io/MutatingWebhookConfiguration';

/** The `webhooks` entries of a MutatingWebhookConfiguration that are objects, with their index. */
export function webhooksOf(mwc: Resource): { index: number; webhook: JsonObject; name: string }[] {
  const list = mwc.body.webhooks;
  if (!Array.isArray(list)) return [];
  return list.flatMap((webhook, index) => isObject(webhook) ? [{ index, webhook, name: typeof webhook.name === 'string' ? webhook.name : '' }] : []);
}

const has = (list: unknown, ...values: string[]) => Array.isArray(list) && list.some((v) => values.includes(String(v)));

/** Whether one of the webhook's rules sends Pod CREATE requests to it. */
export function coversPodCreate(webhook: JsonObject): boolean {
  if (!Array.isArray(webhook.rules)) return false;
  return webhook.rules.some((rule) => isObject(rule) && has(rule.operations, 'CREATE', '*')
    && has(rule.apiGroups, '', '*') && has(rule.resources, 'pods', '*', '*/*'));
}

/** Labels a Namespace has, including the `kubernetes.io/metadata.name` label the API server adds. */
export function namespaceLabels(resources: ResourceSet, namespace: string): Record<string, string> {
  const object = resources.get('Namespace', undefined, namespace);
  return { ...(object ? metadataOf(object).labels : {}), 'kubernetes.io/metadata.name': namespace };
}

