import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { rules } from '../rules/index.js';
import istioConfigInvalid from '../rules/istio-config-invalid/index.js';
import resourceSchemaInvalid from '../rules/resource-schema-invalid/index.js';
import sidecarEgressHostsRequired from '../rules/sidecar-egress-hosts-required.js';
import { GATEWAY_API_KINDS, ISTIO_CRD_KINDS } from '../src/istio/kinds.js';
import { toResource } from '../src/model/resource.js';
import { createResourceSet } from '../src/model/resource-set.js';
import type { Json, Report, Resource, Rule, RuleMeta, Settings } from '../src/rule.js';
import { FIXTURES } from './support/fixtures.js';
import { ajvProblems } from '../src/validation/ajv-path.js';
import { celValue, evaluate, FAST, loadCel } from '../src/validation/cel.js';
import { shippedCatalogue, shippedSchema, shippedValidator } from '../src/validation/catalogue.js';
import { fieldName } from '../src/validation/report.js';
import { fieldsTooNew } from '../src/validation/since.js';
import { resourceSchema, toJsonSchema, type SchemaNode } from '../src/validation/structural.js';
import { pruneNulls } from '../src/validation/nulls.js';
import { validateObject } from '../src/validation/validate.js';

const resource = (data: object): Resource => {
  const r = toResource(parse(JSON.stringify(data)) as Json, { file: 'x.yaml', doc: 0, base: [] }, 'default');
  assert.ok(typeof r !== 'string', r as string);
  return r;
};
const reports = (r: Resource, mesh?: string, known?: readonly RuleMeta[], rule: Rule = resourceSchemaInvalid): Report[] => {
  const out: Report[] = [];
  const settings: Settings = { defaultNamespace: 'default', rootNamespace: 'istio-system', nativeSidecars: 'auto', ...(mesh ? { mesh: { flavor: 'istio', version: mesh } } : {}) };
  rule.check!(r, { resources: createResourceSet([r]), settings, options: {}, report: (x) => out.push(x), ...(known ? { rules: known } : {}) });
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

  test('the build compiled a validator for every shipped schema, in step with it, that finds what ajv finds at run time', () => {
    for (const kind of Object.values(shippedCatalogue().kinds)) {
      for (const entry of Object.values(kind.versions)) assert.ok(shippedValidator(entry), `${entry.file}: no precompiled validator in step with it (npm run build)`);
    }
    let compared = 0;
    for (const dir of ['resource-schema-invalid', 'istio-config-invalid']) {
      for (const file of readdirSync(path.join(FIXTURES, dir)).filter((f) => f.endsWith('.yaml'))) {
        for (const doc of parseAllDocuments(readFileSync(path.join(FIXTURES, dir, file), 'utf8'))) {
          const r = toResource(doc.toJS() as Json, { file, doc: 0, base: [] }, 'default');
          const version = typeof r === 'string' ? undefined : shippedCatalogue().kinds[r.groupKind]?.versions[r.version];
          if (typeof r === 'string' || !version) continue;
          compared++;
          assert.deepEqual(validateObject(r.body, shippedSchema(version), shippedValidator(version)), validateObject(r.body, shippedSchema(version)), `${file}: ${r.ref}`);
        }
      }
    }
    assert.ok(compared > 30, `${compared} documents compared`);
  });

  test('an apiVersion is gated by the configured Istio version, and nothing is without one', () => {
    const vs = resource({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a', namespace: 'shop' }, spec: { hosts: ['a'] } });
    assert.match(reports(vs, '1.21')[0]?.message ?? '', /serves only from 1\.22 on/);
    assert.deepEqual(reports(vs, '1.22'), []);
    assert.deepEqual(reports(vs), []);
  });
});

describe('checks other rules report (meta.covers)', () => {
  /** The schema node a covers path names, and its parent. */
  const nodeAt = (schema: SchemaNode, path: string) => {
    let node: SchemaNode | undefined = schema, parent: SchemaNode | undefined;
    for (const segment of path.split('.')) {
      parent = node;
      const properties = node?.properties as Record<string, SchemaNode> | undefined;
      node = segment === '*' ? ((node?.items ?? node?.additionalProperties) as SchemaNode | undefined) : properties?.[segment];
    }
    return { node, parent };
  };

  test('every entry names a field of a shipped schema of the rule\'s kinds, where its keywords apply', () => {
    const covering = rules.filter((r) => r.meta.covers?.length);
    assert.ok(covering.length >= 2);
    for (const { meta } of covering) {
      for (const c of meta.covers!) {
        assert.ok(meta.kinds.includes(c.kind), `${meta.id}: ${c.kind} is not in its kinds`);
        const kind = shippedCatalogue().kinds[c.kind];
        assert.ok(kind, `${meta.id}: no shipped schema for ${c.kind}`);
        for (const version of Object.values(kind.versions)) {
          const { node, parent } = nodeAt(shippedSchema(version), c.path);
          assert.ok(node, `${meta.id}: ${c.path} is not a field of ${c.kind}`);
          for (const keyword of c.keywords) {
            const applies = keyword === 'required' ? (parent?.required as string[] | undefined)?.includes(c.path.split('.').at(-1)!)
              : keyword === 'cel' ? node['x-kubernetes-validations'] !== undefined : node[keyword] !== undefined;
            assert.ok(applies, `${meta.id}: ${c.kind} has no "${keyword}" check at ${c.path}`);
          }
        }
      }
    }
  });

  const sidecar = resource({
    apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'shop' },
    spec: { egress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' } }, { hosts: 'shop/*' }, { hosts: ['./*', 7] }] },
  });

  test('are left to the rule that declares them, whether it is on or off, and reported without it', () => {
    const fields = (found: Report[]) => found.map((f) => f.at?.join('.'));
    assert.deepEqual(fields(reports(sidecar, undefined, [])), ['spec.egress.0', 'spec.egress.1.hosts', 'spec.egress.2.hosts.1']);
    assert.deepEqual(fields(reports(sidecar, undefined, [sidecarEgressHostsRequired.meta])), ['spec.egress.2.hosts.1']);
    assert.deepEqual(fields(reports(sidecar, undefined, rules.map((r) => r.meta))), []);
  });
});

describe('nulls, as the API server prunes them', () => {
  const schema = toJsonSchema({
    type: 'object', required: ['name'],
    properties: {
      name: { type: 'string' }, port: { type: 'object', properties: { number: { type: 'integer' } } },
      note: { type: 'string', nullable: true }, kind: { type: 'string', default: 'Service' }, hosts: { type: 'array', items: { type: 'string' } },
    },
  });

  test('a null field the schema does not allow is removed, or set to its default; list items stay', () => {
    const data = { name: 'a', port: null, note: null, kind: null, hosts: ['x', null] };
    assert.deepEqual(pruneNulls(data, schema), { name: 'a', note: null, kind: 'Service', hosts: ['x', null] });
    assert.deepEqual(data.port, null, 'the data itself is left as it was');
    const clean = { name: 'a', hosts: ['x'] };
    assert.equal(pruneNulls(clean, schema), clean);
  });

  test('so a null required field is missing (reported at its key), and a null list item a wrong type', () => {
    const found = validateObject({ name: null, port: null, hosts: [null] }, schema);
    assert.deepEqual(found.map((p) => [p.path.join('.'), p.keyword, p.detail]), [['name', 'required', 'is empty (null), and the CRD requires it'], ['hosts.0', 'type', 'must be string']]);
    assert.deepEqual(validateObject({}, schema).map((p) => [p.path.join('.'), p.field?.join('.'), p.detail]), [['', 'name', 'is missing the required field "name"']]);
  });
});

describe('the webhook checks and the schema', () => {
  test('no webhook finding is made at or around a value of the wrong type', () => {
    const policy = (methods: unknown) => resource({
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'shop' },
      spec: { rules: [{ to: [{ operation: { methods } }] }, { to: [{ operation: { methods: [] } }] }] },
    });
    const at = (found: Report[]) => found.map((f) => f.at?.join('.'));
    assert.deepEqual(at(reports(policy('GET'), undefined, undefined, istioConfigInvalid)), ['spec.rules.1.to.0.operation']);
    assert.deepEqual(at(reports(policy([]), undefined, undefined, istioConfigInvalid)), ['spec.rules.0.to.0.operation', 'spec.rules.1.to.0.operation']);
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
    assert.deepEqual(validateObject({ items: ['a', 'b', 'c'] }, schema), [{ path: ['items'], detail: 'has 3 items', layer: 'cel', keyword: 'cel', rule: 'size(self.items) <= 2' }]);
  });

  test('an outcome kept for the fields a rule reads is the outcome on any value with those fields', () => {
    const schema = toJsonSchema({
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'string' }, list: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule: 'self.all(x, x > 0)', message: 'not positive' }] } },
      'x-kubernetes-validations': [{ rule: 'has(self.a) ? self.a > 0 : true', message: 'a is not positive' }],
    });
    const details = (value: object) => validateObject(value, schema).map((p) => `${p.path.join('.')}: ${p.detail}`);
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(details({ a: 1, b: 'x' }), []);
      assert.deepEqual(details({ a: -1, b: 'x' }), [': a is not positive']);
      assert.deepEqual(details({ a: -1, b: 'y', list: [1, 2] }), [': a is not positive']);
      assert.deepEqual(details({ b: 'y', list: [1, -2] }), ['list: not positive']);
      assert.deepEqual(details({ list: [1, 2] }), []);
    }
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
