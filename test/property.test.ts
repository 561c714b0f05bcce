import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { rules } from '../rules/index.js';
import { loadConfig, type Config } from '../src/config/load.js';
import { lint } from '../src/engine/lint.js';
import { formatter } from '../src/format/index.js';
import { Locator } from '../src/position/locator.js';
import { parseFile } from '../src/input/parse.js';
import { applyFixes } from '../src/fix/apply.js';
import { resolveFixes } from '../src/fix/resolve.js';
import { isObject } from '../src/model/resource.js';
import type { Json } from '../src/rule.js';
import { FIXTURES } from './support/fixtures.js';
import { fixtureFiles, ODD_VALUES } from './support/odd.js';

// Random input must never crash the loader or a rule, never take long, and always give
// well-formed JSON and SARIF. Runs are bounded so the suite stays fast; a failure prints
// the seed and the shrunk counterexample.
const require = createRequire(import.meta.url);
const SARIF_SCHEMA = JSON.parse(readFileSync(require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'));
const validateSarif = new Ajv2020.default({ strict: false, validateFormats: false }).compile(SARIF_SCHEMA);
const RUNS = { numRuns: 200 };
const PER_INPUT_MS = 2000;
const metas = rules.map((r) => r.meta).sort((a, b) => a.id.localeCompare(b.id));
const config: Config = await loadConfig(undefined, FIXTURES, rules);
const json = await formatter('json');
const sarif = await formatter('sarif');
const pretty = await formatter('pretty');

/** Parses, lints and formats one text; asserts everything the properties promise. */
async function check(text: string): Promise<void> {
  const started = Date.now();
  const file = parseFile('random.yaml', text, { defaultNamespace: 'default' });
  const locator = new Locator(() => text);
  const result = lint([file], config, { cwd: FIXTURES, locator });
  // Fixes: resolved against the text, applied together; the result still parses.
  resolveFixes(result.findings, locator);
  const fixed = applyFixes(text.replace(/^\uFEFF/, ''), result.findings.flatMap((f) => (f.fix?.replacements ? [f.fix.replacements] : [])));
  parseFile('fixed.yaml', fixed.text, { defaultNamespace: 'default' });
  assert.ok(Date.now() - started < PER_INPUT_MS, 'bounded time');
  assert.equal(result.ruleFailures, 0, result.findings.map((f) => f.message).join('\n'));
  for (const f of result.findings) {
    assert.ok(f.line >= 1 && f.column >= 1 && (f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column)), `a valid range: ${JSON.stringify(f)}`);
  }
  const context = { cwd: FIXTURES, rules: metas, root: FIXTURES };
  assert.equal(JSON.parse(await json(result.findings, context)).length, result.findings.filter((f) => !f.suppression).length);
  await pretty(result.findings, { ...context, columns: 80 });
  const log = JSON.parse(await sarif(result.findings, context));
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
}

const TOKENS = [
  'apiVersion: v1', 'kind: Sidecar', 'apiVersion: networking.istio.io/v1', 'metadata:', '  name: x', 'spec:', '  egress:', '  - hosts: []',
  '---', '...', '- ', ': ', '? ', '&a ', '*a', '<<: *a', '!!binary ', '!tag ', '%YAML 1.2', '{', '}', '[', ']', ',', '"', "'", '\\', '|', '>-',
  '#', ' ', '  ', '\t', '\n', '\r\n', '{{ .Values.x }}', 'ü', '😀', '\u202e', '\u001b[31m', '\uFEFF', '\u0000', '\ud800', 'null', '~', '0x1F', '1.10', 'yes',
];
const yamlish = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 80 }).map((parts) => parts.join(''));

const manifests = fixtureFiles().map((f) => readFileSync(path.join(FIXTURES, f), 'utf8')).filter((t) => !t.includes('\u0000') && t.length < 20_000);

