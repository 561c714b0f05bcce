import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { rules } from '../rules/index.js';
import { loadConfig } from '../src/config/load.js';
import { lint } from '../src/engine/lint.js';
import { load } from '../src/input/load.js';
import { Locator } from '../src/position/locator.js';
import { parseFile } from '../src/input/parse.js';
import { ROOT } from '../scripts/gen.js';
import { meshlint } from './support/cli.js';
import { FIXTURES } from './support/fixtures.js';
import { fixtureFiles, ODD_VALUES } from './support/odd.js';

describe('no rule throws', () => {
  test('every rule over the fixtures of every rule, and the hostile corpus', async () => {
    const config = await loadConfig(undefined, FIXTURES, rules);
    const { files, locator } = await load(fixtureFiles().map((f) => ({ file: f, from: { path: path.join(FIXTURES, f) } })), { defaultNamespace: 'default', maxFileSize: config.maxFileSize });
    assert.ok(files.flatMap((f) => f.resources).length > 20, 'the fixtures hold resources');
    const result = lint(files, config, { cwd: FIXTURES, locator });
    assert.equal(result.ruleFailures, 0, result.findings.filter((f) => f.message.includes('this is a bug')).map((f) => f.message).join('\n'));
  });

  test('every rule over odd shapes of every kind it checks', async () => {
    const config = await loadConfig(undefined, FIXTURES, rules);
    const kinds = [...new Set(rules.flatMap((r) => r.meta.kinds).map((k) => (k === '*' ? 'ConfigMap' : k)))];
    const documents: string[] = [];
    for (const groupKind of kinds) {
      const slash = groupKind.lastIndexOf('/');
      const apiVersion = slash < 0 ? 'v1' : `${groupKind.slice(0, slash)}/v1`;
      const kind = groupKind.slice(slash + 1);
      const base = { apiVersion, kind, metadata: { name: 'odd', namespace: 'shop', labels: { app: 'odd' } } };
      for (const odd of ODD_VALUES) {
        documents.push(JSON.stringify({ ...base, spec: odd }), JSON.stringify({ ...base, spec: { egress: odd, selector: odd, template: odd, workloadSelector: odd } }));
        documents.push(JSON.stringify({ ...base, spec: { egress: [odd, { hosts: odd, port: odd }], template: { metadata: odd, spec: { containers: [odd], initContainers: odd } } }, webhooks: [odd], items: odd, data: odd }));
      }
    }
    const text = documents.join('\n---\n');
    const file = parseFile('odd.yaml', text, { defaultNamespace: 'default' });
    assert.equal(file.problems.length, 0);
    assert.equal(file.resources.length, documents.length);
    const result = lint([file], config, { cwd: FIXTURES, locator: new Locator(() => text) });
    assert.equal(result.ruleFailures, 0, result.findings.filter((f) => f.message.includes('this is a bug')).map((f) => f.message).join('\n'));
  });
});

describe('deterministic output', () => {
  test('the same bytes whatever the order of the inputs', async () => {
    const files = fixtureFiles().filter((f) => !f.startsWith('hostile/') || !f.includes('billion'));
    const run = async (list: string[]) => (await meshlint(['-f', 'sarif', '--no-config', ...list], FIXTURES)).stdout;
    const forward = await run(files);
    assert.equal(await run([...files].reverse()), forward);
    const shuffled = [...files].sort((a, b) => (a.length * 7919 % 13) - (b.length * 7919 % 13) || (a < b ? 1 : -1));
    assert.equal(await run(shuffled), forward);
    assert.equal(await run(files), forward, 'and from one run to the next');
  });
});

describe('a real-world tree', () => {
  test("this project's node_modules: no crash, no exit 2, nothing on stderr", async () => {
    const modules = path.join(ROOT, 'node_modules');
    const files = (readdirSync(modules, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => /\.(ya?ml|json)$/.test(f));
    assert.ok(files.length > 50, `node_modules holds YAML and JSON files (${files.length})`);
    const run = await meshlint(['-f', 'json', '--no-config', modules], ROOT);
    assert.notEqual(run.code, 2, run.stderr);
    assert.equal(run.stderr, '');
    assert.ok(Array.isArray(JSON.parse(run.stdout)));
    const verbose = await meshlint(['-f', 'json', '--no-config', '-v', modules], ROOT);
    assert.ok(verbose.stderr.split('\n').filter((l) => l.includes(' skipped: ')).length > 50, 'its files were read');
    assert.doesNotMatch(verbose.stderr, /internal error|Warning|at .*\.js:\d+/);
  });
});
