import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { BAD_SIDECAR } from './support/cli.js';
import { runPreCommit } from './support/precommit.js';
import { repoRoot } from './support/repo-root.js';
import { skipWithout } from './support/tools.js';

// The real pre-commit (Debian's 3.0.4 here; .ci/run installs it) installs this checkout's
// committed HEAD as a `language: node` hook: npm install, npm pack, npm install -g.
// One PRE_COMMIT_HOME for the file, so the environment is installed once.
const home = mkdtempSync(join(tmpdir(), 'meshlint-pre-commit-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

const FIXED = BAD_SIDECAR.replace('  - port: {number: 80, protocol: HTTP, name: http}\n', '  - hosts: ["./*"]\n');
const deployment = (app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: app, image: ${app}:1}]}\n`;
const sidecar = (name: string, selector = '') =>
  `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: ${name}, namespace: shop}\nspec:\n${selector}  egress:\n  - hosts: ["./*"]\n`;

describe('.pre-commit-hooks.yaml', () => {
  test('declares meshlint (node) and meshlint-system, serial, for YAML and JSON', () => {
    const hooks = parse(readFileSync(join(repoRoot(), '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    assert.deepEqual(hooks.map((h) => [h.id, h.language, h.require_serial, h.types_or]), [
      ['meshlint', 'node', true, ['yaml', 'json']],
      ['meshlint-system', 'system', true, ['yaml', 'json']],
    ]);
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
    assert.ok(pkg.bin[String(hooks[0]!.entry)], 'the node hook runs the package bin');
  });
});

describe('the meshlint hook under the real pre-commit', { skip: skipWithout('git', 'pre-commit') }, () => {
  test('a staged defective manifest fails the commit with the finding; the fixed one passes', (t) => {
    const bad = runPreCommit({ preCommitHome: home, files: { 'deploy/shop/sidecar.yaml': BAD_SIDECAR, 'README.md': 'not linted\n' } });
    t.diagnostic(`first run, hook install included: ${bad.ms} ms`);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /^meshlint\.+Failed$/m);
    assert.match(bad.stdout, /^deploy\/shop\/sidecar\.yaml:8:5: error egress listener 1 of Sidecar shop\/default has no "hosts" \[sidecar-egress-hosts-required\]$/m);

    const fixed = runPreCommit({ preCommitHome: home, files: { 'deploy/shop/sidecar.yaml': FIXED, 'README.md': 'not linted\n' } });
    t.diagnostic(`second run: ${fixed.ms} ms`);
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /^meshlint\.+Passed$/m);
  });

  test('files that were not passed are context: no false finding, and conflicts reported only on the passed file', () => {
    const files = {
      '.lintrc': 'include: ["deploy/**/*.yaml"]\nrules: {sidecar-selector-unmatched: error}\n',
      // The Sidecar selects app: reviews. Staged with another workload of its namespace but
      // without reviews, it would look unmatched (an error here) if reviews.yaml were not read.
      'deploy/shop/reviews-sidecar.yaml': sidecar('reviews', '  workloadSelector: {labels: {app: reviews}}\n'),
      'deploy/shop/reviews.yaml': deployment('reviews'),
      'deploy/shop/ratings.yaml': deployment('ratings'),
      'deploy/shop/a.yaml': sidecar('a'),
      'deploy/shop/b.yaml': sidecar('b'),
    };
    const selector = runPreCommit({ preCommitHome: home, files, args: ['--files', 'deploy/shop/reviews-sidecar.yaml', 'deploy/shop/ratings.yaml'] });
    assert.equal(selector.status, 0, selector.stdout + selector.stderr);

    const conflict = runPreCommit({ preCommitHome: home, files, args: ['--files', 'deploy/shop/a.yaml'] });
    assert.equal(conflict.status, 1, conflict.stdout + conflict.stderr);
    assert.match(conflict.stdout, /^deploy\/shop\/a\.yaml:3:\d+: error Sidecar shop\/a is one of 2 Sidecars .*\[sidecar-default-unique\]$/m);
    assert.doesNotMatch(conflict.stdout, /^deploy\/shop\/b\.yaml:/m);
  });
});
