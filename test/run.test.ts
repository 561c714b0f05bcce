import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { exitCode, run, UsageError } from '../src/run.js';
import { badSidecar, tree } from './support/cli.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: quiet}\n';

describe('run(): the pipeline as a library', () => {
  test('findings carry display and absolute paths and their resource identity; rules come sorted', async () => {
    const dir = tree({ 'deploy/bad.yaml': badSidecar('shop'), 'deploy/ns.yaml': NAMESPACE });
    const result = await run({ cwd: dir, paths: ['deploy'], reportUnusedDirectives: true });
    assert.deepEqual(result.findings.map((f) => [f.file, f.absolutePath, f.ruleId, f.resource?.ref]), [
      ['deploy/bad.yaml', path.join(dir, 'deploy/bad.yaml'), 'sidecar-egress-hosts-required', 'Sidecar shop/default'],
      ['deploy/ns.yaml', path.join(dir, 'deploy/ns.yaml'), 'namespace-injection-unset', 'Namespace quiet'],
    ]);
    const ids = result.rules.map((m) => m.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.ok(ids.includes('unused-disable-directive'));
    assert.equal(result.incomplete, undefined);
    assert.equal(exitCode(result, 'error'), 1);
    assert.equal(exitCode(result, 'error', 0), 1);
    const infoOnly = await run({ cwd: dir, paths: ['deploy/ns.yaml'] });
    assert.equal(exitCode(infoOnly, 'error'), 0);
    assert.equal(exitCode(infoOnly, 'info'), 1);
  });

  test('a baseline written by one run suppresses the same findings in the next', async () => {
    const dir = tree({ 'bad.yaml': badSidecar('shop') });
    const written = await run({ cwd: dir, paths: ['.'], baseline: { file: 'base/line.json', write: true } });
    assert.deepEqual(written.baselineWritten, { file: path.join(dir, 'base/line.json'), count: 1 });
    assert.equal(exitCode(written, 'error'), 0);
    assert.ok(existsSync(path.join(dir, 'base/line.json')));
    const next = await run({ cwd: dir, paths: ['.'], baseline: { file: 'base/line.json' } });
    assert.deepEqual(next.findings.map((f) => f.suppression?.kind), ['baseline']);
    assert.equal(exitCode(next, 'info'), 0);
  });

  test('paths that match nothing, and --stdin-filename without "-", are usage errors', async () => {
    const dir = tree({ 'a.yaml': NAMESPACE });
    await assert.rejects(run({ cwd: dir, paths: ['nothing-*.yaml'] }), (e) => e instanceof UsageError && /no files match "nothing-\*\.yaml"/.test(e.message));
    await assert.rejects(run({ cwd: dir, paths: ['a.yaml'], stdin: { name: 'x.yaml', read: async () => '' } }), UsageError);
  });

  test('stdin is linted under its given name', async () => {
    const dir = tree({});
    const result = await run({ cwd: dir, paths: ['-'], stdin: { name: 'deploy/s.yaml', read: async () => badSidecar('shop') } });
    assert.deepEqual(result.findings.map((f) => [f.file, f.absolutePath, f.line]), [['deploy/s.yaml', path.join(dir, 'deploy/s.yaml'), 8]]);
  });
});
