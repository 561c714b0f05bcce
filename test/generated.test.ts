import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rules } from '../rules/index.js';
import { ROOT, generatedFiles } from '../scripts/gen.js';
import { loadConfig } from '../src/config/load.js';

test('generated files are up to date (run `npm run gen` when this fails)', () => {
  for (const [file, content] of Object.entries(generatedFiles())) {
    assert.equal(readFileSync(path.join(ROOT, file), 'utf8'), content, `${file} is stale`);
  }
});

test('.lintrc.example is a valid configuration that names every rule', async () => {
  const config = await loadConfig(path.join(ROOT, '.lintrc.example'), ROOT, rules);
  assert.equal(config.settings.rootNamespace, 'istio-system');
  const text = readFileSync(path.join(ROOT, '.lintrc.example'), 'utf8');
  for (const rule of rules) assert.match(text, new RegExp(`^  ${rule.meta.id}:`, 'm'));
});
