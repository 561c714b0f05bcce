import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Composer, Parser } from 'yaml';
import { splitDocuments } from '../src/input/documents.js';
import { parseChunk, parseFile } from '../src/input/parse.js';
import { COMPOSE_OPTIONS, resolvePlain } from '../src/input/yaml11.js';
import { fixtureFiles } from './support/odd.js';
import { createResourceSet } from '../src/model/resource-set.js';
import { FIXTURES } from './support/fixtures.js';
import { meshlint, tree } from './support/cli.js';

const parse = (text: string) => parseFile('t.yaml', text, { defaultNamespace: 'default' });
const dataOf = (text: string) => parse(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\n${text}`).resources[0]?.body;
const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

describe("scalars resolve as go-yaml v2 resolves them (Kubernetes' YAML 1.1)", () => {
  const table: [string, unknown][] = [
    // Booleans: go-yaml v2 includes y and n, and three spellings of each word.
    ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((w) => [w, true] as [string, unknown]),
    ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((w) => [w, false] as [string, unknown]),
    ['yEs', 'yEs'], ['oN', 'oN'], ['tRUE', 'tRUE'],
    ['~', null], ['null', null], ['Null', null], ['NULL', null], ['', null], ['nULL', 'nULL'],
    // Integers: Go's base-prefixed syntax, a leading 0 is octal, underscores are dropped.
    ['0x1F', 31], ['-0x1F', -31], ['0o17', 15], ['0b101', 5], ['-0b101', -5], ['0755', 493], ['+12', 12], ['1_000', 1000],
    // 08 is no octal number, but go-yaml's float syntax takes it.
    ['08', 8], ['0x', '0x'],
    // Floats: 1.20 is 1.2; exponents, a leading or trailing point, infinities; NaN below.
    ['1.20', 1.2], ['1.', 1], ['.5', 0.5], ['+.5', 0.5], ['1e3', 1000], ['-1.5E-2', -0.015],
    ['.inf', Infinity], ['+.Inf', Infinity], ['-.INF', -Infinity], ['1e999', '1e999'],
    // No base 60, and timestamps stay strings in untyped data.
    ['1:20', '1:20'], ['190:20:30', '190:20:30'], ['2024-01-02', '2024-01-02'], ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['=', '='], ['<<', '<<'], ['v1', 'v1'], ['1.2.3', '1.2.3'], ['0x1p-2', '0x1p-2'], ['Infinity', 'Infinity'],
  ];
  for (const [text, value] of table) {
    test(`${JSON.stringify(text)} is ${JSON.stringify(value) ?? String(value)}`, () => assert.deepEqual(resolvePlain(text), value));
  }
  test('.nan is NaN', () => assert.ok(Number.isNaN(resolvePlain('.nan'))));

  test('in documents: plain scalars resolve, quoted ones stay strings, keys become strings as sigs.k8s.io/yaml writes them', () => {
    assert.deepEqual(dataOf('data:\n  a: yes\n  b: "yes"\n  c: 1.20\n  d: \'0755\'\n  e: 0755\n  yes: key\n  0x10: hex\n'), {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe' },
      data: { a: true, b: 'yes', c: 1.2, d: '0755', e: 493, true: 'key', 16: 'hex' },
    });
  });
});

describe('a colon that ends a plain scalar in a flow collection stays in it, as go-yaml v2 reads it', () => {
  test('before "," "]" or "}": a string, or a key with its colon; before a space: a mapping as ever', () => {
    assert.deepEqual(dataOf(lines('data:', '  a: [10.1.0.3, fd00:7::, x]', '  b: {k: fd00:7::, m:}', '  c: [p:, "q":, r: , s:t:]'))?.data, {
      a: ['10.1.0.3', 'fd00:7::', 'x'], b: { k: 'fd00:7::', 'm:': null }, c: ['p:', { q: null }, { r: null }, 's:t:'],
    });
  });
  test('over several lines and in a block scalar', () => {
    assert.deepEqual(dataOf(lines('data:', '  a: [x,', '    y::,', '    z]', '  b: |', '    [y::]'))?.data, { a: ['x', 'y::', 'z'], b: '[y::]\n' });
  });
  test('a finding inside such a document is at its line and column', async () => {
    const dir = tree({ 'se.yaml': lines('apiVersion: networking.istio.io/v1', 'kind: ServiceEntry', 'metadata: {name: vip, namespace: shop}', 'spec:',
      '  hosts: [vip.shop.internal]', '  addresses: [fd00:7::, 240.0.12.7]', '  resolution: STATIC', '  endpoints: [{address: 10.12.0.9}]', '  ports: [{number: 70000, name: grpc, protocol: GRPC}]') });
    const { stdout } = await meshlint(['-f', 'text', '--rule', 'istio-config-invalid:off', 'se.yaml'], dir);
    assert.match(stdout, /^se\.yaml:9:12: error "spec\.ports\[0\]\.number" of ServiceEntry shop\/vip: port must be between 1-65535 /m);
    assert.doesNotMatch(stdout, /addresses/);
  });
});

describe('merge keys apply as go-yaml v2 applies them', () => {
  test('a merged mapping overrides the keys before it, the keys after it override it', () => {
    assert.deepEqual(dataOf('base: &base {a: base, b: base}\ndata:\n  a: before\n  <<: *base\n  b: after\n').data, { a: 'base', b: 'after' });
  });
  test('of a sequence of mappings, the earlier ones win', () => {
    assert.deepEqual(dataOf('x: &x {k: x, only-x: "1"}\ny: &y {k: y, only-y: "2"}\ndata:\n  <<: [*x, *y]\n').data, { k: 'x', 'only-x': '1', 'only-y': '2' });
  });
  test('an inline mapping merges as an alias does, and a quoted "<<" is a plain key', () => {
    assert.deepEqual(dataOf('data:\n  <<: {a: "1"}\n  "<<": literal\n').data, { a: '1', '<<': 'literal' });
  });
  test('merging a scalar is an error of the document', () => {
    const parsed = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ns: &s text\ndata:\n  <<: *s\n');
    assert.equal(parsed.resources.length, 0);
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0]!.message, /map merge requires a mapping/);
  });

  test('merged labels are labels: the Namespace is read, and the workload-injection-blocked warning it causes is there', async () => {
    const dir = tree({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: vault\n  labels: {<<: &off {istio-injection: disabled}}\n',
      'app.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: vault\n  labels: {sidecar.istio.io/inject: "true"}\nspec:\n  containers: [{name: c, image: i}]\n',
    });
    const run = await meshlint(['-f', 'text', '--no-config', '.'], dir);
    assert.equal(run.stdout, lines(
      'app.yaml:6:12: warning Pod vault/p asks for a sidecar, but its namespace has istio-injection: "disabled", so its pods run without an Istio proxy [workload-injection-blocked]',
    ));
  });
});

describe('line endings as go-yaml reads them', () => {
  const doc = ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: a', '  name: b'];
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['bare CR', '\r']] as const) {
    test(`${name}: a valid file has no finding, and an error is on its line and column`, () => {
      assert.deepEqual(parse(doc.slice(0, 4).join(eol) + eol).problems, []);
      assert.equal(parse(doc.slice(0, 4).join(eol) + eol).resources[0]!.name, 'a');
      const [problem] = parse(doc.join(eol) + eol).problems;
      assert.deepEqual([problem!.line, problem!.column, problem!.message], [5, 3, 'Map keys must be unique']);
    });
  }
  test('mixed line endings: each of LF, CRLF and CR ends one line', () => {
    const [problem] = parse('apiVersion: v1\r\nkind: Namespace\rmetadata:\n  name: a\r  name: b\n').problems;
    assert.deepEqual([problem!.line, problem!.column], [5, 3]);
  });
  test('through the CLI, a bare-CR file has findings at the lines an editor shows', async () => {
    const dir = tree({ 'cr.yaml': 'apiVersion: v1\rkind: Namespace\rmetadata:\r  name: cr\r  labels:\r    flag: yes\r' });
    const run = await meshlint(['-f', 'text', '--no-config', 'cr.yaml'], dir);
    assert.equal(run.stdout, lines('cr.yaml:6:11: error label "flag" of Namespace "cr" is a boolean (true), not a string [resource-metadata-invalid]'));
  });
});

describe('every document is checked', () => {
  test('the hostile corpus reports a syntax finding in every broken file, whatever its kind, with no configuration', async () => {
    const broken = ['bad-indent.yaml', 'colons.yaml', 'duplicate-key.yaml', 'tab-indent.yaml', 'unterminated-flow.yaml', 'unterminated-quote.yaml', 'billion-laughs.yaml'];
    const hostile = path.join(FIXTURES, 'hostile');
    for (const file of broken) assert.ok(readdirSync(hostile).includes(file), file);
    for (const file of broken) {
      const run = await meshlint(['-f', 'json', '--no-config', file], hostile);
      const findings = JSON.parse(run.stdout) as { ruleId: string }[];
      assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax'), `${file}: ${run.stdout}`);
    }
  });

  test('a file of many errors shows the first ten and one count of the rest', () => {
    const body = Array.from({ length: 25 }, (_, i) => `k${i}: "a" "b"`).join('\n');
    const { problems } = parse(`${body}\n`);
    assert.equal(problems.length, 11);
    assert.deepEqual(problems.slice(0, 10).map((p) => p.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(problems[10]!.message, 'and 15 more syntax errors in this file');
    assert.equal(problems[10]!.line, 11);
  });

  test('Go template actions outside a chart: one unrendered finding for the file, no syntax errors', async () => {
    const template = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n{{- if .Values.extra }}\n  labels:\n    {{- toYaml .Values.labels | nindent 4 }}\n{{- end }}\n';
    const dir = tree({ 'files/gen.yaml': template, 'plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: text\ndata:\n  t: "{{ .Name }}"\n' });
    const run = await meshlint(['-f', 'text', '--no-config', '.'], dir);
    assert.equal(run.stdout, lines('files/gen.yaml:4:9: warning the file holds Go template actions such as "{{ .Values.name }}", so it is not YAML until rendered and was not linted [helm-template-unrendered]'));
  });

  test('documents that are not API objects are skipped silently; an IstioOperator needs no name', () => {
    const parsed = parse('apiVersion: release-notes/v2\nkind: bug-fix\narea: security\n---\napiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec: {profile: demo}\n---\napiVersion: Example/v1\nkind: Thing\n');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.resources.map((r) => r.kind), ['IstioOperator']);
    assert.deepEqual(parsed.skipped.map((s) => s.reason), ['not a Kubernetes API object: apiVersion "release-notes/v2"', 'not a Kubernetes API object: apiVersion "Example/v1"']);
  });
});

describe('the same object defined more than once', () => {
  test('is one object to lookups, the last definition, and every definition is listed', () => {
    const sidecar = (version: string, host: string) => `apiVersion: networking.istio.io/${version}\nkind: Sidecar\nmetadata:\n  name: x\n  namespace: shop\nspec:\n  egress: [{hosts: ["${host}"]}]\n`;
    const resources = [
      ...parseFile('a.yaml', sidecar('v1alpha3', './a'), { defaultNamespace: 'default' }).resources,
      ...parseFile('b.yaml', sidecar('v1beta1', './b'), { defaultNamespace: 'default' }).resources,
      ...parseFile('c.yaml', sidecar('v1', './c'), { defaultNamespace: 'default' }).resources,
    ];
    const set = createResourceSet(resources);
    const kind = resources[0]!.groupKind;
    assert.equal(set.ofKind(kind).length, 1);
    assert.equal(set.inNamespace(kind, 'shop').length, 1);
    assert.equal(set.get(kind, 'shop', 'x')!.file, 'c.yaml');
    assert.equal(set.all().length, 1);
    assert.deepEqual(set.definitions!(kind, 'shop', 'x').map((r) => r.file), ['a.yaml', 'b.yaml', 'c.yaml']);
    // The winner goes by file path, not input order (named files come before context files).
    assert.equal(createResourceSet([...resources].reverse()).get(kind, 'shop', 'x')!.file, 'c.yaml');
  });

  test('in three files: one warning naming the other two, and no "one of 3 Sidecars"', async () => {
    const sidecar = (version: string) => `apiVersion: networking.istio.io/${version}\nkind: Sidecar\nmetadata:\n  name: x\n  namespace: default\nspec:\n  egress: [{hosts: ["./*"]}]\n`;
    const dir = tree({ 'a.yaml': sidecar('v1alpha3'), 'b.yaml': sidecar('v1beta1'), 'c.yaml': sidecar('v1') });
    const run = await meshlint(['-f', 'json', '--no-config', '.'], dir);
    const findings = JSON.parse(run.stdout) as { ruleId: string; file: string; related: { file: string }[] }[];
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file, f.related.map((r) => r.file)]), [['resource-duplicate', 'c.yaml', ['a.yaml', 'b.yaml']]]);
  });
});

describe('linear time on large mappings', () => {
  test('400,000 keys in 4.9 MB parse, and a duplicate among them is found (a guard against hangs, not the speed target)', { timeout: 180_000 }, () => {
    // 13 bytes a line: 4.96 MiB in all, under the default maxFileSize of 5 MiB.
    const keys = Array.from({ length: 400_000 }, (_, i) => `  k${i.toString(36).padStart(5, '0')}: vv\n`);
    keys[399_999] = '  k00007: xx\n';
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n${keys.join('')}`;
    assert.ok(text.length > 4.8e6 && text.length < 5 * 1024 * 1024, String(text.length));
    const { problems } = parse(text);
    assert.deepEqual(problems.map((p) => [p.line, p.message]), [[400_005, 'Map keys must be unique']]);
  });
});

