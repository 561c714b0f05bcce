import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rules } from '../rules/index.js';
import { ROOT, generatedFiles } from '../scripts/gen.js';
import { prose } from '../scripts/rule-docs.js';
import { CONTROL, describeBytes } from '../scripts/text-bytes.js';
import { loadConfig } from '../src/config/load.js';
import { ruleDocsUrl } from '../src/package-info.js';

const generated = generatedFiles();

test('generated files are up to date (run `npm run gen` when this fails)', async () => {
  for (const [file, content] of Object.entries(await generated)) {
    assert.equal(readFileSync(path.join(ROOT, file), 'utf8'), content, `${file} is stale`);
  }
});

test('rules/docs holds a page for every rule and nothing else', async () => {
  const expected = Object.keys(await generated).filter((f) => f.startsWith('rules/docs/')).map((f) => path.basename(f)).sort();
  assert.deepEqual(readdirSync(path.join(ROOT, 'rules/docs')).sort(), expected);
  for (const rule of rules) assert.ok(expected.includes(`${rule.meta.id}.md`), `no page for ${rule.meta.id}`);
});

test('generated files are valid UTF-8 without control characters other than newline and tab', async () => {
  for (const file of Object.keys(await generated)) {
    const bytes = readFileSync(path.join(ROOT, file));
    assert.equal(describeBytes(bytes), undefined, `${file} is not clean UTF-8 text`);
    assert.doesNotMatch(bytes.toString('utf8'), CONTROL, file);
  }
});

test('the byte check names what a page must not hold', () => {
  assert.equal(describeBytes(Buffer.from('kind: Sidecar\n\tx: 1\n')), undefined);
  assert.match(describeBytes(Buffer.from([0xff, 0xfe, 0x6b, 0x00]))!, /UTF-16 text, little-endian/);
  assert.match(describeBytes(Buffer.from('name: gr\xfcn\n', 'latin1'))!, /not valid UTF-8 \(the first bad byte is at line 1, column 9\)/);
  assert.match(describeBytes(Buffer.from('a: 1\nb: x\0y\n'))!, /a NUL byte at line 2, column 5/);
  assert.match(describeBytes(Buffer.from('a: 1\r\n'))!, /a carriage return at line 1, column 5/);
});

test('every rule page shows at least one reported and one clean example, with real text output', async () => {
  const files = await generated;
  for (const rule of rules) {
    const page = files[`rules/docs/${rule.meta.id}.md`]!;
    assert.match(page, /^### Reported: /m, `${rule.meta.id} has no reported example`);
    assert.match(page, /^### Not reported: /m, `${rule.meta.id} has no clean example`);
    // The text format's line, never the golden files' "line:col-line:col" form.
    assert.match(page, new RegExp(`^[^\\s:]+:\\d+:\\d+: (error|warning|info) .+ \\[${rule.meta.id}\\]$`, 'm'), rule.meta.id);
    assert.doesNotMatch(page, /:\d+:\d+-\d+:\d+: /, rule.meta.id);
  }
});

test('metadata prose keeps its wildcards and placeholders visible in Markdown', () => {
  assert.equal(prose('set istio.io/rev=<revision>, not "ns/*" or "*/*"'), 'set istio.io/rev=&lt;revision>, not "ns/\\*" or "\\*/\\*"');
  assert.equal(prose('run `helm template x/ | meshlint -` for ENABLE_X'), 'run `helm template x/ | meshlint -` for ENABLE\\_X');
  assert.equal(prose('a | b', true), 'a \\| b');
});

test('help links point at the rule pages', () => {
  for (const rule of rules) {
    assert.match(ruleDocsUrl(rule.meta.id), new RegExp(`/rules/docs/${rule.meta.id}\\.md$`));
  }
});

test('.lintrc.example is a valid configuration that names every rule', async () => {
  const config = await loadConfig(path.join(ROOT, '.lintrc.example'), ROOT, rules);
  assert.equal(config.settings.rootNamespace, 'istio-system');
  const text = readFileSync(path.join(ROOT, '.lintrc.example'), 'utf8');
  for (const rule of rules) assert.match(text, new RegExp(`^  ${rule.meta.id}:`, 'm'));
});
