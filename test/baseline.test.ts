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
    assert.equal(baseline.version, 1);
    assert.deepEqual(baseline.findings.map((e: Record<string, string>) => [e.rule, e.file, e.resource]), [
      ['sidecar-egress-hosts-required', '../deploy/a.yaml', 'Sidecar shop/default'],
      ['sidecar-egress-hosts-required', '../deploy/b.yaml', 'Sidecar pay/default'],
    ]);
    assert.ok(baseline.findings.every((e: Record<string, unknown>) => !('line' in e)));

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
    // Copies of one object are one object, so the identical findings are syntax errors.
    const twiceNamed = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  name: again\n`;
    const dir = tree({ 'a.yaml': twiceNamed('first') });
    await meshlint(['--baseline', 'base.json', '--write-baseline', 'a.yaml'], dir);
    assert.equal((await findingsOf(['--baseline', 'base.json', 'a.yaml'], dir)).code, 0);
    // Same rule and message, but a second one in the file: one is new.
    writeFileSync(join(dir, 'a.yaml'), `${twiceNamed('first')}---\n${twiceNamed('second')}`);
    const twice = await findingsOf(['--baseline', 'base.json', 'a.yaml'], dir);
    assert.deepEqual(twice.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.line), [11]);
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
});
