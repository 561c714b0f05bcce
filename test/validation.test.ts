import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import resourceSchemaInvalid from '../rules/resource-schema-invalid/index.js';
import { GATEWAY_API_KINDS, ISTIO_CRD_KINDS } from '../src/istio/kinds.js';
import { toResource } from '../src/model/resource.js';
import { createResourceSet } from '../src/model/resource-set.js';
import type { Json, Report, Resource, Settings } from '../src/rule.js';
import { ajvProblems } from '../src/validation/ajv-path.js';
import { celValue, evaluate, FAST, loadCel } from '../src/validation/cel.js';
import { shippedCatalogue, shippedSchema } from '../src/validation/catalogue.js';
import { fieldName } from '../src/validation/report.js';
import { fieldsTooNew } from '../src/validation/since.js';
import { resourceSchema, toJsonSchema } from '../src/validation/structural.js';
import { validateObject } from '../src/validation/validate.js';

const resource = (data: object): Resource => {
  const r = toResource(parse(JSON.stringify(data)) as Json, { file: 'x.yaml', doc: 0, base: [] }, 'default');
  assert.ok(typeof r !== 'string', r as string);
  return r;
};
const reports = (r: Resource, mesh?: string): Report[] => {
  const out: Report[] = [];
  const settings: Settings = { defaultNamespace: 'default', rootNamespace: 'istio-system', nativeSidecars: 'auto', ...(mesh ? { mesh: { flavor: 'istio', version: mesh } } : {}) };
  resourceSchemaInvalid.check!(r, { resources: createResourceSet([r]), settings, options: {}, report: (x) => out.push(x) });
  return out;
};

describe('shipped schemas', () => {
  test('the rule is called for exactly the kinds whose schemas are shipped', () => {
    assert.deepEqual([...resourceSchemaInvalid.meta.kinds].sort(), Object.keys(shippedCatalogue().kinds).sort());
    assert.deepEqual([...ISTIO_CRD_KINDS, ...GATEWAY_API_KINDS].length, Object.keys(shippedCatalogue().kinds).length);
  });

  test('every served apiVersion of every kind is accepted and its schema compiles', () => {
    let versions = 0;
    for (const [groupKind, kind] of Object.entries(shippedCatalogue().kinds)) {
      const [group, name] = groupKind.split('/');
      for (const [version, entry] of Object.entries(kind.versions)) {
        if (!entry.served) continue;
        versions++;
        const r = resource({ apiVersion: `${group}/${version}`, kind: name, metadata: { name: 'x', namespace: 'shop' }, spec: {} });
        const found = reports(r);
        assert.ok(!found.some((f) => f.at?.[0] === 'apiVersion'), `${groupKind} ${version}: ${found.map((f) => f.message).join(' / ')}`);
        assert.ok(shippedSchema(entry).type === 'object');
      }
    }
    assert.ok(versions >= 40, `${versions} served versions`);
  });

  test('an apiVersion is gated by the configured Istio version, and nothing is without one', () => {
    const vs = resource({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a', namespace: 'shop' }, spec: { hosts: ['a'] } });
    assert.match(reports(vs, '1.21')[0]?.message ?? '', /serves only from 1\.22 on/);
    assert.deepEqual(reports(vs, '1.22'), []);
    assert.deepEqual(reports(vs), []);
  });
});

describe('structural schemas as ajv sees them', () => {
  const crd = resourceSchema({
    type: 'object',
    properties: {
      spec: {
        type: 'object', required: ['port'],
        properties: {
          port: { type: 'integer', minimum: 0, exclusiveMinimum: true },
          target: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          note: { type: 'string', nullable: true },
        },
      },
    },
  });

  test('unknown fields are rejected except under preserve-unknown-fields; int-or-string and nullable', () => {
    assert.deepEqual(validateObject({ spec: { port: 1, target: 'http', labels: { a: 'b' }, extra: { any: { thing: 1 } }, note: null } }, crd), []);
    assert.deepEqual(validateObject({ spec: { port: 1, target: 8080 } }, crd), []);
    const found = validateObject({ spec: { port: 0, target: true, prot: 1 } }, crd);
    assert.deepEqual(found.map((p) => [p.path.join('.'), p.focus ?? '']), [['spec.prot', 'key'], ['spec.port', ''], ['spec.target', '']]);
  });

  test('a missing required field is reported on its parent mapping', () => {
    assert.deepEqual(validateObject({ spec: {} }, crd).map((p) => [p.path, p.detail]), [[['spec'], 'is missing the required field "port"']]);
  });

  test('the ajv error paths have numbers for list indices and the key for an unknown key', () => {
    const problems = ajvProblems([
      { keyword: 'additionalProperties', instancePath: '/items/0', schemaPath: '#', params: { additionalProperty: 'a/b' } },
      { keyword: 'type', instancePath: '/map/0', schemaPath: '#', params: {}, message: 'must be string' },
    ], { items: [{}], map: { 0: 1 } });
    assert.deepEqual(problems.map((p) => [p.path, p.focus]), [[['items', 0, 'a/b'], 'key'], [['map', '0'], undefined]]);
  });

  test('paths are written as users write them', () => {
    assert.equal(fieldName(['spec', 'http', 0, 'route', 1, 'weight']), 'spec.http[0].route[1].weight');
    assert.equal(fieldName(['metadata', 'labels', 'app.kubernetes.io/name']), 'metadata.labels["app.kubernetes.io/name"]');
  });

  test('transition rules on oldSelf are left out: there is no old object', () => {
    const node = toJsonSchema({ type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }, { rule: 'self != ""' }] });
    assert.deepEqual(node['x-kubernetes-validations'], [{ rule: 'self != ""' }]);
  });
});

