import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../src/cli/main.js';
import { BAD_SIDECAR, badSidecar, meshlint, tree } from './support/cli.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n';

describe('inputs', () => {
  test('directories are searched recursively for .yaml, .yml and .json; node_modules and .git are skipped', async () => {
    const dir = tree({
      'a/one.yaml': badSidecar('a'), 'b/two.yml': badSidecar('b'), 'c/three.json': JSON.stringify({ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'j' }, spec: { egress: [{}] } }),
      'notes.txt': BAD_SIDECAR, 'node_modules/x/bad.yaml': BAD_SIDECAR, '.git/bad.yaml': BAD_SIDECAR,
    });
    const { code, stdout } = await meshlint(['-f', 'text', '.'], dir);
    assert.equal(code, 1);
    assert.deepEqual(stdout.trim().split('\n').map((l) => l.split(':')[0]), ['a/one.yaml', 'b/two.yml', 'c/three.json']);
  });

  test('glob patterns', async () => {
    const dir = tree({ 'a/one.yaml': badSidecar('a'), 'b/two.yaml': BAD_SIDECAR });
    const { stdout } = await meshlint(['-f', 'text', 'b/*.yaml'], dir);
    assert.equal(stdout, 'b/two.yaml:8:5: error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]\n');
  });

  test('stdin with --stdin-filename', async () => {
    const dir = tree({});
    const { code, stdout } = await meshlint(['-f', 'text', '--stdin-filename', 'deploy/sidecar.yaml', '-'], dir, BAD_SIDECAR);
    assert.equal(code, 1);
    assert.match(stdout, /^deploy\/sidecar\.yaml:8:5: error /);
    const unnamed = await meshlint(['-f', 'text', '-'], dir, BAD_SIDECAR);
    assert.match(unnamed.stdout, /^<stdin>:8:5: /);
  });

  test('a path that matches nothing is a usage error', async () => {
    const { code, stderr } = await meshlint(['missing/', 'nothing-*.yaml'], tree({}));
    assert.equal(code, 2);
    assert.match(stderr, /no files match "missing\/", "nothing-\*\.yaml"/);
  });

  test('include and exclude from .lintrc', async () => {
    const dir = tree({
      '.lintrc': 'include: ["deploy/**/*.yaml"]\nexclude: ["deploy/vendor/**"]\n',
      'deploy/app.yaml': badSidecar('app'), 'deploy/vendor/chart.yaml': badSidecar('vendor'), 'other/x.yaml': badSidecar('other'),
    });
    const viaInclude = await meshlint(['-f', 'text'], path.join(dir, 'deploy'));
    assert.deepEqual(viaInclude.stdout.trim().split('\n').map((l) => l.split(':')[0]), ['app.yaml']);
    const explicit = await meshlint(['-f', 'text', '--verbose', 'deploy/vendor/chart.yaml', 'other/x.yaml'], dir);
    assert.deepEqual(explicit.stdout.trim().split('\n').map((l) => l.split(':')[0]), ['other/x.yaml']);
    assert.match(explicit.stderr, /deploy\/vendor\/chart\.yaml: excluded by the configuration/);
  });

  test('--verbose says which documents are not resources', async () => {
    const dir = tree({ 'values.yaml': 'replicaCount: 1\n', 'kustomization.yaml': 'resources: [a.yaml]\n' });
    const quiet = await meshlint(['-f', 'text', '.'], dir);
    assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [0, '', '']);
    const verbose = await meshlint(['-f', 'text', '-v', '.'], dir);
    assert.match(verbose.stderr, /kustomization\.yaml: document 1 skipped: no apiVersion/);
  });
});

