import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../src/config/load.js';
import { run } from '../src/run.js';
import type { Finding } from '../src/rule.js';
import { meshlint, tree } from './support/cli.js';

/** A selector-less Sidecar: two in one namespace of one cluster are a `sidecar-default-unique` error each. */
const defaultSidecar = (name: string, namespace = 'orders') => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  egress:
  - hosts: ["./*"]
`;

/** A Deployment with a native sidecar: `native-sidecar-unsupported` below Kubernetes 1.28 only. */
const NATIVE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
  namespace: orders
spec:
  selector:
    matchLabels: {app: ledger}
  template:
    metadata:
      labels: {app: ledger}
    spec:
      initContainers:
      - name: tailer
        image: busybox:1.36
        restartPolicy: Always
      containers:
      - name: ledger
        image: ledger:2.3
`;

const CLUSTERS_RC = `kubernetesVersion: "1.30"
clusters:
  - name: staging
    include: ["clusters/staging"]
    kubernetesVersion: "1.27"
  - name: live
    include: ["clusters/live/**"]
`;

/** A repository (it has .git) holding these files. */
function repository(files: Record<string, string>): string {
  const dir = tree(files);
  mkdirSync(path.join(dir, '.git'));
  return dir;
}

const copies = (rc: string) => repository({
  '.lintrc': rc,
  'clusters/staging/sidecar.yaml': defaultSidecar('fallback'),
  'clusters/staging/ledger.yaml': NATIVE,
  'clusters/live/sidecar.yaml': defaultSidecar('fallback'),
  'clusters/live/ledger.yaml': NATIVE,
  // A real duplicate, inside one cluster.
  'clusters/live/extra.yaml': defaultSidecar('catch-all'),
});

const summary = (findings: readonly Finding[]) => findings.filter((f) => !f.suppression).map((f) => [f.file, f.ruleId, f.cluster]);

describe('clusters: each cluster is a world of its own', () => {
  test('copies in two clusters do not meet, a duplicate inside one is reported, versions come from the cluster', async () => {
    const dir = copies(CLUSTERS_RC);
    const result = await run({ cwd: dir, paths: ['.'] });
    assert.deepEqual(summary(result.findings), [
      ['clusters/live/extra.yaml', 'sidecar-default-unique', 'live'],
      ['clusters/live/sidecar.yaml', 'sidecar-default-unique', 'live'],
      ['clusters/staging/ledger.yaml', 'native-sidecar-unsupported', 'staging'],
    ]);
    assert.match(result.findings[0]!.message, /one of 2 /);
  });

  test('without clusters the same repository is one world: the copies meet', async () => {
    const dir = copies('kubernetesVersion: "1.30"\n');
    const result = await run({ cwd: dir, paths: ['.'] });
    // Each pair of copies is one object defined twice; the Sidecar then meets the catch-all one.
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'resource-duplicate').map((f) => f.file), ['clusters/staging/ledger.yaml', 'clusters/staging/sidecar.yaml']);
    const unique = result.findings.filter((f) => f.ruleId === 'sidecar-default-unique');
    assert.equal(unique.length, 2);
    assert.ok(result.findings.every((f) => f.cluster === undefined && f.ruleId !== 'native-sidecar-unsupported'));
  });

  test('files in no cluster form the default cluster, with the top-level settings and defaultNamespace per cluster', async () => {
    const dir = repository({
      '.lintrc': 'clusters:\n  - {name: edge, include: [edge], defaultNamespace: orders}\n',
      'edge/a.yaml': defaultSidecar('one', 'orders'),
      'edge/b.yaml': defaultSidecar('two', 'orders').replace('  namespace: orders\n', ''),
      'other/c.yaml': defaultSidecar('three', 'orders').replace('  namespace: orders\n', ''),
    });
    const result = await run({ cwd: dir, paths: ['.'] });
    assert.deepEqual(summary(result.findings), [
      ['edge/a.yaml', 'sidecar-default-unique', 'edge'],
      ['edge/b.yaml', 'sidecar-default-unique', 'edge'],
    ]);
  });

  test('every format names the cluster', async () => {
    const dir = copies(CLUSTERS_RC);
    const json = JSON.parse((await meshlint(['-f', 'json', '.'], dir)).stdout) as { cluster?: string }[];
    assert.deepEqual([...new Set(json.map((f) => f.cluster))], ['live', 'staging']);
    const sarif = JSON.parse((await meshlint(['-f', 'sarif', '.'], dir)).stdout);
    assert.deepEqual(sarif.runs[0].results.map((r: { properties: { cluster: string } }) => r.properties.cluster), ['live', 'live', 'staging']);
    const text = (await meshlint(['-f', 'text', '.'], dir)).stdout;
    assert.match(text, /^clusters\/live\/extra\.yaml:4:3: error .* \(cluster live\) \[sidecar-default-unique\]$/m);
  });

  test('cluster names are unique and not "default"', async () => {
    const dir = repository({ '.lintrc': 'clusters:\n  - {name: a, include: [x]}\n  - {name: a, include: [y]}\n  - {name: default, include: [z]}\n', 'x/a.yaml': NATIVE });
    await assert.rejects(run({ cwd: dir, paths: ['.'] }), (e) => e instanceof ConfigError
      && /\.lintrc:3:\d+: the cluster "a" is declared twice/.test(e.message) && /\.lintrc:4:\d+: the cluster name "default"/.test(e.message));
  });
});

