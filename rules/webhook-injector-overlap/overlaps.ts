import { isObject } from '../../src/model/resource.js';
import type { JsonObject, Resource, ResourceSet } from '../../src/rule.js';
import { LABEL } from '../../src/istio/injection.js';
import { matchesSelector } from '../../src/k8s/selector.js';
import { metadataOf } from '../../src/k8s/workload.js';
import { MUTATING_WEBHOOK_CONFIGURATION as MWC } from '../../src/k8s/kinds.js';
import { coversPodCreate, webhooksOf } from '../../src/k8s/webhooks.js';

/** One webhook entry of an Istio sidecar-injector configuration. */
export interface InjectorWebhook {
  readonly mwc: Resource;
  readonly index: number;
  readonly name: string;
  /** `configuration/webhook`, as Istio's analyzer names it (`configuration/webhooks[i]` without a name). */
  readonly label: string;
  /** How a message names it: `webhook "name"`, or by position when it has no name. */
  readonly title: string;
}

// Revisions named in a selector: matchLabels, or the values of an In expression.
function selectorRevisions(selector: unknown): string[] {
  if (!isObject(selector)) return [];
  const found: string[] = [];
  if (isObject(selector.matchLabels) && typeof selector.matchLabels[LABEL.revision] === 'string') found.push(selector.matchLabels[LABEL.revision] as string);
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    if (isObject(e) && e.key === LABEL.revision && e.operator === 'In' && Array.isArray(e.values)) found.push(...e.values.map(String));
  }
  return found;
}

/** Istio's analyzer (IST0139) considers configurations with revisions or a webhook named `…istio.io`. */
function revisionsOf(mwc: Resource): string[] {
  const own = metadataOf(mwc).labels[LABEL.revision];
  return [...(own ? [own] : []), ...webhooksOf(mwc).flatMap(({ webhook }) => [...selectorRevisions(webhook.namespaceSelector), ...selectorRevisions(webhook.objectSelector)])];
}

/**
 * Whether an entry can be called for a new Pod. The API server calls a webhook only for the
 * requests its rules match, so rules that leave out Pod CREATE rule it out, and so does an
 * entry with neither rules nor selectors (a stub). An entry with selectors but no rules is
 * taken as an abridged injector, as istioctl analyze takes it (its test data is written so).
 */
function intercepts(webhook: JsonObject): boolean {
  const rules = Array.isArray(webhook.rules) ? webhook.rules : [];
  if (rules.length > 0) return coversPodCreate(webhook);
  return webhook.namespaceSelector != null || webhook.objectSelector != null;
}

/** Kinds {@link injectorOverlaps} looks up. */
export const READS: readonly string[] = [MWC];

/**
 * Groups of injector webhooks that select the same Pods, found the way `istioctl analyze`
 * does: every combination of the namespace and pod labels that drive injection.
 */
export function injectorOverlaps(resources: ResourceSet): InjectorWebhook[][] {
  const configs = resources.ofKind(MWC).filter((m) => revisionsOf(m).length > 0 || webhooksOf(m).some((w) => w.name.endsWith('istio.io')));
  const revisions = [...new Set(configs.flatMap(revisionsOf))].sort();
  const withRevisions = (base: Record<string, string>[]) => [...base, ...revisions.flatMap((r) => base.map((b) => ({ ...b, [LABEL.revision]: r })))];
  const namespaces = withRevisions([{}, { [LABEL.injection]: 'enabled' }, { [LABEL.injection]: 'disabled' }]);
  const objects = withRevisions([{}, { [LABEL.inject]: 'true' }, { [LABEL.inject]: 'false' }]);
  const webhooks = configs.flatMap((mwc) => webhooksOf(mwc).filter(({ webhook }) => intercepts(webhook)).map(({ index, name, webhook }) => ({
    mwc, index, name, webhook, label: `${mwc.name}/${name || `webhooks[${index}]`}`, title: name ? `webhook "${name}"` : `unnamed webhook ${index + 1}`,
  })));
  const groups = new Map<string, InjectorWebhook[]>();
  for (const ns of namespaces) {
    for (const obj of objects) {
      const matching = webhooks.filter((w) => matchesSelector(w.webhook.namespaceSelector, ns) === true && matchesSelector(w.webhook.objectSelector, obj) === true);
      if (matching.length > 1) groups.set(matching.map((w) => w.label).join('\0'), matching.map(({ mwc, index, name, label, title }) => ({ mwc, index, name, label, title })));
    }
  }
  return [...groups.values()];
}
