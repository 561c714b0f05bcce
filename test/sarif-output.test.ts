import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { rules } from '../rules/index.js';
import { meshlint, tree } from './support/cli.js';
import { fixtureCases } from './support/fixtures.js';
import { repoRoot } from './support/repo-root.js';
import { formatMessages, validateSarif } from './support/sarif-multitool.js';
import { skipWithout } from './support/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'meshlint-sarif-output-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs meshlint with `-f sarif -o FILE` and returns the file and its parsed log. */
async function sarifOf(args: string[], cwd: string, name: string) {
  const file = join(scratch, `${name}.sarif`);
  const run = await meshlint(['-f', 'sarif', '-o', file, ...args], cwd);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return { file, log: JSON.parse(readFileSync(file, 'utf8')), code: run.code };
}

function assertValid(file: string) {
  const report = validateSarif(file);
  assert.deepEqual(report.errors, [], formatMessages(report.errors));
  assert.deepEqual(report.warnings, [], formatMessages(report.warnings));
}

describe('SARIF output under the SARIF Multitool (GitHub and SARIF rules)', { skip: skipWithout('sarif-multitool') }, () => {
  test('meshlint examples/: zero errors and zero warnings', async () => {
    const { file, log, code } = await sarifOf(['--sarif-category', 'examples', 'examples/'], repoRoot(), 'examples');
    assert.equal(code, 1);
    assert.ok(log.runs[0].results.length >= 5, 'the examples hold several findings');
    assert.ok(log.runs[0].results.some((r: any) => r.relatedLocations?.length), 'and some with related locations');
    const fixed = log.runs[0].results.filter((r: any) => r.fixes);
    assert.ok(fixed.length >= 3, 'and some with fixes');
    const always = fixed.find((r: any) => r.ruleId === 'init-container-restart-policy');
    assert.deepEqual(always.fixes[0].artifactChanges[0].replacements, [{ deletedRegion: { startLine: 16, startColumn: 28, endLine: 16, endColumn: 34 }, insertedContent: { text: 'Always' } }]);
    assert.equal(always.fixes[0].artifactChanges[0].artifactLocation.uri, 'examples/batch/report.yaml');
    assertValid(file);
  });

  test('the fixes on every fixable rule\'s fixtures: zero errors and zero warnings', async () => {
    // Each case is a cluster of its own, with the settings of its inline config, so that no case sees another's resources.
    const dir = mkdtempSync(join(tmpdir(), 'meshlint-sarif-fixes-'));
    const clusters: object[] = [];
    const fixable = rules.filter((r) => r.meta.fixable).map((r) => r.meta.id);
    for (const id of fixable) {
      for (const c of fixtureCases(id)) {
        const name = `c${clusters.length}`;
        if (statSync(c.path).isDirectory()) cpSync(c.path, join(dir, name), { recursive: true });
        else {
          mkdirSync(join(dir, name));
          cpSync(c.path, join(dir, name, c.name));
        }
        const inline = statSync(c.path).isDirectory() ? undefined : /^# config: (.+)$/.exec(readFileSync(c.path, 'utf8').split('\n')[0] ?? '')?.[1];
        const { rules: _, ...settings } = inline ? parse(inline) as Record<string, unknown> : {};
        clusters.push({ name, include: [`${name}/**`], ...settings });
      }
    }
    writeFileSync(join(dir, '.lintrc'), JSON.stringify({ root: true, rules: { 'resource-schema-invalid': 'error' }, clusters }));
    const { file, log } = await sarifOf(['.'], dir, 'fixes');
    const fixed = log.runs[0].results.filter((r: any) => r.fixes);
    for (const id of fixable) assert.ok(fixed.some((r: any) => r.ruleId === id), `a fix of ${id}`);
    assertValid(file);
  });

  test('a clean run: zero errors and zero warnings, results: []', async () => {
    const dir = tree({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok, labels: {istio-injection: enabled}}\n' });
    const { file, log, code } = await sarifOf(['ns.yaml'], dir, 'clean');
    assert.equal(code, 0);
    assert.deepEqual(log.runs[0].results, []);
    assert.ok(log.runs[0].tool.driver.rules.length >= 21);
    assertValid(file);
  });

  test('suppressed and cross-file findings: still valid, and carried as GitHub expects', async () => {
    const sidecar = (name: string, extra = '') => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: shop
${extra}spec:
  egress:
  - hosts: ["./*"]
`;
    const dir = tree({
      'a.yaml': sidecar('a'),
      'b.yaml': `# meshlint-disable sidecar-default-unique -- b is replaced by the overlay [ticket 12]\n${sidecar('b')}`,
    });
    const { file, log } = await sarifOf(['a.yaml', 'b.yaml'], dir, 'suppressed');
    assertValid(file);
    const [a, b] = log.runs[0].results;
    assert.equal(a.locations[0].physicalLocation.artifactLocation.uri, 'a.yaml');
    // The related Sidecar is linked where the message names it: GitHub renders the link.
    assert.match(a.message.text, /\[Sidecar shop\/b\]\(0\)/);
    assert.equal(a.relatedLocations[0].id, 0);
    assert.equal(a.relatedLocations[0].physicalLocation.artifactLocation.uri, 'b.yaml');
    assert.deepEqual(b.suppressions, [{ kind: 'inSource', justification: 'b is replaced by the overlay [ticket 12]' }]);
    assert.deepEqual(a.locations[0].logicalLocations, [{ name: 'a', fullyQualifiedName: 'Sidecar shop/a', kind: 'resource' }]);
  });

  test('a hint and a related resource of the other Gateway API: still valid', async () => {
    const plugin = `export default { meta: { id: 'team-twin', description: 'Report Gateways that share a name', rationale: 'Exercises identity.', remediation: 'None.', severity: 'warning', kinds: ['networking.istio.io/Gateway'], reads: ['gateway.networking.k8s.io/Gateway'] },
  check(gw, ctx) { const twin = ctx.resources.get('gateway.networking.k8s.io/Gateway', gw.namespace, gw.name); if (twin) ctx.report({ message: gw.ref + ' shares its name with ' + twin.ref, hint: 'Rename one of them.', related: [{ resource: twin }] }); } };\n`;
    const gateway = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: Gateway\nmetadata: {name: web, namespace: shop}\nspec: {}\n`;
    const dir = tree({ '.lintrc': 'plugins: [./p.mjs]\n', 'p.mjs': plugin, 'a.yaml': gateway('networking.istio.io/v1'), 'b.yaml': gateway('gateway.networking.k8s.io/v1') });
    const { file, log } = await sarifOf(['a.yaml', 'b.yaml'], dir, 'hint');
    const [result] = log.runs[0].results;
    assert.equal(result.message.text, 'Gateway shop/web shares its name with [Gateway.gateway.networking.k8s.io shop/web](0)');
    assert.deepEqual(result.properties, { hint: 'Rename one of them.' });
    assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'b.yaml');
    assertValid(file);
  });

  test('brackets in messages are escaped, so they do not read as links', async () => {
    const plugin = `export default { meta: { id: 'team-brackets', description: 'Report with brackets', rationale: 'Exercises escaping.', remediation: 'None.', severity: 'warning', kinds: ['Namespace'] },
  check(ns, ctx) { ctx.report({ message: 'label [owner](0) is missing: see [docs]' }); } };\n`;
    const dir = tree({ '.lintrc': 'plugins: [./p.mjs]\n', 'p.mjs': plugin, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n' });
    const { file, log } = await sarifOf(['ns.yaml'], dir, 'brackets');
    const result = log.runs[0].results.find((r: any) => r.ruleId === 'team-brackets');
    assert.equal(result.message.text, 'label \\[owner\\](0) is missing: see \\[docs\\]');
    assertValid(file);
  });
});