describe('exit codes', () => {
  const dir = tree({ 'bad.yaml': BAD_SIDECAR, 'ok.yaml': NAMESPACE });
  for (const format of ['pretty', 'text', 'json', 'sarif', 'github']) {
    test(`${format}: 1 with errors, 0 when clean`, async () => {
      assert.equal((await meshlint(['-f', format, 'bad.yaml'], dir)).code, 1);
      assert.equal((await meshlint(['-f', format, 'ok.yaml'], dir)).code, 0);
    });
  }

  test('--fail-on and --max-warnings', async () => {
    const warnDir = tree({ '.lintrc': 'rules:\n  sidecar-egress-hosts-required: warning\n', 'bad.yaml': BAD_SIDECAR });
    assert.equal((await meshlint(['-f', 'text', 'bad.yaml'], warnDir)).code, 0);
    assert.equal((await meshlint(['-f', 'text', '--fail-on', 'warning', 'bad.yaml'], warnDir)).code, 1);
    assert.equal((await meshlint(['-f', 'text', '--max-warnings', '0', 'bad.yaml'], warnDir)).code, 1);
    assert.equal((await meshlint(['-f', 'text', '--max-warnings', '1', 'bad.yaml'], warnDir)).code, 0);
    const infoDir = tree({ '.lintrc': 'rules:\n  sidecar-egress-hosts-required: info\n', 'bad.yaml': BAD_SIDECAR });
    assert.equal((await meshlint(['-f', 'text', '--fail-on', 'warning', 'bad.yaml'], infoDir)).code, 0);
    assert.equal((await meshlint(['-f', 'text', '--fail-on', 'info', 'bad.yaml'], infoDir)).code, 1);
  });

  test('usage errors exit 2 with one line and a pointer to --help', async () => {
    for (const args of [['--bogus'], ['-f', 'xml', '.'], ['--fail-on', 'fatal', '.'], ['--max-warnings', '-1', '.'], ['--config', 'a', '--no-config']]) {
      const { code, stderr } = await meshlint(args, dir);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^meshlint: [^\n]+\nRun "meshlint --help" for the options\.\n$/);
    }
  });

  test('a rule turned off reports nothing', async () => {
    const off = tree({ '.lintrc': 'rules:\n  sidecar-egress-hosts-required: off\n', 'bad.yaml': BAD_SIDECAR });
    assert.deepEqual(await meshlint(['-f', 'text', '.'], off), { code: 0, stdout: '', stderr: '' });
  });
});

describe('configuration errors', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown key', 'rules: {}\nincldue: [x]\n', /^\.lintrc:2:1: unknown key "incldue" in the configuration$/m],
    ['unknown rule', 'rules:\n  no-such-rule: error\n', /^\.lintrc:2:3: unknown rule "no-such-rule" in "rules"$/m],
    ['bad severity', 'rules:\n  yaml-syntax: fatal\n', /^\.lintrc:2:3: "rules\.yaml-syntax" must be one of "error", "warning", "info", "off"$/m],
    ['wrong type', 'kubernetesVersion: 1.30\n', /^\.lintrc:1:1: "kubernetesVersion" must be string$/m],
    ['bad enum', 'mesh:\n  flavor: linkerd\n', /^\.lintrc:2:3: "mesh\.flavor" must be one of "istio", "asm", "anthos"$/m],
    ['invalid YAML', 'rules:\n  yaml-syntax: [error\n', /^\.lintrc:3:1: /m],
    ['unknown option', 'rules:\n  yaml-syntax: {severity: error, options: {depth: 3}}\n', /^\.lintrc:2:44: unknown option "depth" in "rules\.yaml-syntax\.options"$/m],
  ];
  for (const [name, text, expected] of cases) {
    test(name, async () => {
      const dir = tree({ '.lintrc': text, 'a.yaml': NAMESPACE });
      const { code, stdout, stderr } = await meshlint(['-f', 'text', '.'], dir);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, expected);
    });
  }

  test('--config names the file; it is found by walking up otherwise', async () => {
    const dir = tree({ 'conf/strict.yaml': 'rules:\n  sidecar-egress-hosts-required: warning\n', '.lintrc.yaml': 'rules:\n  sidecar-egress-hosts-required: off\n', 'sub/deep/bad.yaml': BAD_SIDECAR });
    const walked = await meshlint(['-f', 'text', 'bad.yaml'], path.join(dir, 'sub/deep'));
    assert.equal(walked.stdout, '');
    const given = await meshlint(['-f', 'text', '-c', 'conf/strict.yaml', 'sub/deep/bad.yaml'], dir);
    assert.match(given.stdout, /: warning /);
    const none = await meshlint(['-f', 'text', '--no-config', 'bad.yaml'], path.join(dir, 'sub/deep'));
    assert.match(none.stdout, /: error /);
  });
});

