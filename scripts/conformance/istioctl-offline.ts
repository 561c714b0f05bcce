/**
 * What `istioctl analyze --use-kube=false` can report, per analyzer of
 * pkg/config/analysis/analyzers/all.go (istio at commit 86c9f01): offline, istioctl's file
 * reader drops Namespace, Pod, Service, Secret and Node documents, and every analyzer whose
 * `Metadata().Inputs` lists one of those kinds is skipped (local/istiod_analyze.go). Decided
 * by hand from each analyzer's inputs and the `msg.New…` calls of its source.
 */

interface Analyzer {
  /** As `istioctl analyze -L` prints it. */
  readonly name: string;
  readonly codes: readonly string[];
  /** Whether it runs offline: none of its inputs is a dropped kind. */
  readonly offline: boolean;
  /** For a code that other analyzers report too: the part of it this analyzer covers. */
  readonly part?: string;
}

const ANALYZERS: readonly Analyzer[] = [
  { name: 'annotations.K8sAnalyzer', codes: ['IST0107', 'IST0108', 'IST0125', 'IST0135'], offline: false },
  { name: 'authn.BlockedCIDRsAnalyzer', codes: ['IST0175'], offline: true },
  { name: 'auth.AuthorizationPoliciesAnalyzer', codes: ['IST0101', 'IST0127'], offline: false, part: 'AuthorizationPolicy namespaces' },
  { name: 'conditions.ConditionAnalyzer', codes: ['IST0171'], offline: false },
  { name: 'deployment.MultiServiceAnalyzer', codes: ['IST0116', 'IST0137'], offline: false },
  { name: 'applicationUID.Analyzer', codes: ['IST0144'], offline: false },
  { name: 'destinationrule.CaCertificateAnalyzer', codes: ['IST0128', 'IST0129'], offline: true },
  { name: 'destinationrule.SubsetSelectPodAnalyzer', codes: ['IST0173', 'IST0174'], offline: false },
  { name: 'deprecation.DeprecationAnalyzer', codes: ['IST0002'], offline: true },
  { name: 'envoyfilter.EnvoyPatchAnalyzer', codes: ['IST0151', 'IST0152', 'IST0153', 'IST0154', 'IST0155'], offline: true },
  { name: 'externalcontrolplane.ExternalControlPlaneAnalyzer', codes: ['IST0163', 'IST0164'], offline: true },
  { name: 'gateway.IngressGatewayPortAnalyzer', codes: ['IST0101', 'IST0162'], offline: false, part: 'Gateway selectors' },
  { name: 'gateway.CertificateAnalyzer', codes: ['IST0138'], offline: true },
  { name: 'gateway.SecretAnalyzer', codes: ['IST0101', 'IST0161'], offline: false, part: 'Gateway credentials' },
  { name: 'gateway.ConflictingGatewayAnalyzer', codes: ['IST0101', 'IST0145'], offline: false, part: 'Gateway selectors' },
  { name: 'injection.Analyzer', codes: ['IST0102', 'IST0103', 'IST0123', 'IST0148'], offline: false },
  { name: 'injection.ImageAnalyzer', codes: ['IST0158'], offline: false },
  { name: 'injection.ImageAutoAnalyzer', codes: ['IST0146', 'IST0147'], offline: false },
  { name: 'k8sgateway.SelectorAnalyzer', codes: ['IST0166'], offline: false },
  { name: 'k8sgateway.CRDVersionAnalyzer', codes: ['IST0176'], offline: true },
  { name: 'meshnetworks.MeshNetworksAnalyzer', codes: ['IST0126'], offline: false },
  { name: 'services.MultiClusterServiceAnalyzer', codes: ['IST0170'], offline: false },
  { name: 'service.PortNameAnalyzer', codes: ['IST0118', 'IST0150'], offline: false },
  { name: 'sidecar.SelectorAnalyzer', codes: ['IST0101', 'IST0110', 'IST0111', 'IST0167'], offline: false, part: 'Sidecar selectors' },
  { name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer', codes: ['IST0109'], offline: true },
  { name: 'virtualservice.DestinationHostAnalyzer', codes: ['IST0101', 'IST0112', 'IST0140'], offline: false, part: 'VirtualService hosts' },
  { name: 'virtualservice.DestinationRuleAnalyzer', codes: ['IST0101'], offline: true, part: 'VirtualService subsets' },
  { name: 'virtualservice.GatewayAnalyzer', codes: ['IST0101', 'IST0132', 'IST0165'], offline: true, part: 'VirtualService gateways' },
  { name: 'virtualservice.JWTClaimRouteAnalyzer', codes: ['IST0149'], offline: false },
  { name: 'serviceentry.Analyzer', codes: ['IST0134'], offline: true },
  { name: 'serviceentry.ConflictingServiceEntryProtocolAnalyzer', codes: ['IST0177'], offline: true },
  { name: 'webhook.Analyzer', codes: ['IST0139'], offline: false },
  { name: 'telemetry.ProviderAnalyzer', codes: ['IST0157'], offline: true },
  { name: 'telemetry.SelectorAnalyzer', codes: ['IST0101', 'IST0159'], offline: false, part: 'Telemetry selectors' },
  { name: 'telemetry.DefaultSelectorAnalyzer', codes: ['IST0160'], offline: true },
  { name: 'telemetry.LightstepAnalyzer', codes: ['IST0002'], offline: true },
  // One per Istio kind; it reads only that kind.
  { name: 'schema.ValidationAnalyzer.<Kind>', codes: ['IST0106', 'IST0130', 'IST0131', 'IST0133'], offline: true },
];

/** Codes no analyzer of `istioctl analyze` reports: what else emits them. */
const ELSEWHERE: Readonly<Record<string, string>> = {
  IST0141: 'no (`istioctl x precheck` only)', IST0142: 'no (`istioctl x precheck` only)', IST0156: 'no (`istioctl x precheck` only)',
  IST0169: 'no (`istioctl x precheck` only)', IST0172: 'no (`istioctl x precheck` only)',
  IST0001: 'no (never reported)', IST0143: 'no (never reported)', IST0168: 'no (never reported)', IST0136: 'no (its analyzer is not registered)',
};

/**
 * Codes whose check needs the state of a cluster (running Pods and their injected proxies,
 * Secret contents, controller-written status, several clusters, precheck), which files cannot give.
 */
export const CLUSTER_ONLY: ReadonlySet<string> = new Set([
  'IST0103', 'IST0126', 'IST0141', 'IST0142', 'IST0143', 'IST0156', 'IST0158', 'IST0161', 'IST0168', 'IST0169', 'IST0170', 'IST0171', 'IST0172',
]);

/** Whether `istioctl analyze --use-kube=false` can report the code: `yes`, `no`, or `partly (…)` naming the checks it runs. */
export function offline(code: string): string {
  const emitters = ANALYZERS.filter((a) => a.codes.includes(code));
  if (emitters.length === 0) return ELSEWHERE[code] ?? '?';
  if (emitters.every((a) => a.offline)) return 'yes';
  if (!emitters.some((a) => a.offline)) return 'no';
  return `partly (${[...new Set(emitters.filter((a) => a.offline).map((a) => a.part ?? a.name))].join(' and ')} only)`;
}
