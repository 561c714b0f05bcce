import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { shippedCatalogue, shippedSchema } from '../src/validation/catalogue.js';
import { celValue, evaluate } from '../src/validation/cel.js';
import { quickHolds } from '../src/validation/cel-lite.js';
import type { CelRule, SchemaNode } from '../src/validation/structural.js';
import { FIXTURES } from './support/fixtures.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every value of the fixtures at a schema node with CEL rules, and variants of it: each field left out, a list emptied or its first item repeated. */
function samples(): { rule: CelRule; node: SchemaNode; value: unknown }[] {
  const out: { rule: CelRule; node: SchemaNode; value: unknown }[] = [];
  const walk = (value: unknown, node: SchemaNode) => {
    if (value === null || value === undefined) return;
    const rules = node['x-kubernetes-validations'] as CelRule[] | undefined;
    if (rules) {
      const variants = [value];
      if (isObject(value)) for (const key of Object.keys(value)) variants.push(Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)));
      if (Array.isArray(value) && value.length) variants.push([], [value[0], ...value]);
      for (const variant of variants) for (const rule of rules) out.push({ rule, node, value: variant });
    }
    if (Array.isArray(value) && isObject(node.items)) for (const item of value) walk(item, node.items as SchemaNode);
    if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        const sub = (node.properties as Record<string, SchemaNode> | undefined)?.[key] ?? (isObject(node.additionalProperties) ? node.additionalProperties as SchemaNode : undefined);
        if (sub) walk(child, sub);
      }
    }
  };
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : /\.ya?ml$/.test(f) ? [path.join(dir, f)] : []));
  for (const file of files(FIXTURES)) {
    let docs;
    try { docs = parseAllDocuments(readFileSync(file, 'utf8')); } catch { continue; }
    for (const doc of docs) {
      let data: unknown;
      try { data = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 100 }); } catch { continue; }
      if (!isObject(data) || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string') continue;
      const [group, version] = data.apiVersion.split('/');
      const entry = shippedCatalogue().kinds[`${group}/${data.kind}`]?.versions[version ?? ''];
      if (entry?.served) walk(data, shippedSchema(entry));
    }
  }
  return out;
}

test('the quick evaluator says that a rule holds only where the CEL library says so, and says it for most rules that hold', () => {
  let holds = 0, quick = 0;
  const rules = new Set<string>();
  for (const { rule, node, value } of samples()) {
    const self = celValue(value, node);
    const full = evaluate(rule.rule, self, false);
    const sure = quickHolds(rule.rule, self);
    if (sure) assert.deepEqual(full, { value: true }, `${rule.rule} on ${JSON.stringify(value)}`);
    if ('value' in full && full.value === true) {
      holds++;
      if (sure) { quick++; rules.add(rule.rule); }
    }
  }
  assert.ok(holds > 500, `${holds} samples where a rule holds`);
  assert.ok(quick / holds > 0.98, `the quick evaluator confirms ${quick} of ${holds}`);
  assert.ok(rules.size > 40, `${rules.size} distinct rules confirmed`);
});

test('it gives no answer where CEL would fail or it is not sure', () => {
  const self = new Map<string, unknown>([['port', 8080n], ['ratio', 0.5], ['name', 'web'], ['hosts', ['a.example.org', 'b']]]);
  assert.equal(quickHolds('self.port > 0', self), true);
  assert.equal(quickHolds('self.missing > 0', self), false, 'no such key is an error');
  assert.equal(quickHolds('self.ratio < 1', self), false, 'a double against an int');
  assert.equal(quickHolds('self.port == "8080"', self), false, 'an int against a string');
  assert.equal(quickHolds('self.hosts.all(h, h.matches("^[a-z.]+$"))', self), true);
  assert.equal(quickHolds('self.hosts.exists_one(h, h.contains("."))', self), true);
  assert.equal(quickHolds('size(self.name) == 3 && self.name.startsWith("w")', self), true);
  assert.equal(quickHolds('self.port + 9223372036854775807 > 0', self), false, 'int overflow is an error');
  assert.equal(quickHolds('self.name.lowerAscii() == "web"', self), false, 'a function it does not know');
  assert.equal(quickHolds("duration('90s') > duration('1m')", self), true);
  assert.equal(quickHolds("!has(self.__namespace__) && has(self.name)", self), true);
  assert.equal(quickHolds("(has(self.labels) ? self.labels : {}).size() == 0", self), true);
});
