// Pod-scoped annotations from Istio's annotation catalog (istio/api annotation/annotations.yaml):
// the injector and the proxy read them from the Pod, so on any other object they do nothing.

const POD_ANNOTATIONS = new Set([
  'ambient.istio.io/bypass-inbound-capture', 'ambient.istio.io/dns-capture', 'ambient.istio.io/redirection',
  'inject.istio.io/templates', 'istio.io/reroute-virtual-interfaces', 'prometheus.istio.io/merge-metrics',
  'proxy.istio.io/config', 'proxy.istio.io/overrides', 'status.sidecar.istio.io/port',
  ...['applicationPorts', 'failureThreshold', 'initialDelaySeconds', 'periodSeconds'].map((n) => `readiness.status.sidecar.istio.io/${n}`),
  ...['agentLogLevel', 'bootstrapOverride', 'componentLogLevel', 'discoveryAddress', 'extraStatTags', 'inject',
    'interceptionMode', 'logLevel', 'nativeSidecar', 'proxyCPU', 'proxyCPULimit', 'proxyImage', 'proxyImageType',
    'proxyMemory', 'proxyMemoryLimit', 'rewriteAppHTTPProbers', 'statsCompression', 'statsEvictionInterval',
    'statsFlushInterval', 'statsHistogramBins', 'statsHistogramBuckets', 'statsInclusionPrefixes',
    'statsInclusionRegexps', 'statsInclusionSuffixes', 'userVolume', 'userVolumeMount'].map((n) => `sidecar.istio.io/${n}`),
  ...['excludeInboundPorts', 'excludeInterfaces', 'excludeOutboundIPRanges', 'excludeOutboundPorts', 'includeInboundPorts',
    'includeOutboundIPRanges', 'includeOutboundPorts', 'kubevirtInterfaces'].map((n) => `traffic.sidecar.istio.io/${n}`),
]);

// Families whose every member is read from the Pod, so a misspelt or newer key is still Pod-scoped.
const POD_PREFIXES = ['sidecar.istio.io/', 'traffic.sidecar.istio.io/', 'readiness.status.sidecar.istio.io/'];

// Written by the injector itself (and ignored by istioctl analyze), not by people.
const INJECTOR_OUTPUT = new Set(['sidecar.istio.io/status']);

/** Whether Istio reads this annotation only from a Pod (or a pod template). */
export function isPodAnnotation(name: string): boolean {
  if (INJECTOR_OUTPUT.has(name)) return false;
  return POD_ANNOTATIONS.has(name) || POD_PREFIXES.some((prefix) => name.startsWith(prefix));
}

// Deprecated in the catalog (istio/api 1.31), with what replaces each where there is a replacement.
const DEPRECATED_POD_ANNOTATIONS: Readonly<Record<string, string | undefined>> = {
  'sidecar.istio.io/inject': 'the sidecar.istio.io/inject label',
  'sidecar.istio.io/discoveryAddress': 'discoveryAddress in proxy.istio.io/config',
  'sidecar.istio.io/extraStatTags': 'extraStatTags in proxy.istio.io/config',
  'sidecar.istio.io/statsInclusionPrefixes': 'proxyStatsMatcher in proxy.istio.io/config',
  'sidecar.istio.io/statsInclusionRegexps': 'proxyStatsMatcher in proxy.istio.io/config',
  'sidecar.istio.io/statsInclusionSuffixes': 'proxyStatsMatcher in proxy.istio.io/config',
  'sidecar.istio.io/statsCompression': undefined,
  'traffic.sidecar.istio.io/kubevirtInterfaces': 'the istio.io/reroute-virtual-interfaces annotation',
};

/** For a deprecated Pod annotation, what replaces it (`''` when nothing does); undefined for others. */
export function deprecatedPodAnnotation(name: string): string | undefined {
  return Object.hasOwn(DEPRECATED_POD_ANNOTATIONS, name) ? DEPRECATED_POD_ANNOTATIONS[name] ?? '' : undefined;
}
