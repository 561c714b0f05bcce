// Mutating webhooks known to drop `restartPolicy: Always` from init containers, which turns a
// native sidecar back into a blocking init container (or gets the Pod rejected when the
// sidecar has probes). The usual cause is a webhook built against `k8s.io/api` older than
// v0.28, the first release with `Container.RestartPolicy`: the field is lost when the Pod is
// decoded and the webhook's patch then removes or overwrites it.
//
// This file is data only: the entry type is in `catalogue-entry.ts`, matching in
// `match.ts`.

import type { WebhookEntry } from './catalogue-entry.js';

export type { Confidence, Fingerprints, SelectorHint, ServiceRef, WebhookEntry } from './catalogue-entry.js';

const GCS_FUSE_KNOWN_ISSUES =
  'https://github.com/GoogleCloudPlatform/gcs-fuse-csi-driver/blob/main/docs/known-issues.md';

/** The catalogue, high confidence first. */
export const webhookCatalogue: readonly WebhookEntry[] = [
  {
    id: 'kubesphere-logsidecar-injector',
    product: 'KubeSphere logsidecar-injector',
    fingerprints: {
      configNames: ['logsidecar-injector-admission-mutate'],
      webhookNames: ['logsidecar-injector.logging.kubesphere.io'],
      services: [{ name: 'logsidecar-injector-admission', namespace: 'kubesphere-logging-system' }],
      images: ['kubesphere/log-sidecar-injector'],
    },
    affected: 'every release (still built with k8s.io/api v0.21)',
    fixed: null,
    confidence: 'high',
    fix: 'No fixed release: remove the logging.kubesphere.io/logsidecar-injection label from namespaces that run native sidecars, or turn native sidecars off there',
    namespaceSelector: { optIn: ['logging.kubesphere.io/logsidecar-injection=enabled'] },
    objectSelector: { optOut: ['logging.kubesphere.io/logsidecar-injector'] },
    // logsidecar_pods.go always diffs the re-encoded Pod against the request, so Pods
    // without its annotation are rewritten as well.
    notes: 'Rewrites every Pod of an enabled namespace, annotated or not',
    sources: [GCS_FUSE_KNOWN_ISSUES, 'https://github.com/kubesphere/logsidecar-injector',
      'https://www.alibabacloud.com/help/en/asm/sidecar/deploying-grid-agents-using-native-sidecar-patterns'],
  },
  {
    id: 'eks-pod-identity-webhook',
    product: 'Amazon EKS Pod Identity Webhook',
    fingerprints: {
      configNames: ['pod-identity-webhook'],
      webhookNames: ['pod-identity-webhook.amazonaws.com'],
      services: [{ name: 'pod-identity-webhook' }],
      images: ['eks/pod-identity-webhook', 'amazon/amazon-eks-pod-identity-webhook'],
    },
    affected: 'v0.5.2 and earlier',
    fixed: 'v0.5.3',
    confidence: 'high',
    fix: 'Upgrade to v0.5.3 or later (kOps ships the fix since kubernetes/kops#16803)',
    objectSelector: { optOut: ['eks.amazonaws.com/skip-pod-identity-webhook'] },
    notes: 'On EKS it runs in the managed control plane, patched in February 2024, and is absent from manifests',
    sources: ['aws/amazon-eks-pod-identity-webhook#208', 'aws/amazon-eks-pod-identity-webhook#209',
      'kubernetes/kops#16802'],
  },
  {
    id: 'azure-workload-identity',
    product: 'Azure AD Workload Identity webhook',
    fingerprints: {
      configNames: ['azure-wi-webhook-mutating-webhook-configuration'],
      webhookNames: ['mutation.azure-workload-identity.io'],
      services: [{ name: 'azure-wi-webhook-webhook-service' }],
      images: ['azure/workload-identity/webhook'],
    },
    affected: 'v1.2.2 and earlier, including the AKS add-on until its 2024-06-27 release',
    fixed: 'v1.3.0',
    confidence: 'high',
    fix: 'Upgrade to v1.3.0 or later, or update the AKS cluster to get the fixed add-on',
    objectSelector: { optIn: ['azure.workload.identity/use=true'] },
    // Azure/azure-workload-identity#794 set reinvocationPolicy: IfNeeded, so it runs again
    // after Istio's injector although its configuration name sorts first.
    notes: 'Reinvoked after other webhooks, so ordering does not protect Istio\'s sidecar',
    sources: ['Azure/azure-workload-identity#1312', 'Azure/AKS#4381', 'istio/istio#49221'],
  },
  {
    id: 'datadog-cluster-agent',
    product: 'Datadog Cluster Agent admission controller',
    fingerprints: {
      configNames: ['datadog-webhook'],
      webhookNamePrefixes: ['datadog.webhook.'],
      services: [{ name: 'datadog-cluster-agent-admission-controller' }],
      images: ['datadog/cluster-agent', 'datadoghq/cluster-agent'],
    },
    affected: 'Cluster Agent before 7.52.0',
    fixed: '7.52.0',
    confidence: 'high',
    fix: 'Upgrade the Cluster Agent to 7.52.0 or later',
    objectSelector: { optIn: ['admission.datadoghq.com/enabled=true'] },
    notes: 'A 2025 report on chart 3.118.0 (DataDog/datadog-agent#37837) may be a regression; unconfirmed',
    sources: ['DataDog/datadog-operator#1116',
      'https://github.com/DataDog/datadog-agent/blob/main/CHANGELOG-DCA.rst', 'DataDog/datadog-agent#37837'],
  },
  {
    id: 'cloud-run-for-anthos',
    product: 'Cloud Run for Anthos (Knative on GKE)',
    fingerprints: {
      configNames: ['istio-inject.webhook.crfa.internal.knative.dev'],
      webhookNames: ['istio-inject.webhook.crfa.internal.knative.dev'],
    },
    affected: 'every version seen (the product is retired)',
    fixed: null,
    confidence: 'high',
    fix: 'No fix: keep native sidecars off on clusters that still run it',
    notes: 'Managed by GKE, so usually absent from manifests',
    sources: ['GoogleCloudPlatform/gcs-fuse-csi-driver#322', GCS_FUSE_KNOWN_ISSUES],
  },
  {
    id: 'gtoken',
    product: 'DoiT gtoken webhook',
    fingerprints: {
      configNames: ['mutating-gtoken-webhook-cfg'],
      webhookNames: ['gtoken.doit-intl.com'],
      services: [{ name: 'gtoken-webhook-svc' }],
      images: ['doitintl/gtoken-webhook'],
    },
    affected: 'every release (last tag 0.4.3)',
    fixed: null,
    confidence: 'high',
    fix: 'No fixed release (doitintl/gtoken#38 is unmerged): label namespaces that run native sidecars admission.gtoken/ignore, or turn native sidecars off there',
    namespaceSelector: { optOut: ['admission.gtoken/ignore'] },
    notes: 'Its default namespaceSelector matches every namespace',
    sources: ['doitintl/gtoken#38', GCS_FUSE_KNOWN_ISSUES],
  },
  {
    id: 'kube-secrets-init',
    product: 'DoiT kube-secrets-init',
    fingerprints: {
      configNames: ['mutating-secrets-init-webhook-cfg'],
      webhookNames: ['secrets-init.doit-intl.com'],
      services: [{ name: 'secrets-init-webhook-svc' }],
      images: ['doitintl/kube-secrets-init'],
    },
    affected: 'every release (last tag 0.5.0)',
    fixed: null,
    confidence: 'high',
    fix: 'No fixed release: label namespaces that run native sidecars admission.secrets-init/ignore, or turn native sidecars off there',
    namespaceSelector: { optOut: ['admission.secrets-init/ignore'] },
    notes: 'Its default namespaceSelector matches every namespace',
    sources: ['doitintl/kube-secrets-init#53'],
  },
  {
    id: 'k8s-image-swapper',
    product: 'k8s-image-swapper',
    fingerprints: {
      webhookNames: ['k8s-image-swapper.github.io'],
      // Repository path taken from the project's name; not checked against a published chart.
      images: ['estahn/k8s-image-swapper'],
    },
    affected: 'before v1.5.10',
    fixed: 'v1.5.10',
    confidence: 'high',
    fix: 'Upgrade to v1.5.10 or later',
    sources: [GCS_FUSE_KNOWN_ISSUES, 'https://github.com/estahn/k8s-image-swapper'],
  },
  {
    id: 'kube-image-keeper',
    product: 'kube-image-keeper (kuik)',
    fingerprints: {
      configNameSuffixes: ['-mutating-webhook'],
      webhookNames: ['mcachedimage.kb.io'],
      weakWebhookNames: ['mpod.kb.io'],
      images: ['enix/kube-image-keeper'],
    },
    // v1.11 and v1.12 require a newer k8s.io/api but a go.mod replace pins v0.27.
    affected: 'v1.12.0 and earlier',
    fixed: 'v1.13.0',
    confidence: 'high',
    fix: 'Upgrade to v1.13.0 or later',
    sources: ['enix/kube-image-keeper#457', 'enix/kube-image-keeper#448'],
  },
  {
    id: 'aws-app-mesh-controller',
    product: 'AWS App Mesh controller',
    fingerprints: {
      // The chart's `-mutating-webhook-configuration` suffix is also kubebuilder's default
      // configuration name, so only the default full name is listed.
      configNames: ['appmesh-controller-mutating-webhook-configuration'],
      webhookNames: ['mpod.appmesh.k8s.aws'],
      services: [{ name: 'appmesh-controller-webhook-service' }],
      images: ['amazon/appmesh-controller'],
    },
    affected: 'every release through v1.13.3',
    fixed: null,
    confidence: 'high',
    fix: 'No fixed release: keep workloads with native sidecars out of namespaces labeled for App Mesh injection',
    namespaceSelector: { optIn: ['appmesh.k8s.aws/sidecarInjectorWebhook=enabled'] },
    sources: ['aws/aws-app-mesh-controller-for-k8s#774'],
  },
  {
    id: 'istio-injector-pre-1.19',
    product: 'Istio sidecar injector before 1.19',
    fingerprints: {
      configNamePrefixes: ['istio-sidecar-injector', 'istio-revision-tag-'],
      webhookNames: ['namespace.sidecar-injector.istio.io', 'object.sidecar-injector.istio.io',
        'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io',
        'auto.sidecar-injector.istio.io'],
      services: [{ name: 'istiod', namespace: 'istio-system' }],
      // istiod's image; proxyv2 is the injected proxy, not the webhook.
      images: ['istio/pilot'],
    },
    affected: '1.18 and earlier, Anthos Service Mesh 1.18 included',
    fixed: '1.19.0',
    confidence: 'medium',
    needsVersionEvidence: true,
    fix: 'Upgrade Istio or ASM to 1.19 or later before using native sidecars',
    namespaceSelector: { optIn: ['istio-injection=enabled', 'istio.io/rev'] },
    // istio 1.18 pkg/kube/inject/webhook.go diffs index by index after reordering init
    // containers, which leaves another webhook's restartPolicy on the wrong container.
    notes: 'Does not remove the field but can move it to the wrong init container',
    sources: ['GoogleCloudPlatform/gcs-fuse-csi-driver#296'],
  },
  {
    id: 'gke-spiffe-workload-identity',
    product: 'GKE managed workload identities',
    fingerprints: { webhookNames: ['pod-admission-controller.spiffe.gke.io'] },
    affected: 'listed as possibly affected; versions unknown',
    fixed: null,
    confidence: 'medium',
    fix: 'Check with kubectl describe pod that restartPolicy: Always survives admission',
    notes: 'Managed by GKE, so usually absent from manifests',
    sources: [GCS_FUSE_KNOWN_ISSUES, 'DataDog/datadog-agent#37837'],
  },
  {
    id: 'k8ssandra-operator',
    product: 'k8ssandra-operator secrets injector',
    fingerprints: {
      weakWebhookNames: ['mpod.kb.io'],
      services: [{ name: 'k8ssandra-operator-webhook-service' }],
      images: ['k8ssandra/k8ssandra-operator'],
    },
    affected: 'releases before v1.17.0',
    // One reporter saw v1.17.0 work; no maintainer statement or changelog entry.
    fixed: 'v1.17.0',
    confidence: 'medium',
    fix: 'Upgrade to v1.17.0 or later and check that restartPolicy: Always survives admission',
    sources: ['k8ssandra/k8ssandra-operator#1271', 'k8ssandra/cass-operator#629',
      'k8ssandra/k8ssandra-operator#1172'],
  },
];