/** An edit of a text: delete, insert or duplicate a piece at some offset. */
const mutation = fc.tuple(fc.constantFrom(...manifests), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...TOKENS), fc.constantFrom('delete', 'insert', 'duplicate')), { minLength: 1, maxLength: 6 }))
  .map(([text, edits]) => edits.reduce((t, [at, length, token, kind]) => {
    const i = t.length ? at % t.length : 0;
    if (kind === 'delete') return t.slice(0, i) + t.slice(i + length);
    if (kind === 'insert') return t.slice(0, i) + token + t.slice(i);
    return t.slice(0, i) + t.slice(i, i + length) + t.slice(i);
  }, text));

/** A path inside a JSON value, and the value there replaced. */
function replaceAt(value: Json, choice: number, replacement: Json): Json {
  if (Array.isArray(value) && value.length > 0) {
    const i = choice % (value.length + 1);
    if (i === value.length) return replacement;
    return value.map((v, j) => (j === i ? replaceAt(v, Math.floor(choice / 3), replacement) : v));
  }
  if (isObject(value) && Object.keys(value).length > 0) {
    const keys = Object.keys(value);
    const i = choice % (keys.length + 1);
    if (i === keys.length) return replacement;
    return { ...value, [keys[i]!]: replaceAt(value[keys[i]!]!, Math.floor(choice / 3), replacement) };
  }
  return replacement;
}

const bodies: Json[] = manifests.flatMap((text) => parseFile('m.yaml', text, { defaultNamespace: 'default' }).resources.map((r) => r.body));
const oddJson = fc.oneof(fc.constantFrom(...(ODD_VALUES as Json[])), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>);
const structural = fc.tuple(fc.constantFrom(...bodies), fc.array(fc.tuple(fc.nat(), oddJson), { minLength: 1, maxLength: 4 }))
  .map(([body, edits]) => edits.reduce<Json>((b, [choice, value]) => replaceAt(b, choice, value), body));

describe('properties', { timeout: 60_000 }, () => {
  test('random YAML-like text never crashes, hangs or breaks the output', async () => {
    await fc.assert(fc.asyncProperty(yamlish, check), RUNS);
  });

  test('random edits of valid manifests never crash, hang or break the output', async () => {
    assert.ok(manifests.length > 10);
    await fc.assert(fc.asyncProperty(mutation, check), RUNS);
  });

  test('odd values anywhere in valid objects never make a rule throw', async () => {
    assert.ok(bodies.length > 10);
    await fc.assert(fc.asyncProperty(structural, (body) => check(JSON.stringify(body, null, 1))), RUNS);
  });

  test('self-referential and shared aliases where fixes edit never crash or loop', async () => {
    const workload = (metadata: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\n  namespace: shop\n${metadata}\nspec:\n  template: &t\n    metadata:\n      labels: *t\n      annotations: {sidecar.istio.io/inject: "true"}\n    spec:\n      initContainers:\n      - &c {name: p, image: p:1, restartPolicy: always, env: [*c]}\n      containers: [{name: a, image: a:1}]\n`;
    const aliasTokens = fc.constantFrom('&a ', '*a', '&t ', '*t', '<<: *a', '[*a]', '{k: *a}', '\n  ', ': ');
    await fc.assert(fc.asyncProperty(fc.array(aliasTokens, { maxLength: 6 }).map((parts) => `  annotations: &a {proxy.istio.io/config: "x", self: ${parts.join('')}}`), (metadata) => check(workload(metadata))), { numRuns: 100 });
    await check('apiVersion: v1\nkind: Namespace\nmetadata: &m\n  name: shop\n  labels: &l {istio-injection: enabled, istio.io/rev: canary, self: *l}\n  annotations: *m\n');
  });

  test('the loader returns, for any text at all', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      const file = parseFile('any.yaml', text, { defaultNamespace: 'default' });
      assert.ok(Array.isArray(file.problems) && Array.isArray(file.resources));
    }), { numRuns: 300 });
  });
});
