import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { isPodAnnotation } from '../src/istio/annotations.js';
import { egressHostProblem, isDns1123Label, parseEgressHost, wildcardDomainProblem } from '../src/istio/hosts.js';
import { countedInjectionLabels } from '../src/istio/injection.js';
import { appliesTo, ineffectiveInAmbient, requestsSidecar, selectedWorkloads, selectorPath, sidecarSelector } from '../src/istio/sidecar-scope.js';
import { toResource } from '../src/model/resource.js';
import { createResourceSet } from '../src/model/resource-set.js';
import type { Json, Resource } from '../src/rule.js';

const resource = (yaml: string): Resource => {
  const r = toResource(parse(yaml) as Json, { file: 'x.yaml', doc: 0, base: [] }, 'default');
  assert.ok(typeof r !== 'string', r as string);
  return r;
};
const sidecar = (name: string, spec: string) => resource(`{apiVersion: networking.istio.io/v1, kind: Sidecar, metadata: {name: ${name}, namespace: shop}, spec: ${spec}}`);
const deployment = (name: string, labels: string) =>
  resource(`{apiVersion: apps/v1, kind: Deployment, metadata: {name: ${name}, namespace: shop}, spec: {template: {metadata: {labels: ${labels}}}}}`);

describe('egress hosts', () => {
  const kind = (host: string, exclusions = true) => egressHostProblem(host, exclusions)?.kind;
  test('accepts the documented forms', () => {
    for (const host of ['./*', '*/*', 'istio-system/*', 'prod/*.example.com', './reviews.shop.svc.cluster.local', '~/*', 'shop/api.example.com.', 'ns/Foo.Example.com']) {
      assert.equal(kind(host), undefined, host);
    }
  });
  test('rejects malformed hosts', () => {
    assert.equal(kind('reviews.shop.svc.cluster.local'), 'form');
    assert.equal(kind('/*'), 'form');
    assert.equal(kind('shop/'), 'form');
    assert.equal(kind('Shop/*'), 'namespace');
    assert.equal(kind('my_ns/*'), 'namespace');
    assert.equal(kind('./reviews'), 'short-name');
    assert.equal(kind('./foo*.com'), 'partial-wildcard');
    assert.equal(kind('./*foo.com'), 'partial-wildcard');
    assert.equal(kind('./a.*.com'), 'partial-wildcard');
    assert.equal(kind('./a..com'), 'domain');
    assert.equal(kind('./example.123'), 'domain');
    assert.equal(kind(`./${'a'.repeat(64)}.com`), 'domain');
  });
  test('exclusions depend on the mesh version, ~/* never does', () => {
    assert.equal(kind('~prod/*', false), 'exclusion-unsupported');
    assert.equal(kind('~/bar.example.com', false), 'exclusion-unsupported');
    assert.equal(kind('~/*', false), undefined);
    assert.equal(kind('~prod/*', true), undefined);
    assert.equal(kind('~Prod/*', true), 'namespace');
    assert.equal(parseEgressHost('~/*')?.exclusion, false);
    assert.deepEqual(parseEgressHost('a/b/c'), { namespace: 'a', dnsName: 'b/c', exclusion: false });
  });
  test('DNS helpers', () => {
    assert.equal(isDns1123Label('a-1'), true);
    assert.equal(isDns1123Label('-a'), false);
    assert.equal(isDns1123Label('a'.repeat(64)), false);
    assert.equal(wildcardDomainProblem('*.example.com'), undefined);
    assert.match(wildcardDomainProblem('ex_ample.com') ?? '', /invalid label "ex_ample"/);
  });
});

