import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { meshlint, tree } from './support/cli.js';

// pre-commit passes only the staged files. The Namespace that turns injection off lives in
// a file that was not staged; the workload that asks for a sidecar is the staged one.
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels: {istio-injection: disabled}\n';
const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: inventory, namespace: legacy}
spec:
  selector: {matchLabels: {app: inventory}}
  template:
    metadata:
      labels: {app: inventory, sidecar.istio.io/inject: "true"}
    spec:
      containers: [{name: app, image: inventory:1}]
`;
// Two selector-less Sidecars in one namespace: each is reported, naming the other.
const SIDECAR = (name: string) => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  egress:\n  - hosts: ["./*"]\n`;

const repo = (lintrc = 'include: ["deploy/**/*.yaml"]\n') => tree({
  '.lintrc': lintrc,
  'deploy/namespace.yaml': NAMESPACE,
  'deploy/inventory.yaml': WORKLOAD,
  'deploy/shop/a.yaml': SIDECAR('a'),
  'deploy/shop/b.yaml': SIDECAR('b'),
});
const json = async (args: string[], dir: string) => {
  const run = await meshlint(['-f', 'json', ...args], dir);
  return { ...run, findings: JSON.parse(run.stdout) as { ruleId: string; file: string; related: { file: string }[] }[] };
};

describe('--context', () => {
  test('named files are judged against the "include" files, and only they are reported', async () => {
    const dir = repo();
    const { code, findings } = await json(['deploy/inventory.yaml'], dir);
    assert.equal(code, 0); // a warning
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['workload-injection-blocked', 'deploy/inventory.yaml']]);
    assert.equal(findings[0]!.related[0]!.file, 'deploy/namespace.yaml', 'related locations may point into context files');
  });

  test('a conflict is reported only on the named member', async () => {
    const { code, findings } = await json(['deploy/shop/a.yaml'], repo());
    assert.equal(code, 1);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file]), [['sidecar-default-unique', 'deploy/shop/a.yaml']]);
    assert.equal(findings[0]!.related[0]!.file, 'deploy/shop/b.yaml');
  });

  test('--no-context lints the named files alone', async () => {
    const { findings } = await json(['--no-context', 'deploy/inventory.yaml', 'deploy/shop/a.yaml'], repo());
    assert.deepEqual(findings, []);
  });

  test('without "include", context is off unless asked for; --context then reads the directory of .lintrc', async () => {
    const dir = repo('rules: {namespace-injection-unset: off}\n');
    assert.deepEqual((await json(['deploy/inventory.yaml'], dir)).findings, []);
    const { findings } = await json(['--context', 'deploy/inventory.yaml'], dir);
    assert.deepEqual(findings.map((f) => f.file), ['deploy/inventory.yaml']);
  });

  test('with no path, the "include" files are all reported as before', async () => {
    const { findings } = await json([], repo());
    assert.deepEqual(findings.map((f) => f.file), ['deploy/inventory.yaml', 'deploy/shop/a.yaml', 'deploy/shop/b.yaml']);
  });

  test('a context file with a syntax error does not fail the named files', async () => {
    const dir = tree({ '.lintrc': 'include: ["**/*.yaml"]\n', 'broken.yaml': 'a: [\n', 'inventory.yaml': WORKLOAD, 'ns.yaml': NAMESPACE });
    const { code, findings, stderr } = await json(['-v', 'inventory.yaml'], dir);
    assert.equal(code, 0);
    assert.deepEqual(findings.map((f) => f.ruleId), ['workload-injection-blocked']);
    assert.match(stderr, /2 file\(s\) read as context/);
  });

  test('--context and --no-context together are a usage error', async () => {
    const { code, stderr } = await meshlint(['--context', '--no-context', 'deploy'], repo());
    assert.equal(code, 2);
    assert.match(stderr, /cannot be used together/);
  });
});
