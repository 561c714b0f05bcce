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
