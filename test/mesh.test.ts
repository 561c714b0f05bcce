import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { workloadInjection, namespaceInjection } from '../src/istio/injection.js';
import { matchesLabels, matchesSelector } from '../src/k8s/selector.js';
import { podTemplateOf } from '../src/k8s/workload.js';
import { toResource } from '../src/model/resource.js';
import { createResourceSet } from '../src/model/resource-set.js';
import type { Json, Resource, Settings } from '../src/rule.js';

const settings: Settings = { defaultNamespace: 'default', rootNamespace: 'istio-system', nativeSidecars: 'auto' };
const resource = (yaml: string): Resource => {
  const r = toResource(parse(yaml) as Json, { file: 'x.yaml', doc: 0, base: [] }, 'default');
  assert.ok(typeof r !== 'string', r as string);
  return r;
};
const namespace = (name: string, labels: Record<string, string> = {}) =>
  resource(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }));
const deployment = (ns: string, podLabels: Record<string, string> = {}, extra: object = {}) =>
  resource(JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: ns }, spec: { template: { metadata: { labels: podLabels }, spec: { containers: [], ...extra } } } }));

describe('podTemplateOf', () => {
  test('finds the template of each workload kind', () => {
    const cron = resource('{apiVersion: batch/v1, kind: CronJob, metadata: {name: c}, spec: {jobTemplate: {spec: {template: {metadata: {labels: {a: "1"}}, spec: {}}}}}}');
    assert.deepEqual(podTemplateOf(cron)?.path, ['spec', 'jobTemplate', 'spec', 'template']);
    assert.deepEqual(podTemplateOf(cron)?.labels, { a: '1' });
    const pod = resource('{apiVersion: v1, kind: Pod, metadata: {name: p, labels: {app: web}}, spec: {hostNetwork: true}}');
    assert.deepEqual(podTemplateOf(pod)?.path, []);
    assert.equal(podTemplateOf(pod)?.spec.hostNetwork, true);
    assert.deepEqual(podTemplateOf(resource('{apiVersion: argoproj.io/v1alpha1, kind: Rollout, metadata: {name: r}, spec: {template: {metadata: {labels: {v: 2}}}}}'))?.labels, { v: '2' });
  });
  test('ignores other kinds and odd shapes', () => {
    assert.equal(podTemplateOf(resource('{apiVersion: v1, kind: Service, metadata: {name: s}}')), undefined);
    assert.equal(podTemplateOf(resource('{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {template: 3}}')), undefined);
    assert.deepEqual(podTemplateOf(resource('{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {template: {metadata: {labels: null}}}}'))?.labels, {});
  });
});

describe('label selectors', () => {
  test('matchLabels is a subset test', () => {
    assert.equal(matchesLabels({ app: 'a' }, { app: 'a', v: '1' }), true);
    assert.equal(matchesLabels({ app: 'a', v: '2' }, { app: 'a', v: '1' }), false);
    assert.equal(matchesLabels({}, {}), true);
  });
  test('matchExpressions operators', () => {
    const sel = { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }, { key: 'skip', operator: 'DoesNotExist' }] };
    assert.equal(matchesSelector(sel, { env: 'prod' }), true);
    assert.equal(matchesSelector(sel, { env: 'dev' }), false);
    assert.equal(matchesSelector(sel, { env: 'prod', skip: '' }), false);
    assert.equal(matchesSelector({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['false'] }] }, {}), true);
    assert.equal(matchesSelector({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, {}), false);
    assert.equal(matchesSelector({ matchExpressions: [{ key: 'x', operator: 'Bogus' }] }, {}), undefined);
    assert.equal(matchesSelector(undefined, {}), true);
    assert.equal(matchesSelector('nonsense', {}), undefined);
  });
});

describe('injection', () => {
  const run = (ns: Resource | undefined, workload: Resource) =>
    workloadInjection(workload, createResourceSet([...(ns ? [ns] : []), workload]), settings);

  test('istio-injection=enabled injects the default revision', () => {
    assert.deepEqual(run(namespace('shop', { 'istio-injection': 'enabled' }), deployment('shop')).injected, true);
  });
  test('istio-injection wins over istio.io/rev', () => {
    const ns = namespaceInjection(createResourceSet([namespace('shop', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' })]), 'shop');
    assert.equal(ns.injects, true);
    assert.equal(run(namespace('shop', { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }), deployment('shop')).revision, 'default');
  });
  test('istio-injection=disabled blocks even a pod that asks', () => {
    const r = run(namespace('shop', { 'istio-injection': 'disabled' }), deployment('shop', { 'sidecar.istio.io/inject': 'true' }));
    assert.equal(r.injected, false);
    assert.match(r.reason, /disabled/);
  });
  test('a revision label injects that revision; pod opt-out wins', () => {
    assert.equal(run(namespace('shop', { 'istio.io/rev': 'canary' }), deployment('shop')).revision, 'canary');
    assert.equal(run(namespace('shop', { 'istio.io/rev': 'canary' }), deployment('shop', { 'sidecar.istio.io/inject': 'false' })).injected, false);
  });
  test('unlabelled namespace: only pod labels opt in', () => {
    assert.equal(run(namespace('shop'), deployment('shop')).injected, false);
    assert.equal(run(namespace('shop'), deployment('shop', { 'sidecar.istio.io/inject': 'true' })).injected, true);
    assert.equal(run(namespace('shop'), deployment('shop', { 'istio.io/rev': 'stable' })).revision, 'stable');
  });
  test('unknown without the Namespace object; never in system namespaces or with hostNetwork', () => {
    assert.equal(run(undefined, deployment('shop')).injected, undefined);
    assert.equal(run(namespace('kube-system', { 'istio-injection': 'enabled' }), deployment('kube-system')).injected, false);
    assert.equal(run(namespace('shop', { 'istio-injection': 'enabled' }), deployment('shop', {}, { hostNetwork: true })).injected, false);
  });
  test('ambient namespaces', () => {
    const ambient = (labels: Record<string, string>) => namespaceInjection(createResourceSet([namespace('a', labels)]), 'a').ambient;
    assert.equal(ambient({ 'istio.io/dataplane-mode': 'ambient' }), true);
    assert.equal(ambient({ 'istio.io/dataplane-mode': 'ambient', 'istio-injection': 'enabled' }), false);
    assert.equal(ambient({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': 'x' }), false);
    assert.equal(ambient({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': '' }), true);
  });
});
