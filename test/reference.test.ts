import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupKindOf, qualifiedKind, refOf } from '../src/model/reference.js';
import { toResource } from '../src/model/resource.js';

const resource = (apiVersion: string, kind: string, metadata: Record<string, string>) => {
  const r = toResource({ apiVersion, kind, metadata }, { file: 'x.yaml', doc: 0, base: [] }, 'default');
  assert.ok(typeof r !== 'string', r as string);
  return r;
};

test('a kind is qualified with its group only where the kind alone names another group', () => {
  assert.equal(resource('networking.istio.io/v1', 'Gateway', { name: 'web', namespace: 'shop' }).ref, 'Gateway shop/web');
  assert.equal(resource('gateway.networking.k8s.io/v1', 'Gateway', { name: 'web', namespace: 'shop' }).ref, 'Gateway.gateway.networking.k8s.io shop/web');
  assert.equal(resource('v1', 'Service', { name: 'api' }).ref, 'Service default/api');
  assert.equal(resource('serving.knative.dev/v1', 'Service', { name: 'api' }).ref, 'Service.serving.knative.dev default/api');
  assert.equal(resource('policy.linkerd.io/v1beta3', 'HTTPRoute', { name: 'r', namespace: 'a' }).ref, 'HTTPRoute.policy.linkerd.io a/r');
  assert.equal(resource('gateway.networking.k8s.io/v1', 'HTTPRoute', { name: 'r', namespace: 'a' }).ref, 'HTTPRoute a/r');
  // Custom resources of kinds meshlint does not know keep the plain kind.
  assert.equal(resource('cert-manager.io/v1', 'Certificate', { name: 'tls', namespace: 'shop' }).ref, 'Certificate shop/tls');
  // Cluster-scoped kinds have no namespace, whatever the manifest says.
  assert.equal(resource('v1', 'Namespace', { name: 'shop', namespace: 'x' }).ref, 'Namespace shop');
  assert.equal(qualifiedKind('', 'Deployment'), 'Deployment.core');
});

test('groupKindOf and refOf agree with the resource fields', () => {
  const gw = resource('gateway.networking.k8s.io/v1', 'Gateway', { name: 'web', namespace: 'shop' });
  assert.equal(gw.groupKind, groupKindOf(gw.apiVersion, gw.kind));
  assert.equal(gw.groupKind, 'gateway.networking.k8s.io/Gateway');
  assert.equal(groupKindOf('v1', 'Pod'), 'Pod');
  assert.equal(refOf(gw), gw.ref);
});