describe('CEL rules', () => {
  loadCel();
  const run = (rule: string, value: unknown, schema = {}) => evaluate(rule, celValue(value, schema));

  test('the Kubernetes library functions the published rules use', () => {
    assert.deepEqual(run('url(self).getScheme() in ["http", "https"]', 'https://keys.example.org/jwks'), { value: true });
    assert.deepEqual(run('url(self).getHost()', 'http://a.example.org:81/x'), { value: 'a.example.org:81' });
    assert.deepEqual(run('isURL(self)', 'not a url'), { value: false });
    assert.deepEqual(run('self.all(h, !isIP(h))', ['shop.example.org', '2001:db8::1']), { value: false });
    assert.deepEqual(run("duration(self) >= duration('1ms')", '900us'), { value: false });
    assert.deepEqual(run('self.split("/")[0]', 'a/b'), { value: 'a' });
  });

  test('the rules computed without the evaluator agree with it', () => {
    const values: unknown[] = ['1ms', '999us', '1.5s', '0', '-1h', '.5ms', '1h30m', '2m0.001s', '1000000ns', '1e3ms', '1 s', 'ms', '5', '',
      0, 1, 65535, 65536, -3, 8080.5, '*', 'a*b', 'shop', [], ['a', ''], ['*.x'], { a: 1 }, { '': 1 }, { 'x*': 1 }, true];
    let fast = 0;
    for (const expression of FAST.keys()) {
      for (const value of values) {
        const self = celValue(value, typeof value === 'number' && !Number.isInteger(value) ? { type: 'number' } : {});
        const quick = evaluate(expression, self);
        const full = evaluate(expression, self, false);
        if (FAST.get(expression)!(self) !== undefined) fast++;
        assert.deepEqual('value' in quick ? quick.value : 'error', 'value' in full ? full.value : 'error', `${expression} on ${JSON.stringify(value)}`);
      }
    }
    assert.ok(fast > 60, `${fast} values computed without the evaluator`);
  });

  test('integers are CEL ints, numbers doubles, by the schema', () => {
    assert.deepEqual(run('self + 1 == 3', 2, { type: 'integer' }), { value: true });
    assert.deepEqual(run('self + 1.0 == 3.0', 2, { type: 'number' }), { value: true });
  });

  test('messageExpression gives the message, fieldPath the place', () => {
    const schema = toJsonSchema({
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'string' } } },
      'x-kubernetes-validations': [{ rule: 'size(self.items) <= 2', messageExpression: '"has " + string(size(self.items)) + " items"', fieldPath: '.items' }],
    });
    assert.deepEqual(validateObject({ items: ['a', 'b', 'c'] }, schema), [{ path: ['items'], detail: 'has 3 items', layer: 'cel', rule: 'size(self.items) <= 2' }]);
  });

  test('a rule is not evaluated on a value that failed the schema, and defaults are applied first', () => {
    const schema = toJsonSchema({
      type: 'object',
      properties: { port: { type: 'integer' }, kind: { type: 'string', default: 'Service' } },
      'x-kubernetes-validations': [{ rule: 'self.port > 0 && self.kind == "Service"', message: 'bad port' }],
    });
    assert.deepEqual(validateObject({ port: 'eighty' }, schema).map((p) => p.layer), ['schema']);
    assert.deepEqual(validateObject({ port: 80 }, schema), []);
  });
});

describe('fields of newer Istio releases', () => {
  test('only the outermost new field is reported', () => {
    const schema = toJsonSchema({ type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'array', items: { type: 'object', properties: { b: { type: 'object', properties: { c: { type: 'string' } } } } } } } } } });
    const since = { 'spec.a.*.b': '1.26', 'spec.a.*.b.c': '1.26' };
    const found = fieldsTooNew({ spec: { a: [{}, { b: { c: 'x' } }] } }, schema, since, (v) => v > '1.24');
    assert.deepEqual(found, [{ path: ['spec', 'a', 1, 'b'], since: '1.26' }]);
  });
});