describe('overrides: rules per path', () => {
  test('a block turns a rule off for its files only, and a later block wins', async () => {
    const dir = copies(`${CLUSTERS_RC}overrides:
  - files: ["clusters/live/**"]
    rules: {sidecar-default-unique: off}
  - files: ["clusters/live/extra.yaml"]
    rules: {sidecar-default-unique: warning}
`);
    const result = await run({ cwd: dir, paths: ['.'] });
    assert.deepEqual(result.findings.map((f) => [f.file, f.ruleId, f.severity]), [
      ['clusters/live/extra.yaml', 'sidecar-default-unique', 'warning'],
      ['clusters/staging/ledger.yaml', 'native-sidecar-unsupported', 'error'],
    ]);
  });

  test('a block can turn on a rule that is off at the top level', async () => {
    const dir = copies(`${CLUSTERS_RC}rules: {sidecar-default-unique: off}
overrides:
  - {files: [clusters/staging], rules: {sidecar-default-unique: error}}
`);
    const result = await run({ cwd: dir, paths: ['.'] });
    assert.deepEqual(summary(result.findings).filter((f) => f[1] === 'sidecar-default-unique'), []);
    const extra = repository({ '.lintrc': 'rules: {sidecar-default-unique: off}\noverrides:\n  - {files: [a], rules: {sidecar-default-unique: error}}\n', 'a/x.yaml': defaultSidecar('first'), 'a/y.yaml': defaultSidecar('second') });
    assert.equal((await run({ cwd: extra, paths: ['.'] })).findings.length, 2);
  });

  test('a typo of a rule id in a block is reported at its position, and extends is refused', async () => {
    const dir = repository({ '.lintrc': 'overrides:\n  - files: [a]\n    rules:\n      sidecar-defualt-unique: off\nextends: ../base.yaml\n', 'a/x.yaml': NATIVE });
    await assert.rejects(run({ cwd: dir, paths: ['.'] }), (e) => e instanceof ConfigError
      && /\.lintrc:4:7: unknown rule "sidecar-defualt-unique" in "overrides\.0\.rules"/.test(e.message)
      && /\.lintrc:5:1: "extends" is not supported/.test(e.message));
  });
});

