import { imageMatches } from '../../src/k8s/image.js';
import { atLeast } from '../../src/k8s/version.js';
import { webhookCatalogue } from './catalogue.js';
import type { WebhookEntry } from './catalogue-entry.js';

/** What a rule knows about one MutatingWebhookConfiguration and the workload behind it. */
export interface WebhookFacts {
  /** `metadata.name` of the configuration. */
  readonly configName?: string;
  /** `webhooks[].name`. */
  readonly webhookNames?: readonly string[];
  /** `webhooks[].clientConfig.service`. */
  readonly services?: readonly { readonly name: string; readonly namespace?: string }[];
  /** Images of the workload that serves the webhook. */
  readonly images?: readonly string[];
}

/**
 * A catalogue entry the facts point at. `strong` when a configuration or webhook name,
 * service or image identifies the product; `weak` when only a generic name suffix does.
 */
export interface CatalogueMatch {
  readonly entry: WebhookEntry;
  /** Each fingerprint that matched, described for a message. */
  readonly evidence: string[];
  readonly strength: 'strong' | 'weak';
}

/** Matches one configuration's facts against the catalogue, in catalogue order. */
export function matchCatalogue(
  facts: WebhookFacts,
  entries: readonly WebhookEntry[] = webhookCatalogue,
): CatalogueMatch[] {
  const matches: CatalogueMatch[] = [];
  for (const entry of entries) {
    const strong = strongEvidence(entry, facts);
    const weak = weakEvidence(entry, facts, strong.length > 0);
    if (strong.length > 0) matches.push({ entry, evidence: [...strong, ...weak], strength: 'strong' });
    else if (weak.length > 0) matches.push({ entry, evidence: weak, strength: 'weak' });
  }
  return matches;
}

function strongEvidence(entry: WebhookEntry, facts: WebhookFacts): string[] {
  const fp = entry.fingerprints;
  const name = facts.configName;
  const webhooks = facts.webhookNames ?? [];
  const evidence: string[] = [];
  if (name !== undefined) {
    if (fp.configNames?.includes(name)) evidence.push(`configuration "${name}"`);
    for (const prefix of fp.configNamePrefixes ?? []) {
      if (name.startsWith(prefix)) evidence.push(`configuration "${name}" starts with "${prefix}"`);
    }
  }
  for (const webhook of webhooks) {
    if (fp.webhookNames?.includes(webhook)) evidence.push(`webhook "${webhook}"`);
    for (const prefix of fp.webhookNamePrefixes ?? []) {
      if (webhook.startsWith(prefix)) evidence.push(`webhook "${webhook}" starts with "${prefix}"`);
    }
  }
  for (const service of facts.services ?? []) {
    const known = fp.services?.some(
      (s) => s.name === service.name && (s.namespace === undefined || s.namespace === service.namespace),
    );
    const ref = service.namespace ? `${service.namespace}/${service.name}` : service.name;
    if (known) evidence.push(`service "${ref}"`);
  }
  for (const image of facts.images ?? []) {
    if (fp.images?.some((repository) => imageMatches(image, repository))) evidence.push(`image "${image}"`);
  }
  return evidence;
}

// Shared webhook names (kubebuilder's `mpod.kb.io` is used by OpenKruise, k8ssandra-operator
// and kube-image-keeper alike) only back up a match that something specific already made.
function weakEvidence(entry: WebhookEntry, facts: WebhookFacts, corroborated: boolean): string[] {
  const fp = entry.fingerprints;
  const name = facts.configName;
  const evidence: string[] = [];
  for (const suffix of fp.configNameSuffixes ?? []) {
    if (name?.endsWith(suffix) && name !== suffix) evidence.push(`configuration "${name}" ends with "${suffix}"`);
  }
  if (corroborated) {
    for (const webhook of facts.webhookNames ?? []) {
      if (fp.weakWebhookNames?.includes(webhook)) evidence.push(`webhook "${webhook}"`);
    }
  }
  return evidence;
}

/**
 * Whether the release tagged `tag` carries the entry's fix. `false` whenever the entry has
 * no fixed release; `undefined` when the tag names no version (`latest`, a digest, none).
 */
export function isFixed(entry: WebhookEntry, tag: string | undefined): boolean | undefined {
  if (entry.fixed === null) return false;
  return atLeast(tag, entry.fixed);
}
