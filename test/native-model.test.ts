import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { meshNative, nativeEvidence, usesNative, workloadNative } from '../src/istio/native-sidecars.js';
import { toResource } from '../src/model/resource.js';
import { createResourceSet } from '../src/model/resource-set.js';
import type { Json, Resource, Settings } from '../src/rule.js';

const resource = (data: object): Resource => {
  const r = toResource(parse(JSON.stringify(data)) as Json, { file: 'x.yaml', doc: 0, base: [] }, 'default');
  assert.ok(typeof r !== 'string', r as string);
  return r;
};
const ns = resource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
const app = (annotations: Record<string, string> = {}, initContainers: object[] = []) => resource({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { metadata: { annotations }, spec: { initContainers, containers: [{ name: 'web', image: 'web:1' }] } } },
});
const istiod = (value: string) => resource({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istiod', namespace: 'istio-system' },
  spec: { template: { spec: { containers: [{ name: 'discovery', env: [{ name: 'ENABLE_NATIVE_SIDECARS', value }] }] } } },
});
const operator = (value: unknown) => resource({
  apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'io', namespace: 'istio-system' },
  spec: { values: { pilot: { env: { ENABLE_NATIVE_SIDECARS: value } } } },
});
const asmConfig = (enable: boolean) => resource({
  apiVersion: 'istio.alibabacloud.com/v1beta1', kind: 'ASMMeshConfig', metadata: { name: 'default' }, spec: { enableNativeSidecar: enable },
});

type Row = [name: string, settings: Partial<Settings>, manifests: Resource[], annotations: Record<string, string>, native: string, source: string, settle?: string];

// The decision table, strongest input first: annotation > .lintrc nativeSidecars > manifests > versions.
const table: Row[] = [
  ['annotation "true" beats nativeSidecars: disabled', { nativeSidecars: 'disabled' }, [], { 'sidecar.istio.io/nativeSidecar': 'true' }, 'yes', 'annotation'],
  ['annotation "false" beats istiod env true', {}, [istiod('true')], { 'sidecar.istio.io/nativeSidecar': 'false' }, 'no', 'annotation'],
  ['any annotation value but "false" means native', {}, [], { 'sidecar.istio.io/nativeSidecar': 'False' }, 'yes', 'annotation'],
  ['annotation ignored before Istio 1.24', { mesh: { flavor: 'istio', version: '1.23' } }, [], { 'sidecar.istio.io/nativeSidecar': 'true' }, 'no', 'versions'],
  ['nativeSidecars: enabled beats manifests', { nativeSidecars: 'enabled' }, [istiod('false')], {}, 'yes', 'config'],
  ['nativeSidecars: disabled beats versions', { nativeSidecars: 'disabled', kubernetesVersion: '1.33', mesh: { flavor: 'istio', version: '1.27' } }, [], {}, 'no', 'config'],
  ['istiod env "true"', { mesh: { flavor: 'istio', version: '1.20' } }, [istiod('true')], {}, 'yes', 'manifests'],
  ['istiod env "false" beats the 1.27 default', { kubernetesVersion: '1.33', mesh: { flavor: 'istio', version: '1.27' } }, [istiod('false')], {}, 'no', 'manifests'],
  ['istiod env "auto" on Kubernetes 1.33', { kubernetesVersion: 'v1.33.1' }, [istiod('auto')], {}, 'yes', 'manifests'],
  ['istiod env "auto" on Kubernetes 1.32', { kubernetesVersion: '1.32' }, [istiod('auto')], {}, 'no', 'manifests'],
  ['istiod env "auto" without kubernetesVersion', {}, [istiod('auto')], {}, 'unknown', 'manifests', 'kubernetesVersion'],
  ['"auto" is no boolean before Istio 1.27', { kubernetesVersion: '1.33', mesh: { flavor: 'istio', version: '1.26' } }, [istiod('auto')], {}, 'no', 'manifests'],
  ['IstioOperator pilot env (YAML boolean)', {}, [operator(true)], {}, 'yes', 'manifests'],
  ['ASMMeshConfig enableNativeSidecar: false', { kubernetesVersion: '1.30', mesh: { flavor: 'asm', version: '1.22' } }, [asmConfig(false)], {}, 'no', 'manifests'],
  ['manifests that disagree', {}, [istiod('true'), asmConfig(false)], {}, 'unknown', 'manifests', 'nativeSidecars'],
  ['Kubernetes 1.27: none', { kubernetesVersion: '1.27', mesh: { flavor: 'asm', version: '1.24' } }, [], {}, 'no', 'versions'],
  ['Istio 1.26 default is off', { kubernetesVersion: '1.33', mesh: { flavor: 'istio', version: '1.26.2' } }, [], {}, 'no', 'versions'],
  ['Istio 1.27 auto on Kubernetes 1.33', { kubernetesVersion: '1.33', mesh: { flavor: 'istio', version: '1.27' } }, [], {}, 'yes', 'versions'],
  ['Istio 1.27 auto on Kubernetes 1.32', { kubernetesVersion: '1.32', mesh: { flavor: 'istio', version: '1.27' } }, [], {}, 'no', 'versions'],
  ['Istio 1.28 without kubernetesVersion', { mesh: { flavor: 'istio', version: '1.28' } }, [], {}, 'unknown', 'versions', 'kubernetesVersion'],
  ['Istio without a version on Kubernetes 1.34', { kubernetesVersion: '1.34', mesh: { flavor: 'istio' } }, [], {}, 'unknown', 'versions', 'mesh.version'],
  ['Cloud Service Mesh follows Istio', { kubernetesVersion: '1.33', mesh: { flavor: 'anthos', version: '1.27.3-asm.1' } }, [], {}, 'yes', 'versions'],
  ['ASM 1.22 on Kubernetes 1.30', { kubernetesVersion: '1.30', mesh: { flavor: 'asm', version: '1.22.2.35-ge64ec8af-aliyun' } }, [], {}, 'yes', 'versions'],
  ['ASM 1.22 on Kubernetes 1.29', { kubernetesVersion: '1.29', mesh: { flavor: 'asm', version: '1.22' } }, [], {}, 'no', 'versions'],
  ['ASM 1.21 on Kubernetes 1.30', { kubernetesVersion: '1.30', mesh: { flavor: 'asm', version: 'v1.21.6' } }, [], {}, 'no', 'versions'],
  ['ASM 1.22 without kubernetesVersion', { mesh: { flavor: 'asm', version: '1.22' } }, [], {}, 'unknown', 'versions', 'kubernetesVersion'],
  ['ASM without a version on Kubernetes 1.31', { kubernetesVersion: '1.31', mesh: { flavor: 'asm' } }, [], {}, 'unknown', 'versions', 'mesh.version'],
  ['no mesh on Kubernetes 1.29', { kubernetesVersion: '1.29' }, [], {}, 'no', 'versions'],
  ['no mesh, no version', {}, [], {}, 'unknown', 'versions', 'mesh'],
];

