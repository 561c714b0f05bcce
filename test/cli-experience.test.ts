import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { colorChoice } from '../src/cli/terminal.js';
import { main } from '../src/cli/main.js';
import { closest } from '../src/model/suggest.js';
import { BAD_SIDECAR, badSidecar, meshlint, tree } from './support/cli.js';
import { repoRoot } from './support/repo-root.js';

/** Runs the CLI as a terminal of this width would, with this environment. */
async function onTerminal(args: string[], cwd: string, { columns = 80, env = {}, isTTY = true } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '', stdoutIsTTY: isTTY, columns, env });
  return { code, stdout, stderr };
}

const ESC = /\u001b/;
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007]*\u0007/g, '');
/** Lines wider than `width` that are not a path or a URL alone (which cannot be wrapped). */
const wide = (text: string, width: number) => plain(text).split('\n').filter((l) => l.length > width && !/^\s*\S+$/.test(l));

describe('pretty output', () => {
  test('on the examples at 80 and 120 columns: no line wider than the terminal but a path, files in path order', async () => {
    for (const columns of [80, 120]) {
      const { code, stdout } = await onTerminal(['examples'], repoRoot(), { columns });
      assert.equal(code, 1);
      assert.deepEqual(wide(stdout, columns), [], `${columns} columns`);
      const files = plain(stdout).split('\n').filter((l) => /^examples\//.test(l));
      assert.ok(files.length >= 5);
      assert.deepEqual(files, [...files].sort());
      assert.match(plain(stdout), /^ {2}16:28 {2}error {4}restartPolicy "always" of init container/m);
      // Each finding on at most three rows: its header row and what follows up to the next finding or file.
      const rows = plain(stdout).split('\n\n').slice(0, -1).flatMap((block) => block.split('\n').slice(1).join('\n').split(/\n(?= {2}\d+:\d+ )/));
      assert.ok(rows.length >= 8);
      if (columns === 80) for (const finding of rows) assert.ok(finding.split('\n').length <= 3, finding);
      assert.match(plain(stdout), /^Run with --verbose to see how to fix each one\.$/m);
      assert.match(plain(stdout), /^\d+ of them can be fixed with --fix \(--fix-dry-run shows how\)$/m);
    }
  });

  test('severity as it is: info is not a warning, and the summary counts each', async () => {
    const dir = tree({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: quiet}\n', 'bad.yaml': BAD_SIDECAR });
    const { stdout } = await meshlint(['-f', 'pretty', '.'], dir);
    assert.match(stdout, /^ {2}3:\d+ {2}info {5}Namespace quiet [^]*?namespace-injection-unset$/m);
    assert.match(stdout, /^1 error, 0 warnings, 1 info in 2 files$/m);
    assert.equal((await meshlint(['--max-warnings', '0', '--rule', 'sidecar-egress-hosts-required:off', 'ns.yaml'], dir)).code, 0, 'an info is not a warning');
  });

  test('the hint on its own line with --verbose, docs links as plain text unless the terminal shows hyperlinks', async () => {
    const dir = tree({ 'bad.yaml': BAD_SIDECAR });
    const { stdout } = await meshlint(['--verbose', 'bad.yaml'], dir);
    assert.match(stdout, /^ {2}\d+:\d+ {2}error {4}egress listener 1 of Sidecar shop\/default has no "hosts"\n {4}sidecar-egress-hosts-required\n {4}Istio rejects/m);
    assert.doesNotMatch((await meshlint(['bad.yaml'], dir)).stdout, /Istio rejects/, 'hints only with --verbose');
    assert.match(stdout, /^Rule documentation:\n {2}sidecar-egress-hosts-required\n {4}https:\/\/\S+sidecar-egress-hosts-required\.md$/m);
    const tmux = await onTerminal(['bad.yaml'], dir, { env: { TMUX: '/tmp/tmux-0/default', TERM_PROGRAM: 'iTerm.app' } });
    assert.doesNotMatch(tmux.stdout, /\u001b\]8;;/, 'no OSC 8 inside tmux');
    assert.match(tmux.stdout, /Rule documentation:/);
    const iterm = await onTerminal(['bad.yaml'], dir, { env: { TERM_PROGRAM: 'iTerm.app' } });
    assert.match(iterm.stdout, /\u001b\]8;;https:\/\/\S+sidecar-egress-hosts-required\.md\u0007/);
    assert.doesNotMatch(iterm.stdout, /Rule documentation:/);
  });

  test('colour only on a terminal or with FORCE_COLOR; --color, --no-color and NO_COLOR decide', async () => {
    const dir = tree({ 'bad.yaml': BAD_SIDECAR });
    assert.match((await onTerminal(['bad.yaml'], dir)).stdout, ESC);
    assert.doesNotMatch((await onTerminal(['bad.yaml'], dir, { isTTY: false })).stdout, ESC, 'a pipe');
    assert.match((await onTerminal(['bad.yaml'], dir, { isTTY: false, env: { FORCE_COLOR: '1' } })).stdout, ESC);
    assert.doesNotMatch((await onTerminal(['bad.yaml'], dir, { env: { NO_COLOR: '1' } })).stdout, ESC);
    assert.doesNotMatch((await onTerminal(['--no-color', 'bad.yaml'], dir)).stdout, ESC);
    assert.match((await onTerminal(['--color', 'bad.yaml'], dir, { isTTY: false })).stdout, ESC);
    // -o writes a file: no colour whatever the terminal.
    await onTerminal(['-o', 'report.txt', 'bad.yaml'], dir);
    assert.doesNotMatch(readFileSync(path.join(dir, 'report.txt'), 'utf8'), ESC);
    assert.deepEqual(colorChoice({ flag: undefined, isTTY: true, env: { TERM: 'dumb' } }), { color: false, hyperlinks: false });
  });
});

