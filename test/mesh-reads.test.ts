import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { NAMESPACE_INJECTION_READS, namespaceInjection, WORKLOAD_INJECTION_READS, workloadInjection } from '../src/istio/injection.js';
import { DISABLE_HINT_READS, disableHint, MESH_NATIVE_READS, meshNative, NATIVE_EVIDENCE_READS, nativeEvidence, WORKLOAD_NATIVE_READS, workloadNative } from '../src/istio/native-sidecars.js';
import { APPLIES_TO_READS, appliesTo, INEFFECTIVE_IN_AMBIENT_READS, ineffectiveInAmbient, SELECTED_WORKLOADS_READS, selectedWorkloads } from '../src/istio/sidecar-scope.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { WORKLOADS_IN_READS, workloadsIn } from '../src/k8s/workload.js';
import { toResource } from '../src/model/resource.js';
import { createResourceSet } from '../src/model/resource-set.js';
import type { Json, Resource, ResourceSet, Settings } from '../src/rule.js';
import { repoRoot } from './support/repo-root.js';

const settings: Settings = { defaultNamespace: 'default', rootNamespace: 'istio-system', nativeSidecars: 'auto' };
const resource = (data: object): Resource => {
  const r = toResource(parse(JSON.stringify(data)) as Json, { file: 'x.yaml', doc: 0, base: [] }, 'default');
  assert.ok(typeof r !== 'string', r as string);
  return r;
};
// An ambient namespace with a default Sidecar, so that every branch of the helpers that looks
// something up is taken.
const ns = resource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge', labels: { 'istio.io/dataplane-mode': 'ambient' } } });
const sidecar = resource({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'edge' }, spec: {} });
const selecting = resource({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'web', namespace: 'edge' }, spec: { workloadSelector: { labels: { app: 'web' } } } });
const web = resource({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'edge' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } } });
const set = createResourceSet([ns, sidecar, selecting, web]);

/** The kinds `use` looks up, on a fresh view each time (memoised facts are computed again). */
function lookedUp(use: (resources: ResourceSet) => unknown): string[] {
  const seen = new Set<string>();
  const fresh = createResourceSet(set.all());
  const view: ResourceSet = {
    all: () => fresh.all(),
    ofKind: (kind) => (seen.add(kind), fresh.ofKind(kind)),
    inNamespace: (kind, namespace) => (seen.add(kind), fresh.inNamespace(kind, namespace)),
    get: (kind, namespace, name) => (seen.add(kind), fresh.get(kind, namespace, name)),
    memo: (key, compute) => fresh.memo(key, compute),
  };
  use(view);
  return [...seen].sort();
}

const sorted = (kinds: readonly string[]) => [...new Set(kinds)].sort();

describe('each lookup helper exports exactly the kinds it looks up', () => {
  const cases: [string, readonly string[], (r: ResourceSet) => unknown][] = [
    ['workloadsIn', WORKLOADS_IN_READS, (r) => workloadsIn(r, 'edge')],
    ['namespaceInjection', NAMESPACE_INJECTION_READS, (r) => namespaceInjection(r, 'edge')],
    ['workloadInjection', WORKLOAD_INJECTION_READS, (r) => workloadInjection(web, r, settings)],
    ['selectedWorkloads', SELECTED_WORKLOADS_READS, (r) => selectedWorkloads(selecting, r)],
    ['appliesTo', APPLIES_TO_READS, (r) => appliesTo(sidecar, r)],
    ['ineffectiveInAmbient', INEFFECTIVE_IN_AMBIENT_READS, (r) => ineffectiveInAmbient(sidecar, r)],
    ['nativeEvidence', NATIVE_EVIDENCE_READS, (r) => nativeEvidence(r)],
    ['meshNative', MESH_NATIVE_READS, (r) => meshNative(r, settings)],
    ['workloadNative', WORKLOAD_NATIVE_READS, (r) => workloadNative(web, r, settings)],
    ['disableHint', DISABLE_HINT_READS, (r) => disableHint(r, settings)],
  ];
  for (const [name, reads, use] of cases) {
    test(name, () => assert.deepEqual(lookedUp(use), sorted(reads)));
  }
});

test('readsBeyond: sorted, each kind once, without the kinds the rule is called for', () => {
  assert.deepEqual(readsBeyond(['networking.istio.io/Sidecar'], ['Namespace', 'networking.istio.io/Sidecar'], ['apps/Deployment', 'Namespace']), ['Namespace', 'apps/Deployment']);
  assert.deepEqual(readsBeyond(['Namespace'], ['Namespace']), []);
});

// Kinds in one place: a `group/Kind` written out anywhere else in the rules or the mesh
// helpers would drift from the constants that meta.reads is built from.
test('no rule or mesh helper spells out a group/Kind: they use src/k8s/kinds.ts and src/istio/kinds.ts', () => {
  const root = repoRoot();
  const files = ['rules', 'src/k8s', 'src/istio'].flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('kinds.ts')).map((f) => join(dir, f)));
  assert.ok(files.length > 20, 'the rules and helpers were found');
  const GROUP_KIND = /['"`](?:[a-z0-9-]+\.)*(?:istio\.io|k8s\.io|alibabacloud\.com|argoproj\.io|apps|batch)\/[A-Z][A-Za-z]*['"`]/;
  const offenders = files.flatMap((file) => readFileSync(join(root, file), 'utf8').split('\n')
    .flatMap((line, i) => GROUP_KIND.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
  assert.deepEqual(offenders, []);
});
