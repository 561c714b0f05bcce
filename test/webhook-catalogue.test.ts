import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageMatches, imageRepository, imageTag } from '../src/k8s/image.js';
import { parseVersion } from '../src/k8s/version.js';
import { webhookCatalogue, type WebhookEntry } from '../rules/webhook-strips-native-sidecar/catalogue.js';
import { isFixed, matchCatalogue, type WebhookFacts } from '../rules/webhook-strips-native-sidecar/match.js';

const entry = (id: string): WebhookEntry => {
  const found = webhookCatalogue.find((e) => e.id === id);
  assert.ok(found, `no catalogue entry ${id}`);
  return found;
};
const matchedIds = (facts: WebhookFacts) => matchCatalogue(facts).map((m) => m.entry.id);

test('every catalogue entry is well-formed', () => {
  const ids = new Set<string>();
  for (const e of webhookCatalogue) {
    assert.match(e.id, /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/, `id ${e.id}`);
    assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
    ids.add(e.id);
    assert.ok(e.product.trim() && e.affected.trim() && e.fix.trim(), `${e.id}: empty text`);
    assert.ok(['high', 'medium', 'low'].includes(e.confidence), `${e.id}: confidence`);
    if (e.fixed !== null) assert.ok(parseVersion(e.fixed), `${e.id}: fixed "${e.fixed}" is no version`);
    assert.ok(e.sources.length > 0 && e.sources.every((s) => /^(https:\/\/|[\w.-]+\/[\w.-]+#\d+$)/.test(s)),
      `${e.id}: sources`);
    const fp = e.fingerprints;
    const strong = [fp.configNames, fp.configNamePrefixes, fp.webhookNames, fp.webhookNamePrefixes, fp.services, fp.images]
      .reduce((n, list) => n + (list?.length ?? 0), 0);
    assert.ok(strong > 0, `${e.id}: no strong fingerprint`);
    for (const image of fp.images ?? []) {
      assert.equal(imageTag(image), undefined, `${e.id}: image ${image} has a tag`);
      assert.ok(!image.includes('@') && !image.startsWith('/') && !image.endsWith('/'), `${e.id}: image ${image}`);
    }
    for (const label of [...(e.namespaceSelector?.optOut ?? []), ...(e.objectSelector?.optOut ?? [])]) {
      assert.ok(!label.includes('='), `${e.id}: opt-out ${label} must be a bare key`);
    }
  }
});

test('the catalogue covers the reported products', () => {
  const high = webhookCatalogue.filter((e) => e.confidence === 'high').map((e) => e.id);
  assert.deepEqual(high.sort(), [
    'aws-app-mesh-controller', 'azure-workload-identity', 'cloud-run-for-anthos', 'datadog-cluster-agent',
    'eks-pod-identity-webhook', 'gtoken', 'k8s-image-swapper', 'kube-image-keeper', 'kube-secrets-init',
    'kubesphere-logsidecar-injector',
  ]);
  for (const id of ['istio-injector-pre-1.19', 'k8ssandra-operator', 'gke-spiffe-workload-identity']) {
    assert.equal(entry(id).confidence, 'medium', id);
  }
  assert.deepEqual(entry('kubesphere-logsidecar-injector').namespaceSelector?.optIn,
    ['logging.kubesphere.io/logsidecar-injection=enabled']);
});

// One manifest-shaped positive per high-confidence product, as default installs write them.
const positives: Record<string, WebhookFacts> = {
  'kubesphere-logsidecar-injector': {
    configName: 'logsidecar-injector-admission-mutate',
    webhookNames: ['logsidecar-injector.logging.kubesphere.io'],
    services: [{ name: 'logsidecar-injector-admission', namespace: 'kubesphere-logging-system' }],
  },
  'eks-pod-identity-webhook': { images: ['public.ecr.aws/eks/pod-identity-webhook:v0.5.2'] },
  'azure-workload-identity': { webhookNames: ['mutation.azure-workload-identity.io'] },
  'datadog-cluster-agent': { webhookNames: ['datadog.webhook.auto.instrumentation'] },
  'cloud-run-for-anthos': { configName: 'istio-inject.webhook.crfa.internal.knative.dev' },
  gtoken: { configName: 'mutating-gtoken-webhook-cfg' },
  'kube-secrets-init': { services: [{ name: 'secrets-init-webhook-svc', namespace: 'default' }] },
  'k8s-image-swapper': { webhookNames: ['k8s-image-swapper.github.io'] },
  'kube-image-keeper': { webhookNames: ['mpod.kb.io'], images: ['ghcr.io/enix/kube-image-keeper:1.12.0'] },
  'aws-app-mesh-controller': {
    images: ['602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/appmesh-controller:v1.12.7'],
  },
};

test('each high-confidence product is recognised from its default install', () => {
  for (const [id, facts] of Object.entries(positives)) {
    const matches = matchCatalogue(facts);
    assert.deepEqual(matches.map((m) => m.entry.id), [id], id);
    assert.equal(matches[0]?.strength, 'strong', id);
    assert.ok((matches[0]?.evidence.length ?? 0) > 0, id);
  }
});

test('evidence names each matched fingerprint', () => {
  const [match] = matchCatalogue(positives['kubesphere-logsidecar-injector']!);
  assert.deepEqual(match?.evidence, [
    'configuration "logsidecar-injector-admission-mutate"',
    'webhook "logsidecar-injector.logging.kubesphere.io"',
    'service "kubesphere-logging-system/logsidecar-injector-admission"',
  ]);
});

test('near misses and unrelated webhooks match nothing', () => {
  const negatives: WebhookFacts[] = [
    { configName: 'logsidecar-injector' },
    { services: [{ name: 'logsidecar-injector-admission', namespace: 'logging' }] },
    { configName: 'pod-identity-webhook-v2', webhookNames: ['pod-identity-webhook.example.com'] },
    { webhookNames: ['mutation.azure-workload-identity.io.example'] },
    { webhookNames: ['webhook.datadog.agent.config'], configName: 'datadog' },
    { images: ['notdatadog/cluster-agent:7.40.0', 'example.com/datadog/cluster-agent-lite:7.40.0'] },
    { configName: 'mutating-gtoken-webhook', webhookNames: ['gtoken.example.com'] },
    { images: ['doitintl/kube-secrets-init-fork:0.5.0'] },
    { webhookNames: ['image-swapper.github.io'] },
    { images: ['amazon/appmesh-envoy:v1.29'] },
    { configName: 'istio-sidecar' },
    { services: [{ name: 'istiod', namespace: 'mesh-system' }] },
    { configName: 'opa-mutating', webhookNames: ['mutating.gatekeeper.sh'], images: ['openpolicyagent/gatekeeper:v3.16.0'] },
    {},
  ];
  for (const facts of negatives) assert.deepEqual(matchedIds(facts), [], JSON.stringify(facts));
});

test('mpod.kb.io alone identifies nothing; it only backs up a service or image', () => {
  // OpenKruise uses the same kubebuilder default webhook name.
  const kruise: WebhookFacts = {
    configName: 'kruise-mutating-webhook-configuration',
    webhookNames: ['mpod.kb.io'],
    services: [{ name: 'kruise-webhook-service', namespace: 'kruise-system' }],
    images: ['openkruise/kruise-manager:v1.6.0'],
  };
  assert.deepEqual(matchedIds(kruise), []);
  assert.deepEqual(matchedIds({ webhookNames: ['mpod.kb.io'] }), []);

  const [k8ssandra, ...others] = matchCatalogue({
    webhookNames: ['mpod.kb.io'],
    services: [{ name: 'k8ssandra-operator-webhook-service', namespace: 'k8ssandra-operator' }],
  });
  assert.equal(others.length, 0);
  assert.equal(k8ssandra?.entry.id, 'k8ssandra-operator');
  assert.deepEqual(k8ssandra?.evidence,
    ['service "k8ssandra-operator/k8ssandra-operator-webhook-service"', 'webhook "mpod.kb.io"']);
});

test('a generic configuration-name suffix alone is a weak match', () => {
  const weak = matchCatalogue({ configName: 'kuik-mutating-webhook', webhookNames: ['mpod.kb.io'] });
  assert.deepEqual(weak.map((m) => [m.entry.id, m.strength]), [['kube-image-keeper', 'weak']]);
  assert.deepEqual(weak[0]?.evidence, ['configuration "kuik-mutating-webhook" ends with "-mutating-webhook"']);
  assert.deepEqual(matchedIds({ configName: '-mutating-webhook' }), []);
});

test('Istio injector configurations are recognised by prefix, including revisions and tags', () => {
  for (const configName of ['istio-sidecar-injector', 'istio-sidecar-injector-1-18-7', 'istio-revision-tag-default']) {
    assert.deepEqual(matchedIds({ configName }), ['istio-injector-pre-1.19'], configName);
  }
  assert.deepEqual(matchedIds({ images: ['gcr.io/istio-release/pilot:1.18.2'] }), []);
  assert.deepEqual(matchedIds({ images: ['docker.io/istio/pilot:1.18.2'] }), ['istio-injector-pre-1.19']);
});

test('image helpers split registry ports, tags and digests', () => {
  const cases: [string, string, string | undefined][] = [
    ['nginx', 'nginx', undefined],
    ['nginx:1.27', 'nginx', '1.27'],
    ['localhost:5000/team/app', 'localhost:5000/team/app', undefined],
    ['localhost:5000/team/app:v2', 'localhost:5000/team/app', 'v2'],
    ['gcr.io/datadoghq/cluster-agent:7.52.0@sha256:abc123', 'gcr.io/datadoghq/cluster-agent', '7.52.0'],
    ['ghcr.io/enix/kube-image-keeper@sha256:abc123', 'ghcr.io/enix/kube-image-keeper', undefined],
    ['registry:443/a/b:', 'registry:443/a/b', undefined],
  ];
  for (const [image, repository, tag] of cases) {
    assert.equal(imageRepository(image), repository, image);
    assert.equal(imageTag(image), tag, image);
  }
});

test('image matching compares whole path segments from the end', () => {
  assert.equal(imageMatches('gcr.io/datadoghq/cluster-agent:7.52.0', 'datadoghq/cluster-agent'), true);
  assert.equal(imageMatches('datadog/cluster-agent', 'datadog/cluster-agent'), true);
  assert.equal(imageMatches('docker.io/datadog/cluster-agent:7.51.0', 'datadog/cluster-agent'), true);
  assert.equal(imageMatches('mirror.local:5000/DataDog/Cluster-Agent', 'datadog/cluster-agent'), true);
  assert.equal(imageMatches('notdatadog/cluster-agent', 'datadog/cluster-agent'), false);
  assert.equal(imageMatches('datadog/cluster-agent-fips', 'datadog/cluster-agent'), false);
  assert.equal(imageMatches('cluster-agent', 'datadog/cluster-agent'), false);
  assert.equal(imageMatches('datadog/cluster-agent/extra', 'datadog/cluster-agent'), false);
  // Both of Datadog's registries resolve to the same entry.
  for (const image of ['gcr.io/datadoghq/cluster-agent:7.50.3', 'datadog/cluster-agent:7.50.3']) {
    assert.deepEqual(matchedIds({ images: [image] }), ['datadog-cluster-agent'], image);
  }
});

test('isFixed compares an image tag with the first fixed release', () => {
  const datadog = entry('datadog-cluster-agent');
  assert.equal(isFixed(datadog, '7.51.0'), false);
  assert.equal(isFixed(datadog, '7.52.0'), true);
  assert.equal(isFixed(datadog, '7.52.0-jmx'), true);
  assert.equal(isFixed(datadog, 'latest'), undefined);
  assert.equal(isFixed(datadog, undefined), undefined);
  const eks = entry('eks-pod-identity-webhook');
  assert.equal(isFixed(eks, 'v0.5.2'), false);
  assert.equal(isFixed(eks, 'v0.5.3'), true);
  assert.equal(isFixed(entry('istio-injector-pre-1.19'), '1.18.7-asm.4'), false);
  assert.equal(isFixed(entry('istio-injector-pre-1.19'), '1.19.0'), true);
  // No fixed release: no tag, however new or unknown, is fixed.
  const kubesphere = entry('kubesphere-logsidecar-injector');
  for (const tag of ['1.1', '99.0.0', 'latest', undefined]) assert.equal(isFixed(kubesphere, tag), false, String(tag));
});
