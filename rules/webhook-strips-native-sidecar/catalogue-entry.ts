// Shape of an entry of the native-sidecar webhook catalogue (`catalogue.ts`).

/** How sure we are that the product breaks native sidecars. */
export type Confidence = 'high' | 'medium' | 'low';

/** A webhook backend Service, as in `webhooks[].clientConfig.service`. */
export interface ServiceRef {
  readonly name: string;
  /** Only given when the product always installs there, or the name alone is too generic. */
  readonly namespace?: string;
}

/**
 * What identifies a product in manifests. Default install names only: a Helm release or
 * kustomize prefix changes them, which is why images are listed too.
 */
export interface Fingerprints {
  /** Exact `metadata.name` of the MutatingWebhookConfiguration. */
  readonly configNames?: readonly string[];
  readonly configNamePrefixes?: readonly string[];
  /** Weak: common naming schemes produce these suffixes for unrelated products too. */
  readonly configNameSuffixes?: readonly string[];
  /** Exact `webhooks[].name`. */
  readonly webhookNames?: readonly string[];
  readonly webhookNamePrefixes?: readonly string[];
  /**
   * Webhook names other projects share, such as kubebuilder's default `mpod.kb.io`. They
   * never identify a product on their own and count as evidence only next to a strong
   * fingerprint (a configuration or webhook name, a service or an image).
   */
  readonly weakWebhookNames?: readonly string[];
  readonly services?: readonly ServiceRef[];
  /** Repository paths without registry host or tag; matched as a path suffix. */
  readonly images?: readonly string[];
}

/** Labels that decide which namespaces or Pods the webhook mutates. */
export interface SelectorHint {
  /** Labels that opt in: `key=value`, or `key` for any value. */
  readonly optIn?: readonly string[];
  /** Label keys whose presence opts out. */
  readonly optOut?: readonly string[];
}

/** One product whose webhook is known or suspected to strip native sidecars. */
export interface WebhookEntry {
  /** kebab-case, stable: rule options and suppressions may name it. */
  readonly id: string;
  /** Display name used in messages. */
  readonly product: string;
  readonly fingerprints: Fingerprints;
  /** Affected releases, for people. */
  readonly affected: string;
  /** First release with the fix, or `null` when there is none. */
  readonly fixed: string | null;
  readonly confidence: Confidence;
  /** What to do about it: upgrade target or workaround. */
  readonly fix: string;
  readonly namespaceSelector?: SelectorHint;
  readonly objectSelector?: SelectorHint;
  /**
   * Report only with positive evidence of an affected version (a server image tag, a version
   * or chart label on the configuration, or the configured mesh version): for a product that
   * every mesh runs, such as Istio's own injector, the name alone says nothing.
   */
  readonly needsVersionEvidence?: boolean;
  /** Caveats a rule may add to its message. */
  readonly notes?: string;
  /** URLs or `owner/repo#N` references for the facts above. */
  readonly sources: readonly string[];
}