describe('the configuration of the linted repository', () => {
  const layout = () => {
    const parent = tree({ '.lintrc': 'max-line-length: 80\n' });
    const repo = path.join(parent, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    const files = {
      '.lintrc': `${CLUSTERS_RC}exclude: ["fixtures/**"]\n`,
      'clusters/staging/sidecar.yaml': defaultSidecar('fallback'),
      'clusters/staging/ledger.yaml': NATIVE,
      'clusters/live/sidecar.yaml': defaultSidecar('fallback'),
      'clusters/live/extra.yaml': defaultSidecar('catch-all'),
      'fixtures/broken.yaml': defaultSidecar('x') + defaultSidecar('y').replace('apiVersion', '---\napiVersion'),
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      writeFileSync(path.join(repo, name), content);
    }
    return { parent, repo };
  };
  // Display paths are relative to the working directory, so the order may differ: compare as sets.
  const facts = (findings: readonly Finding[]) => findings.map((f) => JSON.stringify([f.absolutePath, f.line, f.column, f.ruleId, f.message, f.cluster])).sort();

  test('from the root, a subdirectory, the parent directory and elsewhere: the same findings', async () => {
    const { parent, repo } = layout();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'meshlint-elsewhere-'));
    const fromRoot = await run({ cwd: repo, paths: ['.'] });
    assert.equal(fromRoot.findings.length, 3);
    assert.equal(fromRoot.configFile, path.join(repo, '.lintrc'));
    for (const [cwd, paths] of [[path.join(repo, 'clusters/live'), ['../..']], [parent, ['repo']], [elsewhere, [repo]], [repo, []]] as const) {
      const result = await run({ cwd, paths: [...paths] });
      assert.deepEqual(facts(result.findings), facts(fromRoot.findings), `from ${cwd} with ${paths.join(' ')}`);
      assert.equal(result.root, repo);
    }
    // The CLI too: from the parent, the repository's .lintrc is used, the parent's never read.
    const cli = await meshlint(['-f', 'json', 'repo'], parent);
    assert.equal(cli.code, 1, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).length, 3);
  });

  test('a foreign .lintrc above the repository root is never read', async () => {
    const parent = tree({ '.lintrc': 'max-line-length: 80\n', 'repo/clusters/a.yaml': NATIVE });
    mkdirSync(path.join(parent, 'repo/.git'));
    const repo = path.join(parent, 'repo');
    for (const [cwd, paths] of [[repo, ['.']], [parent, ['repo']], [path.join(repo, 'clusters'), []]] as const) {
      const result = await run({ cwd, paths: [...paths] });
      assert.equal(result.configFile, undefined);
    }
    const cli = await meshlint(['repo'], parent);
    assert.equal(cli.code, 0, cli.stderr);
  });
});