describe('plugins', () => {
  const PLUGIN = `export default [{
  meta: { id: 'team-owner-label', description: 'Require an owner label', rationale: 'Pages must reach the owning team quickly.', remediation: 'Add metadata.labels.owner.', severity: 'warning', kinds: ['Namespace'] },
  check(ns, ctx) { if (!ns.body.metadata.labels?.owner) ctx.report({ message: ns.ref + ' has no "owner" label', at: ['metadata'] }); },
}, {
  meta: { id: 'team-explodes', description: 'Throw on every Namespace', rationale: 'Exercises the engine.', remediation: 'None.', severity: 'error', kinds: ['Namespace'] },
  check() { throw new TypeError('boom'); },
}];
`;
  test('plugin rules run; a rule that throws is reported and the run exits 2 after printing everything', async () => {
    const dir = tree({ '.lintrc': 'plugins: [./rules/team.mjs]\n', 'rules/team.mjs': PLUGIN, 'ns.yaml': NAMESPACE, 'bad.yaml': BAD_SIDECAR });
    const { code, stdout, stderr } = await meshlint(['-f', 'text', 'ns.yaml', 'bad.yaml'], dir);
    assert.equal(code, 2);
    assert.equal(stdout, [
      'bad.yaml:8:5: error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]',
      'ns.yaml:3:1: warning Namespace shop has no "owner" label [team-owner-label]',
      'ns.yaml:4:3: error rule "team-explodes" failed on Namespace shop: boom; this is a bug in the rule [team-explodes]',
      '',
    ].join('\n'));
    assert.match(stderr, /1 rule failure/);
  });

  test('a rule may lower a finding below the configured severity, never raise it', async () => {
    const plugin = `export default { meta: { id: 'team-unsure', description: 'Report with less certainty', rationale: 'Weak evidence deserves a weaker finding.', remediation: 'None.', severity: 'error', kinds: ['Namespace'] },
  check(ns, ctx) { ctx.report({ message: 'maybe', severity: 'warning' }); } };\n`;
    const severityWith = async (configured: string) => {
      const dir = tree({ '.lintrc': `plugins: [./p.mjs]\nrules: {team-unsure: ${configured}}\n`, 'p.mjs': plugin, 'ns.yaml': NAMESPACE });
      return JSON.parse((await meshlint(['-f', 'json', 'ns.yaml'], dir)).stdout).map((f: { severity: string }) => f.severity);
    };
    assert.deepEqual(await severityWith('error'), ['warning']);
    assert.deepEqual(await severityWith('info'), ['info']);
  });

  test('a plugin that does not exist, or throws at load, is a configuration error', async () => {
    const missing = await meshlint(['.'], tree({ '.lintrc': 'plugins: [./nope.mjs]\n', 'a.yaml': NAMESPACE }));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /plugin "\.\/nope\.mjs" cannot be loaded: not found/);
    const throwing = await meshlint(['.'], tree({ '.lintrc': 'plugins: [./bad.mjs]\n', 'bad.mjs': 'throw new Error("cannot start");\n', 'a.yaml': NAMESPACE }));
    assert.equal(throwing.code, 2);
    assert.match(throwing.stderr, /plugin "\.\/bad\.mjs" cannot be loaded: cannot start/);
    const notRule = await meshlint(['.'], tree({ '.lintrc': 'plugins: [./x.mjs]\n', 'x.mjs': 'export default 42;\n', 'a.yaml': NAMESPACE }));
    assert.match(notRule.stderr, /exports something that is not a rule/);
  });
});