describe('injection label count (IST0123)', () => {
  test('counts rev and ambient only next to an absent or enabled istio-injection', () => {
    assert.deepEqual(countedInjectionLabels({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }), ['istio-injection', 'istio.io/rev']);
    assert.deepEqual(countedInjectionLabels({ 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }), ['istio-injection']);
    assert.deepEqual(countedInjectionLabels({ 'istio-injection': '', 'istio.io/dataplane-mode': 'ambient' }), ['istio-injection']);
    assert.deepEqual(countedInjectionLabels({ 'istio.io/rev': 'canary', 'istio.io/dataplane-mode': 'ambient' }), ['istio.io/rev', 'istio.io/dataplane-mode']);
    assert.deepEqual(countedInjectionLabels({ app: 'x' }), []);
  });
});

describe('Sidecar scope', () => {
  test('an empty workloadSelector is no selector', () => {
    assert.equal(sidecarSelector(sidecar('a', '{workloadSelector: {}}')), undefined);
    assert.equal(sidecarSelector(sidecar('a', '{workloadSelector: {labels: {}}}')), undefined);
    assert.deepEqual(sidecarSelector(sidecar('a', '{workloadSelector: {labels: {app: web}}}')), { app: 'web' });
    assert.deepEqual(selectorPath(sidecar('a', '{workloadSelector: {}}')), ['spec', 'workloadSelector']);
    assert.deepEqual(selectorPath(sidecar('a', '{egress: []}')), []);
  });
  test('selects workloads of its namespace by pod-template labels', () => {
    const web = deployment('web', '{app: web, version: v1}');
    const api = deployment('api', '{app: api}');
    const other = resource('{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: other}, spec: {template: {metadata: {labels: {app: web}}}}}');
    const set = createResourceSet([web, api, other]);
    assert.deepEqual(selectedWorkloads(sidecar('a', '{workloadSelector: {labels: {app: web}}}'), set), [web]);
    assert.deepEqual(selectedWorkloads(sidecar('a', '{workloadSelector: {labels: {app: web, version: v2}}}'), set), []);
    assert.deepEqual(selectedWorkloads(sidecar('a', '{}'), set), [web, api]);
  });
  test('is ineffective in an ambient namespace unless a workload opts in to a sidecar', () => {
    const ns = resource('{apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}}');
    const optIn = deployment('web', '{app: web, sidecar.istio.io/inject: "true"}');
    const plain = deployment('api', '{app: api}');
    assert.equal(requestsSidecar(optIn), true);
    assert.equal(requestsSidecar(plain), false);
    const set = createResourceSet([ns, optIn, plain]);
    assert.equal(ineffectiveInAmbient(sidecar('a', '{workloadSelector: {labels: {app: api}}}'), set), true);
    assert.equal(ineffectiveInAmbient(sidecar('a', '{workloadSelector: {labels: {app: web}}}'), set), false);
    assert.equal(ineffectiveInAmbient(sidecar('a', '{}'), set), false);
    // The opted-in workload has its own Sidecar, so the default configures no proxy.
    const own = sidecar('web', '{workloadSelector: {labels: {app: web}}}');
    const withOwn = createResourceSet([ns, optIn, plain, own]);
    assert.deepEqual(appliesTo(sidecar('a', '{}'), withOwn), [plain]);
    assert.equal(ineffectiveInAmbient(sidecar('a', '{}'), withOwn), true);
    assert.equal(ineffectiveInAmbient(sidecar('a', '{}'), createResourceSet([plain])), undefined);
  });
});

describe('Pod-scoped annotations', () => {
  test('catalog entries and sidecar families', () => {
    assert.equal(isPodAnnotation('proxy.istio.io/config'), true);
    assert.equal(isPodAnnotation('sidecar.istio.io/proxyCPU'), true);
    assert.equal(isPodAnnotation('traffic.sidecar.istio.io/excludeOutboundPorts'), true);
    assert.equal(isPodAnnotation('readiness.status.sidecar.istio.io/periodSeconds'), true);
    assert.equal(isPodAnnotation('sidecar.istio.io/status'), false);
    assert.equal(isPodAnnotation('networking.istio.io/exportTo'), false);
    assert.equal(isPodAnnotation('istio.io/rev'), false);
  });
});
