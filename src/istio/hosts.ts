/** A Sidecar egress host `namespace/dnsName`, split at the first `/`. */
export interface EgressHost {
  readonly namespace: string;
  readonly dnsName: string;
  /** `~ns/…` or `~/name`: subtracts from the imported hosts (Istio 1.31 and later). `~/*` is not one. */
  readonly exclusion: boolean;
}

/** First Istio release that reads `~`-prefixed egress hosts as exclusions (istio/istio#60581). */
export const EXCLUSION_HOSTS_SINCE = '1.31';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Istio's own domain check (pkg/config/validation/agent) accepts upper case in domain labels.
const DOMAIN_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** A Kubernetes DNS-1123 label, as namespace names are. */
export function isDns1123Label(text: string): boolean {
  return text.length <= 63 && DNS1123_LABEL.test(text);
}

/** Splits `namespace/dnsName`; undefined when there is no `/`. */
export function parseEgressHost(host: string): EgressHost | undefined {
  const slash = host.indexOf('/');
  if (slash < 0) return undefined;
  const namespace = host.slice(0, slash);
  const dnsName = host.slice(slash + 1);
  return { namespace, dnsName, exclusion: namespace.startsWith('~') && !(namespace === '~' && dnsName === '*') };
}

/**
 * Why `domain` is not a valid wildcard domain, following Istio's ValidateWildcardDomain:
 * at most 255 characters, a wildcard only as the whole first label, DNS labels after it,
 * and a top-level label that is not all digits. A trailing dot is allowed.
 */
export function wildcardDomainProblem(domain: string): string | undefined {
  if (domain.length > 255) return 'is longer than 255 characters';
  const labels = domain.split('.');
  if (labels[labels.length - 1] === '' && labels.length > 1) labels.pop();
  const first = labels[0]!;
  if (first !== '*' && !(first.length <= 63 && DOMAIN_LABEL.test(first))) return `has an invalid label "${first}"`;
  for (const label of labels.slice(1)) {
    if (!(label.length <= 63 && DOMAIN_LABEL.test(label))) return `has an invalid label "${label}"`;
  }
  const top = labels[labels.length - 1]!;
  if (labels.length > 1 && /^[0-9]+$/.test(top)) return `has an all-numeric top-level label "${top}"`;
  return undefined;
}

/** What is wrong with an egress host. */
export interface EgressHostProblem {
  readonly kind: 'form' | 'namespace' | 'short-name' | 'partial-wildcard' | 'domain' | 'exclusion-unsupported';
  /** Completes "host \"…\" …", e.g. `has no "/"`. */
  readonly detail: string;
}

/**
 * Checks one egress host the way Istio's Sidecar validation does. `exclusionsSupported`
 * says whether the mesh reads `~ns/…` hosts as exclusions; before that only `~/*` is valid.
 */
export function egressHostProblem(host: string, exclusionsSupported: boolean): EgressHostProblem | undefined {
  const parsed = parseEgressHost(host);
  if (!parsed) return { kind: 'form', detail: 'has no "/"' };
  const { namespace, dnsName } = parsed;
  if (namespace === '' || dnsName === '') return { kind: 'form', detail: namespace === '' ? 'has an empty namespace part' : 'has an empty dnsName part' };
  if (parsed.exclusion && !exclusionsSupported) return { kind: 'exclusion-unsupported', detail: 'is an exclusion' };
  const bare = namespace.startsWith('~') ? namespace.slice(1) : namespace;
  if (!(namespace === '*' || namespace === '.' || namespace === '~' || isDns1123Label(bare))) {
    return { kind: 'namespace', detail: `has namespace part "${namespace}", which is not "*", ".", "~" or a DNS-1123 label` };
  }
  if (dnsName !== '*' && !dnsName.includes('.')) return { kind: 'short-name', detail: `has the short name "${dnsName}"` };
  if (dnsName.includes('*') && dnsName !== '*' && !dnsName.startsWith('*.')) {
    return { kind: 'partial-wildcard', detail: `has the partial wildcard "${dnsName}"` };
  }
  const domain = wildcardDomainProblem(dnsName);
  if (domain) return { kind: 'domain', detail: `has dnsName "${dnsName}", which ${domain}` };
  return undefined;
}
