import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { load } from '../src/input/load.js';
import { FIXTURES } from './support/fixtures.js';
import { BAD_SIDECAR, badSidecar, meshlint, tree } from './support/cli.js';

// One test per class of hostile input from the reliability issue: each asserts the exact
// findings and exit code. Small inputs live in test/fixtures/hostile/; large ones, links,
// pipes and permissions are made here.
const HOSTILE = path.join(FIXTURES, 'hostile');
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/meshlint.js');
const text = (...args: string[]) => meshlint(['-f', 'text', '--config', 'lintrc-all-documents.yaml', ...args], HOSTILE);
const AFTER = (file: string, line: number) =>
  `${file}:${line}:5: error egress listener 1 of Sidecar shop/after has no "hosts" [sidecar-egress-hosts-required]`;
const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

describe('YAML syntax errors: one finding each, and the later documents are still linted', () => {
  const cases: [string, string[]][] = [
    ['unterminated-quote.yaml', ['unterminated-quote.yaml:4:9: error Missing closing "quote [yaml-syntax]', AFTER('unterminated-quote.yaml', 14)]],
    ['unterminated-flow.yaml', ['unterminated-flow.yaml:4:1: error Flow map in block collection must be sufficiently indented and end with a } [yaml-syntax]', AFTER('unterminated-flow.yaml', 12)]],
    ['tab-indent.yaml', ['tab-indent.yaml:4:1: error Tabs are not allowed as indentation [yaml-syntax]', AFTER('tab-indent.yaml', 13)]],
    ['bad-indent.yaml', [
      'bad-indent.yaml:4:9: error Implicit keys need to be on a single line [yaml-syntax]',
      'bad-indent.yaml:4:9: error Nested mappings are not allowed in compact mappings [yaml-syntax]', AFTER('bad-indent.yaml', 14)]],
    ['duplicate-key.yaml', ['duplicate-key.yaml:3:1: error Map keys must be unique [yaml-syntax]', AFTER('duplicate-key.yaml', 14)]],
    ['stray-markers.yaml', [AFTER('stray-markers.yaml', 13)]],
  ];
  for (const [file, expected] of cases) {
    test(file, async () => {
      assert.deepEqual(await text(file), { code: 1, stdout: lines(...expected), stderr: '' });
    });
  }

  test("the yaml library's warnings do not reach stderr", () => {
    const dir = tree({ 'tags.yaml': '%YAML 1.1\n%TAG !x! tag:example.com,2000:\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: !unknown x}\ndata: !!binary aGVsbG8=\n' });
    const run = spawnSync(process.execPath, [BIN, '-f', 'text', '--no-config', 'tags.yaml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
  });
});

describe('Helm chart templates', () => {
  test('reported once per chart, not as syntax errors; plain files of the chart are linted', async () => {
    const templates = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [
      `charts/shop/templates/t${String(i).padStart(2, '0')}.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${i}\n  labels:\n    {{- include "labels" . | nindent 4 }}\n`,
    ]));
    const dir = tree({ ...templates, 'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n', 'charts/shop/templates/sidecar.yaml': BAD_SIDECAR });
    assert.deepEqual(await meshlint(['-f', 'text', '--no-config', '.'], dir), {
      code: 1, stderr: '', stdout: lines(
        'charts/shop/templates/sidecar.yaml:8:5: error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]',
        'charts/shop/templates/t00.yaml:4:9: warning Helm chart "charts/shop" is not rendered, so its 30 templates were not linted [helm-template-unrendered]',
      ),
    });
  });
});

