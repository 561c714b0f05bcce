import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { rules } from '../rules/index.js';
import { ROOT } from '../scripts/gen.js';
import { expectedMarkers, fixtureCases } from './support/fixtures.js';

const ids = rules.map((r) => r.meta.id);

test('rules/index.ts lists every rule file and rule folder, sorted by id', () => {
  const entries = readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true });
  const files = entries.flatMap((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts' ? [e.name.slice(0, -3)]
    : e.isDirectory() && existsSync(path.join(ROOT, 'rules', e.name, 'index.ts')) ? [e.name] : []).sort();
  assert.deepEqual(ids, files);
  assert.deepEqual(ids, [...ids].sort());
});

for (const { meta, check, checkFile, checkDirectives } of rules) {
  test(`metadata of ${meta.id}`, () => {
    assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.match(meta.description, /^[A-Z][a-z]+ /, 'description starts with a verb');
    assert.doesNotMatch(meta.description, /\.$/, 'description has no final period');
    assert.ok(meta.rationale.length > 20, 'rationale present');
    assert.ok(meta.remediation.length > 10, 'remediation present');
    assert.ok(['error', 'warning', 'info'].includes(meta.severity));
    assert.ok(check || checkFile || checkDirectives, 'has a check function');
    if (check) assert.ok(meta.kinds.length > 0, 'a resource rule lists the kinds it checks');
    if (meta.istio) assert.match(meta.istio, /^IST\d{4}$/);
    for (const kind of [...meta.kinds, ...(meta.reads ?? [])]) assert.match(kind, /^(\*|([a-z0-9.-]+\/)?[A-Z][A-Za-z0-9]*)$/, `kind "${kind}" is group/Kind`);
    for (const kind of Object.keys(meta.names ?? {})) assert.ok(meta.kinds.includes(kind), `names filters "${kind}", one of the kinds the rule checks`);
    if (meta.options) assert.doesNotThrow(() => new Ajv.default({ strict: true }).compile(meta.options!), 'options schema compiles');
  });

  test(`fixtures of ${meta.id}: at least one reported and one clean case`, () => {
    const cases = fixtureCases(meta.id);
    assert.ok(cases.some((c) => expectedMarkers(c).length > 0), 'a case that reports');
    assert.ok(cases.some((c) => expectedMarkers(c).length === 0), 'a case that does not');
  });
}
