import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './support/fixtures.js';

// The CLI runs from the bundle in dist/bundle/, the tests mostly from dist/src/: whatever the
// bundle loads from disk at run time (resource schemas, the CEL evaluator, the RE2 engine,
// the parse worker) must be found from there too.
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/meshlint.js');

test('the bundled CLI loads schemas, CEL, RE2 and the parse worker: no rule fails', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-bundle-'));
  for (const rule of ['resource-schema-invalid', 'istio-config-invalid', 'custom-resource-schema-invalid']) {
    cpSync(path.join(FIXTURES, rule), path.join(dir, rule), { recursive: true, filter: (src) => !src.endsWith('.out') });
  }
  writeFileSync(path.join(dir, '.lintrc'), 'rules: {resource-schema-invalid: error, custom-resource-schema-invalid: error}\n');
  const result = spawnSync(process.execPath, [BIN, '-f', 'json', '--jobs', '2', '.'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 1, result.stderr);
  const findings = JSON.parse(result.stdout) as { ruleId: string; message: string }[];
  assert.deepEqual(findings.filter((f) => / failed on /.test(f.message)).map((f) => f.message), []);
  for (const rule of ['resource-schema-invalid', 'istio-config-invalid', 'custom-resource-schema-invalid']) {
    assert.ok(findings.some((f) => f.ruleId === rule), `${rule} reports through the bundle`);
  }
});

test('the bundled CLI imports plugins, though it is compiled from a code cache', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-bundle-'));
  writeFileSync(path.join(dir, 'team.mjs'), `export default { rules: [{
    meta: { id: 'team-marker', description: 'Mark every Namespace', rationale: 'Tests.', remediation: 'None.', severity: 'info', kinds: ['Namespace'] },
    check(ns, ctx) { ctx.report({ message: \`Namespace "\${ns.name}" is marked\` }); },
  }] };\n`);
  writeFileSync(path.join(dir, '.lintrc'), 'plugins: [./team.mjs]\nrules: {team-marker: info}\n');
  writeFileSync(path.join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
  const result = spawnSync(process.execPath, [BIN, '-f', 'json', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.ok((JSON.parse(result.stdout) as { ruleId: string }[]).some((f) => f.ruleId === 'team-marker'));
});