describe('suppression', () => {
  const twoSidecars = (first: string, second = '') => `${first}apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: a
  namespace: shop
spec:
  egress:
${second}  - port: {number: 80}
`;
  const run = async (text: string, args: string[] = []) => meshlint(['-f', 'json', ...args, 'x.yaml'], tree({ 'x.yaml': text }));

  test('next-line comment', async () => {
    const { code, stdout } = await run(twoSidecars('', '  # meshlint-disable-next-line sidecar-egress-hosts-required -- filled in by the overlay\n'));
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), []);
  });

  test('document comment, and only for that document', async () => {
    const text = `${twoSidecars('# meshlint-disable sidecar-egress-hosts-required -- generated\n')}---\n${twoSidecars('').replace('namespace: shop', 'namespace: other')}`;
    const { stdout } = await run(text);
    assert.deepEqual(JSON.parse(stdout).map((f: { line: number }) => f.line), [18]);
  });

  test('a comment for another rule suppresses nothing, and is reported as unused on request', async () => {
    const text = twoSidecars('', '  # meshlint-disable-next-line yaml-syntax\n');
    const { stdout } = await run(text, ['--report-unused-disable-directives']);
    assert.deepEqual(JSON.parse(stdout).map((f: { ruleId: string; line: number }) => `${f.line} ${f.ruleId}`), ['8 unused-disable-directive', '9 sidecar-egress-hosts-required']);
  });

  test('meshlint.io/ignore annotation', async () => {
    const text = twoSidecars('').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    meshlint.io/ignore: "sidecar-egress-hosts-required -- hosts come from the mesh default"\n');
    assert.deepEqual(JSON.parse((await run(text)).stdout), []);
  });

  test("Istio's galley.istio.io/analyze-suppress, for rules with that code", async () => {
    const suppressed = twoSidecars('').replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    galley.istio.io/analyze-suppress: "IST0102,IST0106"\n');
    assert.deepEqual(JSON.parse((await run(suppressed)).stdout), []);
    const other = suppressed.replace('IST0102,IST0106', 'IST0102');
    assert.equal(JSON.parse((await run(other)).stdout).length, 1);
  });

  test('.lintrc ignore entries by resource glob and file glob', async () => {
    const byResource = tree({ '.lintrc': 'ignore:\n  - {rule: sidecar-egress-hosts-required, resource: "Sidecar shop/*", reason: legacy}\n', 'x.yaml': BAD_SIDECAR });
    assert.equal((await meshlint(['-f', 'text', '.'], byResource)).code, 0);
    const byOtherResource = tree({ '.lintrc': 'ignore:\n  - {rule: "*", resource: "Sidecar prod/*", reason: legacy}\n', 'x.yaml': BAD_SIDECAR });
    assert.equal((await meshlint(['-f', 'text', '.'], byOtherResource)).code, 1);
    const byFile = tree({ '.lintrc': 'ignore:\n  - {rule: "*", file: "vendor/**", reason: vendored}\n', 'vendor/x.yaml': BAD_SIDECAR });
    assert.equal((await meshlint(['-f', 'text', '.'], byFile)).code, 0);
  });

  test('suppressed findings are carried in SARIF with their justification', async () => {
    const { stdout } = await run(twoSidecars('', '  # meshlint-disable-next-line sidecar-egress-hosts-required -- filled in by the overlay\n'), ['-f', 'sarif']);
    const [result] = JSON.parse(stdout).runs[0].results;
    assert.deepEqual(result.suppressions, [{ kind: 'inSource', justification: 'filled in by the overlay' }]);
  });
});

describe('output', () => {
  test('-o writes the report to a file and nothing to stdout', async () => {
    const dir = tree({ 'bad.yaml': BAD_SIDECAR });
    const { code, stdout } = await meshlint(['-f', 'json', '-o', 'report.json', '.'], dir);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'))[0].ruleId, 'sidecar-egress-hosts-required');
  });

  test('--list-rules shows each rule with its effective severity', async () => {
    const { code, stdout } = await meshlint(['--list-rules'], tree({ '.lintrc': 'rules: {yaml-syntax: warning}\n' }));
    assert.equal(code, 0);
    assert.match(stdout, /^sidecar-egress-hosts-required\s+error\s+IST0106\n {4}Require at least one host/m);
    assert.match(stdout, /^yaml-syntax\s+warning\n {4}Report files/m);
  });

  test('--version and --help', async () => {
    const dir = tree({});
    assert.match((await meshlint(['--version'], dir)).stdout, /^\d+\.\d+\.\d+\n$/);
    assert.match((await meshlint(['--help'], dir)).stdout, /Exit codes: 0/);
  });
});

describe('progress', () => {
  test('drawn on a terminal for pretty output after the delay, erased at the end; never otherwise', async () => {
    const { Progress } = await import('../src/cli/progress.js');
    let out = '';
    const progress = new Progress((t) => { out += t; }, 0);
    progress.update(3, 10);
    progress.done();
    assert.equal(out, '\r\u001b[Kmeshlint: reading 3/10 files\r\u001b[K');
    let quiet = '';
    const late = new Progress((t) => { quiet += t; }, 60_000);
    late.update(3, 10);
    late.done();
    assert.equal(quiet, '', 'nothing before the delay, and nothing to erase');
    // Through the CLI: a JSON run on a terminal writes nothing to stderr.
    const dir = tree({ 'a.yaml': BAD_SIDECAR });
    let stderr = '';
    await main(['-f', 'json', '.'], { cwd: dir, stdout: () => {}, stderr: (t) => { stderr += t; }, readStdin: async () => '', stderrIsTTY: true });
    assert.equal(stderr, '');
  });
});
