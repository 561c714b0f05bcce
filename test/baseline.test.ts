import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { badSidecar, meshlint, tree } from './support/cli.js';

const findingsOf = async (args: string[], dir: string) => {
  const run = await meshlint(['-f', 'json', ...args], dir);
  return { ...run, findings: JSON.parse(run.stdout || '[]') as { file: string; line: number; ruleId: string }[] };
};

describe('--baseline', () => {
  test('--write-baseline records the findings without lines; later runs report only new ones', async () => {
    const dir = tree({ 'deploy/a.yaml': badSidecar('shop'), 'deploy/b.yaml': badSidecar('pay') });
    const written = await meshlint(['--baseline', '.meshlint/baseline.json', '--write-baseline', 'deploy'], dir);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(written.stdout, '');
    assert.match(written.stderr, /wrote 2 finding\(s\) to \.meshlint\/baseline\.json/);
    const baseline = JSON.parse(readFileSync(join(dir, '.meshlint/baseline.json'), 'utf8'));
    assert.equal(baseline.version, 2);
    assert.deepEqual(baseline.findings.map((e: Record<string, string>) => [e.rule, e.file, e.resource]), [
      ['sidecar-egress-hosts-required', '../deploy/a.yaml', 'Sidecar shop/default'],
      ['sidecar-egress-hosts-required', '../deploy/b.yaml', 'Sidecar pay/default'],
    ]);
    assert.ok(baseline.findings.every((e: Record<string, unknown>) => !('line' in e) && !('message' in e)));
    assert.deepEqual(baseline.findings.map((e: Record<string, string>) => e.at), ['spec.egress[0]', 'spec.egress[0]']);

    // Unrelated edits move the old finding down; a new one appears in another file.
    writeFileSync(join(dir, 'deploy/a.yaml'), `# owned by the shop team\n# and moved\n\n${badSidecar('shop')}`);
    writeFileSync(join(dir, 'deploy/c.yaml'), badSidecar('new'));
    const after = await findingsOf(['--baseline', '.meshlint/baseline.json', 'deploy'], dir);
    assert.equal(after.code, 1);
    assert.deepEqual(after.findings.map((f) => f.file), ['deploy/c.yaml']);

    // Without the baseline all three are there; from another directory the baseline still matches.
    assert.equal((await findingsOf(['deploy'], dir)).findings.length, 3);
    const fromDeploy = await findingsOf(['--baseline', '../.meshlint/baseline.json', '.'], join(dir, 'deploy'));
    assert.deepEqual(fromDeploy.findings.map((f) => f.file), ['c.yaml']);
  });

  test('entries are counted: a second identical finding is new', async () => {
    // Copies of one object are one object, and syntax errors are never baselined: two
    // nameless objects give two identical findings.
    const nameless = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {team: shop}\n';
    const dir = tree({ 'a.yaml': nameless });
    await meshlint(['--baseline', 'base.json', '--write-baseline', 'a.yaml'], dir);
    assert.equal((await findingsOf(['--baseline', 'base.json', 'a.yaml'], dir)).code, 0);
    // Same rule and message, but a second one in the file: one is new.
    writeFileSync(join(dir, 'a.yaml'), `${nameless}---\n${nameless}`);
    const twice = await findingsOf(['--baseline', 'base.json', 'a.yaml'], dir);
    assert.deepEqual(twice.findings.filter((f) => f.ruleId === 'resource-metadata-invalid').map((f) => f.line), [8]);
  });

  test('SARIF carries baselined findings as external suppressions', async () => {
    const dir = tree({ 'a.yaml': badSidecar('shop') });
    await meshlint(['--baseline', 'base.json', '--write-baseline', 'a.yaml'], dir);
    const run = await meshlint(['-f', 'sarif', '--baseline', 'base.json', 'a.yaml'], dir);
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.stdout).runs[0].results[0].suppressions, [{ kind: 'external', justification: 'in the baseline base.json' }]);
  });

  test('a missing or malformed baseline, or --write-baseline alone, is a usage error', async () => {
    const dir = tree({ 'a.yaml': badSidecar('shop'), 'bad.json': '{"findings": 3}' });
    const missing = await meshlint(['--baseline', 'none.json', 'a.yaml'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the baseline .*none\.json: ENOENT/);
    const bad = await meshlint(['--baseline', 'bad.json', 'a.yaml'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a meshlint baseline/);
    const alone = await meshlint(['--write-baseline', 'a.yaml'], dir);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--write-baseline needs --baseline FILE/);
  });

  test('entries match by resource and path, not message: a reworded message or a changed setting it quotes stays baselined', async () => {
    const restart = (policy: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  initContainers:\n  - name: proxy\n    image: proxy:1\n    restartPolicy: ${policy}\n  containers:\n  - {name: app, image: app:1}\n`;
    const dir = tree({ 'a.yaml': restart('Sometimes') });
    await meshlint(['--baseline', 'base.json', '--write-baseline', 'a.yaml'], dir);
    const [entry] = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')).findings;
    assert.deepEqual(entry, { rule: 'init-container-restart-policy', file: 'a.yaml', resource: 'Pod shop/p', at: 'spec.initContainers[0].restartPolicy' });
    // The message quotes the value, which changed: the finding is the same one.
    writeFileSync(join(dir, 'a.yaml'), restart('Seldom'));
    assert.equal((await findingsOf(['--baseline', 'base.json', 'a.yaml'], dir)).code, 0);
  });

  test('syntax and unreadable-file findings are never baselined', async () => {
    const dir = tree({ 'broken.yaml': 'apiVersion: v1\nkind: [\n', 'a.yaml': badSidecar('shop') });
    const written = await meshlint(['--baseline', 'base.json', '--write-baseline', '.'], dir);
    assert.match(written.stderr, /wrote 1 finding\(s\)/);
    const entries = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')).findings;
    assert.deepEqual(entries.map((e: Record<string, string>) => e.rule), ['sidecar-egress-hosts-required']);
    // Even an entry written by hand does not hide a broken file.
    writeFileSync(join(dir, 'base.json'), JSON.stringify({ version: 2, findings: [...entries, { rule: 'yaml-syntax', file: 'broken.yaml', resource: '', at: 'x' }] }));
    const after = await findingsOf(['--baseline', 'base.json', '.'], dir);
    assert.deepEqual(after.findings.map((f) => f.ruleId), ['yaml-syntax']);
  });

  test('a version 1 baseline (keyed by message) is still read; a newer version says so', async () => {
    const dir = tree({ 'a.yaml': badSidecar('shop') });
    writeFileSync(join(dir, 'v1.json'), JSON.stringify({ version: 1, findings: [{ rule: 'sidecar-egress-hosts-required', file: 'a.yaml', resource: 'Sidecar shop/default', message: 'egress listener 1 of Sidecar shop/default has no "hosts"' }] }));
    assert.equal((await findingsOf(['--baseline', 'v1.json', 'a.yaml'], dir)).code, 0);
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ version: 9, findings: [] }));
    const newer = await meshlint(['--baseline', 'v9.json', 'a.yaml'], dir);
    assert.equal(newer.code, 2);
    assert.match(newer.stderr, /it is version 9, from a newer meshlint/);
  });
});