describe('--help and --list-rules', () => {
  test('fit 80 columns', async () => {
    const help = (await meshlint(['--help'], tree({}))).stdout;
    assert.deepEqual(help.split('\n').filter((l) => l.length > 80), []);
    const list = (await meshlint(['--list-rules'], tree({}))).stdout;
    assert.deepEqual(wide(list, 80), []);
    assert.match(list, /^init-container-restart-policy +error +fixable$/m);
  });

  test('--list-rules -f json has each rule with its severity, fixability and docs URL', async () => {
    const { code, stdout } = await meshlint(['--list-rules', '-f', 'json', '--rule', 'yaml-syntax:info'], tree({}));
    assert.equal(code, 0);
    const rules = JSON.parse(stdout) as { id: string; severity: string; fixable: boolean; docs: string }[];
    const syntax = rules.find((r) => r.id === 'yaml-syntax')!;
    assert.equal(syntax.severity, 'info');
    assert.match(syntax.docs, /^https:\/\/\S+\/rules\/docs\/yaml-syntax\.md$/);
    assert.equal(rules.find((r) => r.id === 'workload-inject-annotation-deprecated')!.fixable, true);
  });
});

describe('usage errors and suggestions', () => {
  test('one line and a pointer to --help, with "did you mean" for flags, formats and rule ids', async () => {
    const dir = tree({ 'bad.yaml': BAD_SIDECAR });
    const cases: [string[], RegExp][] = [
      [['--formt', 'text'], /unknown option "--formt" \(did you mean "--format"\?\)/],
      [['-f', 'sarf'], /unknown format "sarf" \(did you mean "sarif"\?\)/],
      [['--rule', 'sidecar-egres-hosts-required:off'], /--rule: unknown rule "sidecar-egres-hosts-required" \(did you mean "sidecar-egress-hosts-required"\?\)/],
      [['--rule', 'yaml-syntax'], /--rule takes ID:SEVERITY/],
      [['--rule', 'yaml-syntax:loud'], /--rule takes ID:SEVERITY/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await meshlint([...args, 'bad.yaml'], dir);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
      assert.equal(stderr.split('\n').length, 3, stderr);
      assert.match(stderr, /\nRun "meshlint --help" for the options\.\n$/);
    }
    assert.equal(closest('xyz', ['sidecar-default-unique']), undefined);
  });

  test('an unknown rule in .lintrc is reported at its position with a suggestion', async () => {
    const { code, stderr } = await meshlint(['.'], tree({ '.lintrc': 'rules:\n  sidecar-defualt-unique: off\n', 'a.yaml': BAD_SIDECAR }));
    assert.equal(code, 2);
    assert.match(stderr, /^\.lintrc:2:3: unknown rule "sidecar-defualt-unique" in "rules" \(did you mean "sidecar-default-unique"\?\)$/m);
    const ignored = await meshlint(['.'], tree({ '.lintrc': 'ignore:\n  - {rule: sidecar-egress-host-requried, reason: legacy}\n', 'a.yaml': BAD_SIDECAR }));
    assert.match(ignored.stderr, /"ignore\.0\.rule" must be one of the rule ids \(did you mean "sidecar-egress-hosts-required"\?\)$/m);
  });

  test('an unknown rule id in a disable comment is reported by default', async () => {
    const dir = tree({ 'a.yaml': `# meshlint-disable sidecar-egress-host-required -- legacy\n${BAD_SIDECAR}` });
    const { code, stdout } = await meshlint(['-f', 'text', 'a.yaml'], dir);
    assert.equal(code, 1);
    assert.match(stdout, /^a\.yaml:1:1: warning disable directive names the unknown rule "sidecar-egress-host-required" \(did you mean "sidecar-egress-hosts-required"\?\) \[disable-directive-rule-unknown\]$/m);
  });
});

describe('familiar flags', () => {
  test('--rule id:severity (repeatable) and --quiet', async () => {
    const dir = tree({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: quiet}\n', 'bad.yaml': BAD_SIDECAR });
    const both = await meshlint(['-f', 'text', '--rule', 'namespace-injection-unset:error', '--rule', 'sidecar-egress-hosts-required:warning', '.'], dir);
    assert.match(both.stdout, /^bad\.yaml:8:5: warning .*\[sidecar-egress-hosts-required\]$/m);
    assert.match(both.stdout, /^ns\.yaml:3:\d+: error .*\[namespace-injection-unset\]$/m);
    const quiet = await meshlint(['-f', 'text', '--quiet', '.'], dir);
    assert.deepEqual(quiet.stdout.trim().split('\n').map((l) => l.split(':')[0]), ['bad.yaml']);
    const off = await meshlint(['-f', 'text', '--rule', 'sidecar-egress-hosts-required:off', 'bad.yaml'], dir);
    assert.deepEqual([off.code, off.stdout], [0, '']);
  });

  test('--print-config FILE prints the configuration that applies, as JSON', async () => {
    const dir = tree({ '.lintrc': 'exclude: ["vendor/**"]\nkubernetesVersion: "1.30"\nrules: {yaml-syntax: warning}\n', 'vendor/x.yaml': BAD_SIDECAR });
    const { code, stdout } = await meshlint(['--print-config', 'vendor/x.yaml', '--rule', 'sidecar-default-unique:off'], dir);
    assert.equal(code, 0);
    const printed = JSON.parse(stdout);
    assert.equal(printed.file, 'vendor/x.yaml');
    assert.equal(printed.excluded, true);
    assert.equal(printed.settings.kubernetesVersion, '1.30');
    assert.equal(printed.rules['yaml-syntax'].severity, 'warning');
    assert.equal(printed.rules['sidecar-default-unique'], 'off');
    assert.match(printed.configFile, /\.lintrc$/);
  });

  test('--no-error-on-unmatched-pattern skips globs that match nothing', async () => {
    const dir = tree({ 'a/bad.yaml': BAD_SIDECAR });
    assert.equal((await meshlint(['a', 'missing/*.yaml'], dir)).code, 2);
    const skipped = await meshlint(['-f', 'text', '--no-error-on-unmatched-pattern', 'a', 'missing/*.yaml'], dir);
    assert.equal(skipped.code, 1, skipped.stderr);
    assert.match(skipped.stdout, /^a\/bad\.yaml:8:5: /);
  });

  test('-o creates missing directories and keeps the findings', async () => {
    const dir = tree({ 'bad.yaml': BAD_SIDECAR });
    const { code, stderr } = await meshlint(['-f', 'sarif', '-o', 'nodir/deeper/out.sarif', 'bad.yaml'], dir);
    assert.equal(code, 1, stderr);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'nodir/deeper/out.sarif'), 'utf8')).runs[0].results.length, 1);
  });

  test('brace globs work as in shells, over files and directories', async () => {
    const dir = tree({ 'deploy/infra/app.yaml': badSidecar('infra'), 'deploy/shop/app.yaml': badSidecar('shop'), 'deploy/other/app.yaml': badSidecar('other') });
    const files = async (pattern: string) => (await meshlint(['-f', 'text', pattern], dir)).stdout.trim().split('\n').map((l) => l.split(':')[0]);
    assert.deepEqual(await files('deploy/{infra,shop}/app.yaml'), ['deploy/infra/app.yaml', 'deploy/shop/app.yaml']);
    assert.deepEqual(await files('deploy/{infra,other}'), ['deploy/infra/app.yaml', 'deploy/other/app.yaml']);
    assert.deepEqual(await files('deploy/*/{app,none}.yaml'), ['deploy/infra/app.yaml', 'deploy/other/app.yaml', 'deploy/shop/app.yaml']);
  });
});

