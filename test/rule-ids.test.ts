import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rules } from '../rules/index.js';

/** The source tree (tests run from dist/test/). */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

// The engine, the loader and the CLI know no particular rule: which rule reports a loader
// problem, which option has every document parsed and which rules a flag turns on all come
// from the rules' metadata. A rule id anywhere under src/, comments included, says otherwise.
test('no rule id appears in src/', () => {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 20, 'src/ holds the sources');
  const ids = rules.map((r) => r.meta.id);
  const mentions: string[] = [];
  for (const file of files) {
    readFileSync(path.join(SRC, file), 'utf8').split('\n').forEach((line, i) => {
      // A whole id: not part of a longer kebab-case word such as a flag name.
      for (const id of ids) if (new RegExp(`(?<![a-z0-9-])${id}(?![a-z0-9-])`).test(line)) mentions.push(`src/${file}:${i + 1}: ${id}`);
    });
  }
  assert.deepEqual(mentions, []);
});
