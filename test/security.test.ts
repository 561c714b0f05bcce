import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { load } from '../src/input/load.js';
import { badSidecar, meshlint, tree } from './support/cli.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

/** A plugin that leaves a file named `ran` beside itself when it is imported: proof that its code ran. */
const MARKING_PLUGIN = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./ran', import.meta.url), 'imported');
export default { meta: { id: 'team-marker', description: 'Report nothing', rationale: 'Marks that plugin code ran.', remediation: 'None.', severity: 'warning', kinds: ['Namespace'] }, check() {} };
`;

/** A repository (a directory holding `.git`) with these files, inside a directory that holds `outer`. */
function repository(files: Record<string, string>, outer: Record<string, string> = {}): { repo: string; outer: string } {
  const dir = tree({ ...outer, ...Object.fromEntries(Object.entries(files).map(([name, text]) => [`repo/${name}`, text])) });
  mkdirSync(path.join(dir, 'repo', '.git'));
  return { repo: path.join(dir, 'repo'), outer: dir };
}

describe('configuration is data first', () => {
  test('the plugin of a rejected configuration never runs', async () => {
    for (const rejected of ['incldue: [x]\n', 'rules: {yaml-syntax: fatal}\n', 'kubernetesVersion: 1.30\n', 'ignore: [{rule: yaml-syntax}]\n']) {
      const { repo } = repository({ '.lintrc': `plugins: [./p.mjs]\n${rejected}`, 'p.mjs': MARKING_PLUGIN, 'ns.yaml': NAMESPACE });
      const run = await meshlint(['ns.yaml'], repo);
      assert.equal(run.code, 2, rejected);
      assert.match(run.stderr, /invalid configuration/);
      assert.equal(existsSync(path.join(repo, 'ran')), false, `plugin ran for ${JSON.stringify(rejected)}`);
    }
  });

  test('--list-rules with a bad configuration runs nothing; with a good one it lists the plugin', async () => {
    const bad = repository({ '.lintrc': 'plugins: [./p.mjs]\nrules: {yaml-syntax: loud}\n', 'p.mjs': MARKING_PLUGIN });
    const refused = await meshlint(['--list-rules'], bad.repo);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    assert.equal(existsSync(path.join(bad.repo, 'ran')), false);
    const good = repository({ '.lintrc': 'plugins: [./p.mjs]\nrules: {team-marker: info}\n', 'p.mjs': MARKING_PLUGIN });
    const listed = await meshlint(['--list-rules'], good.repo);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^team-marker +info\n {4}Report nothing/m);
  });

  test('a rule entry only a plugin defines is checked strictly once the plugin is loaded', async () => {
    const { repo } = repository({ '.lintrc': 'plugins: [./p.mjs]\nrules: {team-markr: info}\n', 'p.mjs': MARKING_PLUGIN, 'ns.yaml': NAMESPACE });
    const run = await meshlint(['ns.yaml'], repo);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^\.lintrc:2:9: unknown rule "team-markr" in "rules" \(did you mean "team-marker"\?\)$/m);
  });

  test('plugins by absolute path, or climbing out of the repository, are refused before anything is imported', async () => {
    const cases: [string, RegExp][] = [
      ['../evil.mjs', /plugin "\.\.\/evil\.mjs" is outside the repository: plugins load only from inside the repository/],
      ['./sub/../../evil.mjs', /is outside the repository/],
      ['./link.mjs', /plugin "\.\/link\.mjs" is outside the repository/],
    ];
    for (const [spec, message] of cases) {
      const { repo, outer } = repository({ '.lintrc': `plugins: [./p.mjs, "${spec}"]\n`, 'p.mjs': MARKING_PLUGIN, 'ns.yaml': NAMESPACE }, { 'evil.mjs': MARKING_PLUGIN });
      symlinkSync(path.join(outer, 'evil.mjs'), path.join(repo, 'link.mjs'));
      const run = await meshlint(['ns.yaml'], repo);
      assert.equal(run.code, 2, spec);
      assert.match(run.stderr, message);
      assert.equal(existsSync(path.join(outer, 'ran')), false, `${spec}: the outside plugin ran`);
      assert.equal(existsSync(path.join(repo, 'ran')), false, `${spec}: a plugin ran before every path was checked`);
    }
    const { repo, outer } = repository({ 'ns.yaml': NAMESPACE }, { 'evil.mjs': MARKING_PLUGIN });
    writeFileSync(path.join(repo, '.lintrc'), `plugins: [${JSON.stringify(path.join(outer, 'evil.mjs'))}]\n`);
    const absolute = await meshlint(['ns.yaml'], repo);
    assert.equal(absolute.code, 2);
    assert.match(absolute.stderr, /is an absolute path/);
    assert.equal(existsSync(path.join(outer, 'ran')), false);
  });

  test('a package plugin comes from the repository\'s own node_modules, never a parent directory\'s', async () => {
    const pkg = { 'node_modules/team-rules/package.json': '{"name": "team-rules", "main": "index.mjs"}\n', 'node_modules/team-rules/index.mjs': MARKING_PLUGIN };
    const inside = repository({ '.lintrc': 'plugins: [team-rules]\n', 'ns.yaml': NAMESPACE, ...pkg });
    const run = await meshlint(['ns.yaml'], inside.repo);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(existsSync(path.join(inside.repo, 'node_modules/team-rules/ran')), true, 'the installed plugin runs');
    const above = repository({ '.lintrc': 'plugins: [team-rules]\n', 'ns.yaml': NAMESPACE }, pkg);
    const refused = await meshlint(['ns.yaml'], above.repo);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /plugin "team-rules" cannot be loaded: no package "team-rules" in .*repo[\\/]node_modules/);
    assert.equal(existsSync(path.join(above.outer, 'node_modules/team-rules/ran')), false);
  });

  test('a .lintrc above the repository root is never read', async () => {
    const outerConfig = { '.lintrc': 'plugins: [./evil.mjs]\nrules: {sidecar-egress-hosts-required: off}\n', 'evil.mjs': MARKING_PLUGIN };
    const { repo, outer } = repository({ 'deploy/bad.yaml': badSidecar() }, outerConfig);
    const run = await meshlint(['-f', 'text', 'bad.yaml'], path.join(repo, 'deploy'));
    assert.equal(run.code, 1, 'the rule the outer .lintrc turns off still reports');
    assert.match(run.stdout, /\[sidecar-egress-hosts-required\]/);
    assert.equal(existsSync(path.join(outer, 'ran')), false);
    // The same tree without .git: the outer directory is then the nearest holder of a .lintrc, and is read.
    const plain = tree({ ...outerConfig, 'repo/deploy/bad.yaml': badSidecar() });
    assert.equal((await meshlint(['-f', 'text', 'bad.yaml'], path.join(plain, 'repo', 'deploy'))).code, 0);
  });

  test('"root: true" is a valid key', async () => {
    const { repo } = repository({ '.lintrc': 'root: true\n', 'ns.yaml': NAMESPACE });
    assert.equal((await meshlint(['ns.yaml'], repo)).code, 0);
    const { repo: wrong } = repository({ '.lintrc': 'root: yes please\n', 'ns.yaml': NAMESPACE });
    assert.match((await meshlint(['ns.yaml'], wrong)).stderr, /^\.lintrc:1:1: "root" must be boolean$/m);
  });

  test('--no-plugins loads none, and says so when a rule then is unknown', async () => {
    const plain = repository({ '.lintrc': 'plugins: [./p.mjs]\n', 'p.mjs': MARKING_PLUGIN, 'ns.yaml': NAMESPACE });
    const run = await meshlint(['--no-plugins', 'ns.yaml'], plain.repo);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^meshlint: plugins are off \(--no-plugins\): "\.\/p\.mjs" not loaded$/m);
    assert.equal(existsSync(path.join(plain.repo, 'ran')), false);
    const configured = repository({ '.lintrc': 'plugins: [./p.mjs]\nrules: {team-marker: error}\n', 'p.mjs': MARKING_PLUGIN, 'ns.yaml': NAMESPACE });
    const refused = await meshlint(['--no-plugins', 'ns.yaml'], configured.repo);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /unknown rule "team-marker" in "rules"\n\.lintrc: plugins are off \(--no-plugins\), so the rules of "\.\/p\.mjs" are unknown/);
    assert.equal(existsSync(path.join(configured.repo, 'ran')), false);
  });
});

describe('the cache cannot go stale', () => {
  test('an edit made while a cached run parses is seen by the next run', async () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`ns-${i}.yaml`, NAMESPACE.replace('shop', `team-${i}`)]));
    const dir = tree(files);
    // As old as a real repository's files: their size and time, not their content, then tell they are unchanged.
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const name of Object.keys(files)) utimesSync(path.join(dir, name), hourAgo, hourAgo);
    const cache = { file: path.join(tree({}), 'c.json'), key: 'k', resultKey: 'r' };
    const inputs = Object.keys(files).sort().map((name) => ({ file: name, from: { path: path.join(dir, name) } }));
    const edited = path.join(dir, inputs[0]!.file);
    const broken = 'apiVersion: v1\nkind: Namespace\nmetadata: [\n';
    const options = { defaultNamespace: 'default', maxFileSize: 1 << 20, jobs: 1, cache };
    const problemsOf = (loaded: Awaited<ReturnType<typeof load>>) => loaded.files.find((f) => f.file === inputs[0]!.file)?.problems.length;

    // One thread parses in batches and reports progress between them: the first file is
    // parsed, then edited (a syntax error, its time still long past) before the run stores it.
    let done = false;
    const first = await load(inputs, {
      ...options,
      onProgress: () => {
        if (done) return;
        done = true;
        writeFileSync(edited, broken);
        const halfHourAgo = new Date(Date.now() - 1800_000);
        utimesSync(edited, halfHourAgo, halfHourAgo);
      },
    });
    assert.ok(done, 'the edit was made during the run');
    assert.equal(problemsOf(first), 0, 'the first run parsed the content from before the edit');
    first.remember([], 0);

    const second = await load(inputs, options);
    assert.equal(second.reuse, undefined, 'a file changed: the last run\'s findings are not reused');
    assert.equal(problemsOf(second), 1, 'the next run sees the syntax error');
  });

  test('a --cache-location that is something other than a meshlint cache is refused and left alone', async () => {
    const dir = tree({ 'ns.yaml': NAMESPACE, 'package.json': '{"name": "precious"}\n', 'victim.txt': 'keep me\n' });
    const refused = await meshlint(['--cache', '--cache-location', 'package.json', 'ns.yaml'], dir);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^meshlint: the cache location .*package\.json is not a meshlint cache; meshlint does not replace it/m);
    assert.equal(readFileSync(path.join(dir, 'package.json'), 'utf8'), '{"name": "precious"}\n');

    symlinkSync(path.join(dir, 'victim.txt'), path.join(dir, 'link.json'));
    const linked = await meshlint(['--cache', '--cache-location', 'link.json', 'ns.yaml'], dir);
    assert.equal(linked.code, 2);
    assert.match(linked.stderr, /link\.json is a symbolic link/);
    assert.equal(readFileSync(path.join(dir, 'victim.txt'), 'utf8'), 'keep me\n');

    // A cache is recognised and reused; its writes leave no temporary file behind.
    assert.equal((await meshlint(['--cache', '--cache-location', 'own.json', 'ns.yaml'], dir)).code, 0);
    assert.equal((await meshlint(['--cache', '--cache-location', 'own.json', 'ns.yaml'], dir)).code, 0);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});

describe('bounded inputs', () => {
  const fifo = (dir: string, name: string) => {
    execFileSync('mkfifo', [path.join(dir, name)]);
    return name;
  };

  test('/dev/zero or a named pipe as baseline is refused at once', { timeout: 60_000 }, async () => {
    const dir = tree({ 'a.yaml': badSidecar() });
    const zero = await meshlint(['--baseline', '/dev/zero', 'a.yaml'], dir);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /^meshlint: the baseline \/dev\/zero is a device, not a regular file$/m);
    const pipe = await meshlint(['--baseline', fifo(dir, 'pipe.json'), 'a.yaml'], dir);
    assert.equal(pipe.code, 2);
    assert.match(pipe.stderr, /the baseline .*pipe\.json is a named pipe, not a regular file/);
  });

  test('a named pipe or a device as .lintrc is refused at once', { timeout: 60_000 }, async () => {
    const dir = tree({ 'a.yaml': NAMESPACE });
    const pipe = await meshlint(['--config', fifo(dir, 'conf.yaml'), 'a.yaml'], dir);
    assert.equal(pipe.code, 2);
    assert.match(pipe.stderr, /the configuration conf\.yaml is a named pipe, not a regular file/);
    const zero = await meshlint(['--config', '/dev/zero', 'a.yaml'], dir);
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /the configuration \/dev\/zero is a device/);
    const cache = await meshlint(['--cache', '--cache-location', fifo(dir, 'c.json'), 'a.yaml'], dir);
    assert.equal(cache.code, 2);
    assert.match(cache.stderr, /the cache location .*c\.json is not a regular file/);
  });

  test('a baseline or .lintrc over 64 MB is refused without being read', async () => {
    const dir = tree({ 'a.yaml': NAMESPACE });
    // Sparse: the size is there at once, the bytes are never written.
    for (const name of ['big.json', 'big.yaml']) {
      writeFileSync(path.join(dir, name), '');
      truncateSync(path.join(dir, name), 64 * 1024 * 1024 + 1);
    }
    const baseline = await meshlint(['--baseline', 'big.json', 'a.yaml'], dir);
    assert.equal(baseline.code, 2);
    assert.match(baseline.stderr, /the baseline .*big\.json is 67108865 bytes, over the limit of 67108864/);
    const config = await meshlint(['--config', 'big.yaml', 'a.yaml'], dir);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /the configuration big\.yaml is 67108865 bytes, over the limit of 67108864/);
  });

  test('every baseline entry is checked, and the first bad one is named by its index', async () => {
    const entry = { rule: 'sidecar-egress-hosts-required', file: 'a.yaml', resource: 'Sidecar shop/default', message: 'm' };
    const cases: [unknown, RegExp][] = [
      [[entry, { ...entry, count: '2' }], /baseline entry 1 \(findings\[1\]\) "count" must be a whole number of at least 1/],
      [[entry, entry, { ...entry, message: 7 }], /baseline entry 2 \(findings\[2\]\) has no string "message"/],
      [[null], /baseline entry 0 \(findings\[0\]\) is not an object/],
      [[{ ...entry, line: 3 }], /baseline entry 0 \(findings\[0\]\) has the unknown key "line"/],
    ];
    for (const [findings, message] of cases) {
      const dir = tree({ 'a.yaml': badSidecar(), 'b.json': JSON.stringify({ version: 1, findings }) });
      const run = await meshlint(['--baseline', 'b.json', 'a.yaml'], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
    }
  });
});