describe('native-sidecar decision table', () => {
  for (const [name, partial, manifests, annotations, native, source, settle] of table) {
    test(name, () => {
      const settings: Settings = { defaultNamespace: 'default', rootNamespace: 'istio-system', nativeSidecars: 'auto', ...partial };
      const workload = app(annotations);
      const d = workloadNative(workload, createResourceSet([ns, workload, ...manifests]), settings);
      assert.equal(d.native, native, d.reason);
      assert.equal(d.source, source, d.reason);
      assert.equal(d.settle, settle, d.reason);
      assert.ok(d.reason.length > 0);
    });
  }
});

describe('native-sidecar evidence and use', () => {
  const settings: Settings = { defaultNamespace: 'default', rootNamespace: 'istio-system', nativeSidecars: 'auto' };
  test('evidence points at the value', () => {
    const [e] = nativeEvidence(createResourceSet([istiod('true')]));
    assert.deepEqual(e?.at, ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value']);
    assert.equal(meshNative(createResourceSet([asmConfig(true)]), settings).evidence[0]?.value, 'true');
  });
  test('a hand-written restartPolicy: Always is native whatever the mesh does', () => {
    const workload = app({}, [{ name: 'log', restartPolicy: 'Always' }, { name: 'migrate' }]);
    const d = workloadNative(workload, createResourceSet([workload]), { ...settings, nativeSidecars: 'disabled' });
    assert.equal(d.native, 'no');
    assert.deepEqual(d.declared.map((s) => s.name), ['log']);
    assert.equal(usesNative(d), 'yes');
  });
  test('use needs injection', () => {
    const workload = app();
    const on = { ...settings, nativeSidecars: 'enabled' } as const;
    assert.equal(usesNative(workloadNative(workload, createResourceSet([ns, workload]), on)), 'yes');
    assert.equal(usesNative(workloadNative(workload, createResourceSet([workload]), on)), 'unknown');
    const off = resource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'disabled' } } });
    assert.equal(usesNative(workloadNative(workload, createResourceSet([off, workload]), on)), 'no');
  });
});