describe('alias bombs and deep nesting: bounded time, a finding, no stack overflow', () => {
  test('billion laughs', async () => {
    const started = Date.now();
    assert.deepEqual(await text('billion-laughs.yaml'), {
      code: 1, stderr: '',
      stdout: 'billion-laughs.yaml:7:10: error aliases expand to too many nodes, so meshlint does not expand this document [yaml-syntax]\n',
    });
    assert.ok(Date.now() - started < 2000);
  });

  // Block mappings need indentation: 3,000 levels already make a 4.5 MB file.
  for (const [name, levels, make, position] of [
    ['flow collections', 10_000, (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`, '1:1'],
    ['block sequences', 10_000, (n: number) => `${'- '.repeat(n)}x\n`, '1:1'],
    ['block mappings', 3_000, (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join(''), '501:501'],
    ['flow collections just over the limit', 201, (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`, '1:203'],
    ['block mappings just over the limit', 201, (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join(''), '201:201'],
  ] as const) {
    test(`${levels} levels of ${name}`, async () => {
      const deep = make(levels);
      const dir = tree({ 'deep.yaml': `${deep}---\n${BAD_SIDECAR}` });
      const started = Date.now();
      // These documents have no kind, so only allDocuments has them parsed at all.
      const run = await meshlint(['-f', 'text', '--config', path.join(HOSTILE, 'lintrc-all-documents.yaml'), 'deep.yaml'], dir);
      assert.ok(Date.now() - started < 5000, 'bounded time');
      assert.deepEqual(run, {
        code: 1, stderr: '', stdout: lines(
          `deep.yaml:${position}: error collections nest more than 200 levels deep, so meshlint does not read this document [yaml-syntax]`,
          `deep.yaml:${deep.split('\n').length + 8}:5: error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]`,
        ),
      });
    });
  }
});

describe('size, binary data and encodings', () => {
  test('a 100 MB file is not read; the limit is named and configurable', async () => {
    const dir = tree({ 'ok.yaml': BAD_SIDECAR });
    const fd = openSync(path.join(dir, 'huge.yaml'), 'w');
    ftruncateSync(fd, 100 * 1024 * 1024); // sparse: made in no time, no disk used
    closeSync(fd);
    const run = await meshlint(['-f', 'text', '--no-config', '.'], dir);
    assert.equal(run.code, 1);
    assert.equal(run.stdout.split('\n')[0], 'huge.yaml:1:1: error the file is 100 MB, over the limit of 5 MB, and was not read [file-unreadable]');
    assert.match(run.stdout.split('\n')[1]!, /^ok\.yaml:8:5: error egress listener 1/);
    writeFileSync(path.join(dir, '.lintrc'), 'maxFileSize: 100\n');
    assert.equal((await meshlint(['-f', 'text', 'ok.yaml'], dir)).stdout,
      'ok.yaml:1:1: error the file is 160 bytes, over the limit of 100 bytes, and was not read [file-unreadable]\n');
    writeFileSync(path.join(dir, '.lintrc'), 'maxFileSize: 5MB\n');
    const bad = await meshlint(['-f', 'text', 'ok.yaml'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^\.lintrc:1:1: "maxFileSize" must be integer$/m);
  });

  test('binary files, NUL bytes and invalid UTF-8 are reported where the bad byte is', async () => {
    assert.deepEqual(await text('binary.yaml', 'latin1.yaml'), {
      code: 1, stderr: '', stdout: lines(
        'binary.yaml:3:1: error the file holds a NUL byte, which YAML forbids, and was not read [file-unreadable]',
        'latin1.yaml:4:12: error the file is not UTF-8: byte 0xe9 starts no valid character [file-unreadable]',
      ),
    });
  });

  test('UTF-16 with a byte order mark is read', async () => {
    const dir = tree({});
    writeFileSync(path.join(dir, 'le.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BAD_SIDECAR, 'utf16le')]));
    assert.deepEqual(await meshlint(['-f', 'text', '--no-config', 'le.yaml', path.join(HOSTILE, 'utf16-be.yaml')], dir), {
      code: 1, stderr: '',
      stdout: `${path.join(HOSTILE, 'utf16-be.yaml')}:4:3: info Namespace wide has neither "istio-injection" nor "istio.io/rev" [namespace-injection-unset]\n`
        + 'le.yaml:8:5: error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]\n',
    });
  });

  test('standard input gets the same checks', async () => {
    const run = await meshlint(['-f', 'text', '--no-config', '-'], tree({}), new Uint8Array([0x6b, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
    assert.deepEqual(run, { code: 1, stderr: '', stdout: '<stdin>:1:4: error the file is not UTF-8: byte 0xc3 starts no valid character [file-unreadable]\n' });
  });

  test('empty files, comments only, markers only, scalars and lists: nothing to report', async () => {
    assert.deepEqual(await text('empty.yaml', 'only-comments.yaml', 'only-markers.yaml', 'scalar.yaml', 'list.yaml'), { code: 0, stdout: '', stderr: '' });
  });
});

describe('odd shapes of valid YAML', () => {
  test('wrong types in kind and metadata are findings; such objects never reach the rules', async () => {
    const dir = tree({
      'odd.yaml': 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: [a]\nspec: {egress: [{}]}\n---\napiVersion: v1\nkind: [Namespace]\n---\n42\n---\n[a, b]\n',
      'labels.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n  labels:\n${Array.from({ length: 20_000 }, (_, i) => `    k${i}: v${i}\n`).join('')}    nothing:\n`,
    });
    assert.deepEqual(await meshlint(['-f', 'text', '--no-config', '.'], dir), {
      code: 1, stderr: '', stdout: lines(
        'labels.yaml:20006:5: error label "nothing" of Namespace "big" is null, not a string [resource-metadata-invalid]',
        'odd.yaml:3:12: error "metadata" of a Sidecar is a list, not a mapping [resource-metadata-invalid]',
        'odd.yaml:7:8: error "kind" is a list, not a string [resource-metadata-invalid]',
      ),
    });
  });
});

describe('file-system trouble', () => {
  test('broken links, link loops, pipes, a directory named x.yaml, odd names: findings, and the rest is linted', async () => {
    const dir = tree({ 'ok.yaml': BAD_SIDECAR, 'dir with spaces/ünïcødé ☃.yaml': badSidecar('other'), 'x.yaml/inner.txt': 'not yaml' });
    symlinkSync('missing.yaml', path.join(dir, 'broken.yaml'));
    symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    mkdirSync(path.join(dir, 'linked'));
    symlinkSync('..', path.join(dir, 'linked', 'parent'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const listener = 'error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]';
    const expected = lines(
      'broken.yaml:1:1: error cannot read the file: broken symbolic link to "missing.yaml" [file-unreadable]',
      `dir with spaces/ünïcødé ☃.yaml:8:5: ${listener.replace('shop/default', 'other/default')}`,
      'loop-a.yaml:1:1: error cannot read the file: symbolic link loop [file-unreadable]',
      'loop-b.yaml:1:1: error cannot read the file: symbolic link loop [file-unreadable]',
      `ok.yaml:8:5: ${listener}`,
      'pipe.yaml:1:1: error cannot read the file: it is a named pipe, not a regular file [file-unreadable]',
    );
    assert.deepEqual(await meshlint(['-f', 'text', '--no-config', '.'], dir), { code: 1, stderr: '', stdout: expected });
    const named = await meshlint(['-f', 'text', '--no-config', 'broken.yaml', 'loop-a.yaml', 'pipe.yaml', 'x.yaml', 'ok.yaml'], dir);
    assert.equal(named.code, 2, 'a directory without YAML files matches nothing');
    assert.match(named.stderr, /no files match "x\.yaml"/);
    const withoutDir = await meshlint(['-f', 'text', '--no-config', 'broken.yaml', 'loop-a.yaml', 'pipe.yaml', 'ok.yaml'], dir);
    assert.equal(withoutDir.stdout, expected.split('\n').filter((l) => /^(broken|loop-a|pipe|ok)\.yaml/.test(l)).map((l) => `${l}\n`).join(''));
  });

  test('a file deleted while the run is under way', async () => {
    const dir = tree({});
    const { files: [file] } = await load([{ file: 'gone.yaml', from: { path: path.join(dir, 'gone.yaml') } }], { defaultNamespace: 'default', maxFileSize: 1 << 20 });
    assert.deepEqual(file!.problems, [{ message: 'cannot read the file: it was deleted or moved while meshlint ran', line: 1, column: 1, endLine: 1, endColumn: 2, code: 'unreadable' }]);
  });

  test('a file without read permission', () => {
    const dir = tree({ 'secret.yaml': badSidecar('secret'), 'ok.yaml': BAD_SIDECAR });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'secret.yaml'), 0o000);
    // Root reads every file: run as "nobody" then, which only CI's root can do.
    const asRoot = process.getuid?.() === 0;
    const run = spawnSync(process.execPath, [BIN, '-f', 'text', '--no-config', '.'], { cwd: dir, encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    assert.deepEqual(run.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ egress listener .*/, '')), [
      'ok.yaml:8:5: error',
      'secret.yaml:1:1: error cannot read the file: permission denied [file-unreadable]',
    ]);
  });
});

describe('bad configuration and command lines: exit 2 with a precise message', () => {
  const cases: [string, Record<string, string>, string[], RegExp][] = [
    ['an alias bomb in .lintrc', { '.lintrc': `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(', ')}]`).join('\n')}\n` }, ['.'], /^meshlint: invalid configuration:\n\.lintrc:1:1: Excessive alias count/],
    ['.lintrc that is a list', { '.lintrc': '- a\n' }, ['.'], /\.lintrc:1:1: the configuration must be a mapping/],
    ['.lintrc with a NUL byte', { '.lintrc': 'rules: {}\u0000\n' }, ['.'], /^meshlint: invalid configuration:\n\.lintrc:1:/],
    ['a directory without manifests', { 'notes/readme.txt': 'x' }, ['notes'], /no files match "notes"/],
    ['a flag without its value', {}, ['.', '--format'], /argument missing\nRun "meshlint --help"/],
  ];
  for (const [name, files, args, expected] of cases) {
    test(name, async () => {
      const run = await meshlint(['-f', 'text', ...args], tree({ 'a.yaml': BAD_SIDECAR, ...files }));
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, expected);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});