describe('the linear duplicate-key check agrees with the yaml library', () => {
  test("over every fixture and the hostile corpus, and mappings of odd keys: the same keys at the same offsets as the library's own check", () => {
    const odd = [
      'a: 1\nb: 2\na: 3\n', '{x: 1, x: 2, "x": 3}\n', 'yes: 1\ntrue: 2\non: 3\n', '1: a\n1.0: b\n0x1: c\n', '.nan: 1\n.nan: 2\n',
      '? [a]\n: 1\n? [a]\n: 2\n', 'a: &k x\n*k : y\nx: z\n', '<<: {a: 1}\n<<: {b: 2}\n', ': empty\n: again\n', 'k: [{a: 1, a: 2}, {b: 1}]\n',
    ];
    const texts = [...fixtureFiles().map((f) => readFileSync(path.join(FIXTURES, f), 'latin1')), ...odd];
    let compared = 0;
    let duplicates = 0;
    for (const text of texts) {
      for (const chunk of splitDocuments(text)) {
        const source = text.slice(chunk.start, chunk.end);
        const tokens = [...new Parser().parse(source)];
        const [theirs] = [...new Composer({ ...COMPOSE_OPTIONS, uniqueKeys: true }).compose(tokens, true, source.length)];
        const ours = parseChunk(text, chunk);
        if ('tooDeepAt' in ours) continue;
        const keysOf = (errors: readonly { code: string; pos: [number, number] }[]) => errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]).sort((a, b) => a - b);
        assert.deepEqual(keysOf(ours.errors), keysOf(theirs!.errors), source.slice(0, 200));
        compared++;
        duplicates += keysOf(theirs!.errors).length;
      }
    }
    assert.ok(compared > 200, `${compared} documents compared`);
    assert.ok(duplicates >= 15, `${duplicates} duplicate keys found`);
  });
});