describe('rendered output mapped to its sources', () => {
  const TEMPLATE = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: {{ .Release.Name }}-egress
  namespace: {{ .Release.Namespace }}
spec:
  egress:
  - port: {number: {{ .Values.port }}, protocol: HTTP, name: http}
`;
  const RENDERED = `---
# Source: storefront/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop-storefront
---
# Source: storefront/templates/egress.yaml
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: shop-egress
  namespace: payments
spec:
  egress:
  - port: {number: 8080, protocol: HTTP, name: http}
`;

  test('helm template output: findings at the template, on the line of the matching key, the rendered line related', async () => {
    const dir = repository({
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: storefront\nversion: 0.1.0\n',
      'charts/web/templates/egress.yaml': TEMPLATE,
      'charts/web/templates/serviceaccount.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Release.Name }}-storefront\n',
    });
    for (const cwd of [dir, path.join(dir, 'charts')]) {
      const result = await run({ cwd, paths: ['-'], stdin: { read: async () => RENDERED } });
      assert.deepEqual(result.findings.map((f) => [f.absolutePath, f.line, f.column, f.ruleId]), [
        [path.join(dir, 'charts/web/templates/egress.yaml'), 8, 3, 'sidecar-egress-hosts-required'],
      ]);
      const related = result.findings[0]!.related.at(-1)!;
      assert.deepEqual([related.file, related.line], ['<stdin>', 16]);
    }
    // Related locations in the rendered text move to their templates too.
    const twice = `${RENDERED}---\n# Source: storefront/templates/fallback.yaml\n${defaultSidecar('shop-fallback')}---\n# Source: storefront/templates/serviceaccount.yaml\n${defaultSidecar('shop-other')}`;
    writeFileSync(path.join(dir, 'charts/web/templates/fallback.yaml'), defaultSidecar('{{ .Release.Name }}-fallback', '{{ .Release.Namespace }}'));
    const both = await run({ cwd: dir, paths: ['-'], stdin: { read: async () => twice } });
    const unique = both.findings.filter((f) => f.ruleId === 'sidecar-default-unique');
    assert.deepEqual(unique.map((f) => [f.file, f.line, f.related.map((r) => [r.file, r.line])]), [
      ['charts/web/templates/fallback.yaml', 4, [['charts/web/templates/serviceaccount.yaml', 4], ['<stdin>', 22]]],
      ['charts/web/templates/serviceaccount.yaml', 4, [['charts/web/templates/fallback.yaml', 4], ['<stdin>', 32]]],
    ]);
    const sarif = JSON.parse((await meshlint(['-f', 'sarif', '-'], dir, RENDERED)).stdout);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'charts/web/templates/egress.yaml');
  });

  test('kustomize build output with origin annotations: findings at the base file; plain stdin keeps its name', async () => {
    const dir = repository({
      'base/egress.yaml': 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: egress\nspec:\n  egress:\n  - port: {number: 80, protocol: HTTP, name: http}\n',
      'overlays/live/kustomization.yaml': 'resources: [../../base]\nnamespace: payments\nbuildMetadata: [originAnnotations]\n',
    });
    const built = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../base/egress.yaml
  name: egress
  namespace: payments
spec:
  egress:
  - port: {number: 80, protocol: HTTP, name: http}
`;
    const result = await run({ cwd: dir, paths: ['-'], stdin: { read: async () => built } });
    assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.ruleId, f.resource?.ref]), [
      ['base/egress.yaml', 7, 'sidecar-egress-hosts-required', 'Sidecar payments/egress'],
    ]);
    const plain = await run({ cwd: dir, paths: ['-'], stdin: { name: 'rendered/live.yaml', read: async () => built.replace(/  annotations:\n.*\n.*\n/, '') } });
    assert.deepEqual(plain.findings.map((f) => [f.file, f.line]), [['rendered/live.yaml', 8]]);
  });
});

describe('confined inputs', () => {
  test('an include leaving the repository is refused; the same files named on the command line are linted', async () => {
    const outer = tree({ 'outside/x.yaml': NATIVE.replace('orders', 'other'), 'repo/.lintrc': 'kubernetesVersion: "1.27"\ninclude: ["../outside/**"]\n' });
    mkdirSync(path.join(outer, 'repo/.git'));
    const repo = path.join(outer, 'repo');
    await assert.rejects(run({ cwd: repo, paths: [] }), (e) => e instanceof ConfigError && /\.lintrc:2:11: "\.\.\/outside\/\*\*" leads outside the repository/.test(e.message));
    const absolute = repository({ '.lintrc': `clusters: [{name: a, include: ["${path.join(outer, 'outside')}"]}]\n` });
    await assert.rejects(run({ cwd: absolute, paths: ['.'] }), /leads outside the repository/);

    const named = tree({ 'outside/x.yaml': NATIVE, 'repo/.lintrc': 'kubernetesVersion: "1.27"\n' });
    mkdirSync(path.join(named, 'repo/.git'));
    const cli = await meshlint(['-f', 'sarif', '--config', '.lintrc', '../outside/x.yaml'], path.join(named, 'repo'));
    const uri = JSON.parse(cli.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(uri, { uri: '../outside/x.yaml', uriBaseId: '%SRCROOT%' });
  });
});

describe('meshlint init proposes clusters', () => {
  test('clusters/*, envs/* and overlays/* layouts become clusters, the overlays of one name grouped', async () => {
    const dir = tree({
      'clusters/east/sidecar.yaml': defaultSidecar('a'),
      'clusters/west/sidecar.yaml': defaultSidecar('a'),
      'apps/cart/overlays/qa/ledger.yaml': NATIVE,
      'apps/pay/overlays/qa/ledger.yaml': NATIVE,
      'apps/pay/base/ledger.yaml': NATIVE,
    });
    const out = await meshlint(['init'], dir);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /clusters: east \(clusters\/east\), qa \(apps\/cart\/overlays\/qa, apps\/pay\/overlays\/qa\), west \(clusters\/west\)/);
    // The configuration written lints the copies apart: no sidecar-default-unique across east and west.
    const result = await run({ cwd: dir, paths: [] });
    assert.deepEqual(result.config.clusters.map((c) => c.name), ['east', 'qa', 'west']);
    assert.ok(!result.findings.some((f) => f.ruleId === 'sidecar-default-unique'));
    const single = tree({ 'envs/only/a.yaml': NATIVE });
    await meshlint(['init'], single);
    assert.equal((await run({ cwd: single, paths: [] })).config.clusters.length, 0);
  });
});

describe('the README', () => {
  test("its GitOps .lintrc is a valid configuration with two clusters and an overrides block", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```yaml\n# platform\/\.lintrc\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'the README shows the platform/.lintrc');
    const dir = repository({ '.lintrc': block, 'clusters/production/ledger.yaml': NATIVE.replace('image: busybox:1.36', 'image: busybox:1.36\n        securityContext: {}') });
    const result = await run({ cwd: dir, paths: ['.'] });
    assert.deepEqual(result.config.clusters.map((c) => [c.name, c.settings.kubernetesVersion, c.settings.mesh?.version]), [['staging', '1.30', '1.24'], ['production', '1.29', '1.23']]);
    assert.equal(result.config.overrides.length, 1);
    assert.ok(result.findings.every((f) => f.cluster === 'production'));
  });
});

