import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rules } from '../rules/index.js';
import { fixtureCases } from './support/fixtures.js';

const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules');

test('the rule index lists every rule file, sorted by id', () => {
  const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
  assert.deepEqual(rules.map((r) => r.meta.id), files);
});

test('every rule has complete metadata and fixtures that fire and stay silent', () => {
  for (const { meta } of rules) {
    assert.match(meta.description, /^[A-Z][a-z]+ /, `${meta.id}: description starts with a verb`);
    assert.ok(!meta.description.endsWith('.'), `${meta.id}: description without a final period`);
    assert.ok(meta.rationale.length > 40 && meta.remediation.length > 20, `${meta.id}: rationale and remediation`);
    if (meta.id === 'yaml-syntax') continue;
    const cases = fixtureCases(meta.id);
    const goldens = cases.map((c) => { try { return readFileSync(c.golden, 'utf8'); } catch { return undefined; } });
    assert.ok(goldens.some((g) => g), `${meta.id}: a fixture where it fires`);
    assert.ok(goldens.some((g) => g === ''), `${meta.id}: a fixture where it stays silent`);
  }
});