describe('editor configuration and cache', () => {
  test('init writes the yaml-language-server schema line; the README tells it', async () => {
    const dir = tree({ 'deploy/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' });
    assert.equal((await meshlint(['init', dir], dir)).code, 0);
    const written = readFileSync(path.join(dir, '.lintrc'), 'utf8');
    assert.match(written.split('\n')[0]!, /^# yaml-language-server: \$schema=https:\/\/raw\.githubusercontent\.com\/meshlint\/meshlint\/main\/schemas\/lintrc\.schema\.json$/);
    const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
    assert.ok(readme.includes('# yaml-language-server: $schema='));
  });

  test('the published schema accepts plugin rule ids when plugins are named, and only then', async () => {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(path.join(repoRoot(), 'schemas/lintrc.schema.json'), 'utf8'));
    const check = new Ajv.default({ strict: false }).compile(schema);
    assert.equal(check({ plugins: ['./team.mjs'], rules: { 'team-marker': 'warning', 'yaml-syntax': 'off' } }), true, JSON.stringify(check.errors));
    assert.equal(check({ rules: { 'team-marker': 'warning' } }), false);
    assert.equal(check({ plugins: ['./team.mjs'], rules: { 'Not An Id': 'warning' } }), false);
    assert.equal(check({ rules: { 'yaml-syntax': 'loud' } }), false);
  });

  test('the default cache is one directory that git status does not show: inside .git without node_modules', async () => {
    const repo = tree({ 'a.yaml': BAD_SIDECAR });
    mkdirSync(path.join(repo, '.git'));
    await meshlint(['--cache', 'a.yaml'], repo);
    assert.ok(existsSync(path.join(repo, '.git/meshlint-cache/cache.json')));
    assert.equal(existsSync(path.join(repo, 'node_modules')), false);
    const withModules = tree({ 'a.yaml': BAD_SIDECAR, 'node_modules/.keep': '' });
    mkdirSync(path.join(withModules, '.git'));
    await meshlint(['--cache', 'a.yaml'], withModules);
    assert.ok(existsSync(path.join(withModules, 'node_modules/.cache/meshlint/cache.json')));
    // --cache-location is the one directory: nothing is written beside it.
    const elsewhere = tree({ 'a.yaml': BAD_SIDECAR });
    await meshlint(['--cache', '--cache-location', 'c/mesh', 'a.yaml'], elsewhere);
    assert.deepEqual((await import('node:fs')).readdirSync(path.join(elsewhere, 'c')), ['mesh']);
    writeFileSync(path.join(elsewhere, 'file'), '');
    assert.equal((await meshlint(['--cache', '--cache-location', 'file', 'a.yaml'], elsewhere)).code, 2);
  });
});
