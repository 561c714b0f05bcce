import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BAD_SIDECAR, meshlint, tree } from './support/cli.js';

const ISTIOD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system}
spec:
  selector: {matchLabels: {app: istiod}}
  template:
    metadata: {labels: {app: istiod}}
    spec:
      containers: [{name: discovery, image: docker.io/istio/pilot:1.24.2}]
`;
const KUBE_PROXY = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers: [{name: kube-proxy, image: registry.k8s.io/kube-proxy:v1.30.4}]
`;

describe('meshlint init', () => {
  test('guesses include, versions and mesh from the manifests, says why, and writes a config meshlint accepts', async () => {
    const dir = tree({
      'deploy/shop/sidecar.yaml': BAD_SIDECAR,
      'deploy/istio/istiod.yaml': ISTIOD,
      'platform/kube-proxy.yml': KUBE_PROXY,
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
      'charts/app/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n',
      'ci/pipeline.yaml': 'stages: [build, test]\n',
      'package.json': '{"name": "not-a-manifest"}\n',
    });
    const run = await meshlint(['init'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /wrote \.lintrc/);
    assert.match(run.stdout, /include: charts\/\*\*\/\*\.yaml, deploy\/\*\*\/\*\.yaml, platform\/\*\*\/\*\.yml/);
    assert.match(run.stdout, /kubernetesVersion: 1\.30 {2}\(found: image "registry\.k8s\.io\/kube-proxy:v1\.30\.4" in platform\/kube-proxy\.yml\)/);
    assert.match(run.stdout, /mesh: istio 1\.24 {2}\(found: image "docker\.io\/istio\/pilot:1\.24\.2" in deploy\/istio\/istiod\.yaml\)/);
    const lintrc = readFileSync(join(dir, '.lintrc'), 'utf8');
    assert.match(lintrc, /^exclude: \["charts\/app\/templates\/\*\*"\]/m);
    assert.match(lintrc, /^kubernetesVersion: "1\.30"/m);
    assert.match(lintrc, /^mesh: \{ flavor: istio, version: "1\.24" \}/m);

    // meshlint accepts it and lints exactly the included files.
    const lint = await meshlint(['-f', 'text'], dir);
    assert.equal(lint.code, 1, lint.stderr);
    assert.match(lint.stdout, /^deploy\/shop\/sidecar\.yaml:8:5: error .*\[sidecar-egress-hosts-required\]$/m);
    assert.doesNotMatch(lint.stdout, /charts\/app\/templates|ci\//);
  });

  test('without evidence, defaults are written and called guesses; Cloud Service Mesh is recognised', async () => {
    const bare = tree({ 'k8s/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' });
    const run = await meshlint(['init'], bare);
    assert.match(run.stdout, /kubernetesVersion: 1\.31 {2}\(guessed: /);
    assert.match(run.stdout, /mesh: istio {2}\(guessed: /);
    assert.match(readFileSync(join(bare, '.lintrc'), 'utf8'), /^kubernetesVersion: "1\.31" +# a guess: /m);
    assert.equal((await meshlint(['-f', 'text'], bare)).code, 0);

    const csm = tree({
      'mesh/cpr.yaml': 'apiVersion: mesh.cloud.google.com/v1beta1\nkind: ControlPlaneRevision\nmetadata: {name: asm-managed, namespace: istio-system}\n',
      'mesh/proxy.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {sidecar.istio.io/proxyImage: "gcr.io/gke-release/asm/proxyv2:1.23.4-asm.3"}}\nspec: {containers: [{name: a, image: a}]}\n',
    });
    const csmRun = await meshlint(['init'], csm);
    assert.match(csmRun.stdout, /mesh: anthos 1\.23 {2}\(found: ControlPlaneRevision/);
    assert.equal((await meshlint(['-f', 'text'], csm)).code, 0, 'the written config is valid');
  });

  test('refuses to replace an existing configuration unless --force', async () => {
    const dir = tree({ '.lintrc': 'rules: {}\n', 'a.yaml': BAD_SIDECAR });
    const refused = await meshlint(['init'], dir);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /\.lintrc already exists .*use --force/);
    assert.equal(readFileSync(join(dir, '.lintrc'), 'utf8'), 'rules: {}\n');
    const forced = await meshlint(['init', '--force'], dir);
    assert.equal(forced.code, 0);
    assert.match(readFileSync(join(dir, '.lintrc'), 'utf8'), /^include: \["\*\.yaml"\]/m);
  });

  test('writes into the directory given, which must exist', async () => {
    const dir = tree({ 'sub/a.yaml': BAD_SIDECAR });
    assert.equal((await meshlint(['init', 'sub'], dir)).code, 0);
    assert.ok(existsSync(join(dir, 'sub/.lintrc')));
    const missing = await meshlint(['init', 'nowhere'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no directory .*nowhere/);
  });
});
