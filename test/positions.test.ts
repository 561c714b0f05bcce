import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Locator } from '../src/position/locator.js';
import { parseFile as parseWith } from '../src/input/parse.js';

const parseFile = (file: string, text: string, defaultNamespace: string) => parseWith(file, text, { defaultNamespace });

const SIDECAR = (ns: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: ${ns}
spec:
  egress:
  - hosts:
    - "./*"
    - "istio-system/*"
`;

const at = (text: string, doc: number, path: (string | number)[], focus?: 'key' | 'value') => {
  const { line, column, endLine, endColumn } = new Locator(() => text).locate('x.yaml', doc, path, focus);
  return [line, column, endLine, endColumn];
};

describe('positions', () => {
  test('a scalar in the third document of a multi-document file', () => {
    const text = `${SIDECAR('a')}---\n${SIDECAR('b')}---\n${SIDECAR('c')}`;
    // Document 3 starts on line 23; its second host is on its line 10.
    assert.deepEqual(at(text, 2, ['spec', 'egress', 0, 'hosts', 1]), [32, 7, 32, 23]);
    assert.equal(parseFile('x.yaml', text, 'default').resources[2]!.namespace, 'c');
  });

  test('a map entry spans its key through a scalar value; focus narrows it', () => {
    const text = SIDECAR('shop');
    assert.deepEqual(at(text, 0, ['metadata', 'namespace']), [5, 3, 5, 18]);
    assert.deepEqual(at(text, 0, ['metadata', 'namespace'], 'key'), [5, 3, 5, 12]);
    assert.deepEqual(at(text, 0, ['metadata', 'namespace'], 'value'), [5, 14, 5, 18]);
  });

  test('a collection value points at its key; a sequence item at its first line', () => {
    assert.deepEqual(at(SIDECAR('shop'), 0, ['spec', 'egress']), [7, 3, 7, 9]);
    assert.deepEqual(at(SIDECAR('shop'), 0, ['spec', 'egress', 0]), [8, 5, 8, 10]);
  });

  test('a missing path points at the closest existing ancestor', () => {
    assert.deepEqual(at(SIDECAR('shop'), 0, ['spec', 'egress', 0, 'port', 'number']), [8, 5, 8, 10]);
    assert.deepEqual(at(SIDECAR('shop'), 0, ['spec', 'workloadSelector', 'labels']), [6, 1, 6, 5]);
    assert.deepEqual(at(SIDECAR('shop'), 0, ['spec', 'egress', 5]), [7, 3, 7, 9]);
  });

  test('CRLF line endings', () => {
    const text = `${SIDECAR('a')}---\n${SIDECAR('b')}`.replace(/\n/g, '\r\n');
    assert.deepEqual(at(text, 1, ['spec', 'egress', 0, 'hosts', 0]), [20, 7, 20, 12]);
  });

  test('a byte-order mark does not shift columns', () => {
    assert.deepEqual(at(`\uFEFF${SIDECAR('shop')}`, 0, ['metadata', 'namespace']), [5, 3, 5, 18]);
  });

  test('kind: List items keep their own positions', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: one
- apiVersion: v1
  kind: Namespace
  metadata:
    name: two
`;
    const file = parseFile('x.yaml', text, 'default');
    assert.deepEqual(file.resources.map((r) => [r.ref, r.base]), [['Namespace one', ['items', 0]], ['Namespace two', ['items', 1]]]);
    assert.deepEqual(at(text, 0, ['items', 1, 'metadata', 'name']), [11, 5, 11, 14]);
  });

  test('columns count UTF-16 code units', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "ü😀x"\n  namespace: a\n';
    assert.deepEqual(at(text, 0, ['metadata', 'name']), [4, 3, 4, 15]);
  });
});

describe('loading', () => {
  test('documents without apiVersion/kind are skipped with a reason', () => {
    const file = parseFile('values.yaml', 'replicaCount: 2\n---\nkind: Foo\n---\n- a\n---\n', 'default');
    assert.deepEqual(file.resources, []);
    assert.deepEqual(file.skipped.map((s) => s.reason), ['no apiVersion', 'no apiVersion', 'not a mapping', 'empty']);
  });

  test('namespaces: default for namespaced kinds, none for cluster-scoped ones', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: w, namespace: ignored}\n';
    const [service, webhook] = parseFile('x.yaml', text, 'apps').resources;
    assert.equal(service!.ref, 'Service apps/s');
    assert.equal(webhook!.ref, 'MutatingWebhookConfiguration w');
    assert.equal(webhook!.groupKind, 'admissionregistration.k8s.io/MutatingWebhookConfiguration');
  });

  test('a syntax error in one document leaves the others readable', () => {
    const file = parseFile('x.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nfoo: [1, 2\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n', 'default');
    assert.deepEqual(file.resources.map((r) => r.name), ['a', 'b']);
    assert.equal(file.problems.length, 1);
    // The parser notices the unclosed flow sequence at the next document marker.
    assert.equal(file.problems[0]!.line, 6);
  });

  test('JSON manifests', () => {
    const file = parseFile('ns.json', '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "j"}\n}\n', 'default');
    assert.equal(file.resources[0]!.ref, 'Namespace j');
    assert.equal(new Locator(() => '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "j"}\n}\n').locate('ns.json', 0, ['metadata', 'name']).line, 4);
  });
});

describe('the locator keeps the files it used last', () => {
  test('a file it let go of is read again from its text, at the same positions', () => {
    const read: string[] = [];
    const textOf = (file: string) => {
      read.push(file);
      const n = Number(file.replace(/\D/g, ''));
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m${n}\n${'  # padding\n'.repeat(n % 5)}data:\n  key: v${n}\n`;
    };
    const locator = new Locator(textOf);
    const files = Array.from({ length: 200 }, (_, i) => `f${i}.yaml`);
    const first = files.map((f) => locator.locate(f, 0, ['data', 'key'], 'value'));
    // f0 is used again at every step, so it stays; the others go in their order of use.
    const again = files.map((f) => (locator.locate('f0.yaml', 0, ['metadata', 'name']), locator.locate(f, 0, ['data', 'key'], 'value')));
    assert.deepEqual(again, first);
    assert.equal(first[7]!.line, 5 + (7 % 5) + 1);
    assert.equal(read.filter((f) => f === 'f0.yaml').length, 2, 'f0 was read again once, after the first pass let it go');
    assert.equal(read.length, 400, 'every other file was read again once: the second pass found none of them kept');
  });
});