describe('nested configuration files', () => {
  test('a .lintrc below the one in use is not read, and --verbose says so', async () => {
    const dir = repository({ '.lintrc': 'kubernetesVersion: "1.30"\n', 'clusters/old/.lintrc': 'kubernetesVersion: "1.27"\n', 'clusters/old/ledger.yaml': NATIVE });
    const result = await run({ cwd: dir, paths: ['.'] });
    assert.equal(result.findings.length, 0);
    assert.ok(result.notes.some((n) => /^clusters\/old\/\.lintrc: not read, \.lintrc applies/.test(n)), result.notes.join('\n'));
  });
});

describe('the cache and clusters', () => {
  test('findings kept by the cache are not reused once the clusters change', async () => {
    const dir = copies('kubernetesVersion: "1.30"\n');
    // Files as old as a repository's: the cache trusts their size and time.
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) utimesSync(path.join(dir, f), hourAgo, hourAgo);
    const cache = { location: `${mkdtempSync(path.join(tmpdir(), 'meshlint-cache-'))}/` };
    assert.equal((await run({ cwd: dir, paths: ['.'], cache })).findings.filter((f) => f.ruleId === 'sidecar-default-unique').length, 2);
    const again = await run({ cwd: dir, paths: ['.'], cache });
    assert.ok(again.notes.some((n) => /findings are reused/.test(n)));
    writeFileSync(path.join(dir, '.lintrc'), CLUSTERS_RC);
    const split = await run({ cwd: dir, paths: ['.'], cache });
    assert.deepEqual(summary(split.findings).map((f) => f[2]), ['live', 'live', 'staging']);
  });
});
