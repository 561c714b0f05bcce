import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { runAction } from '../src/cli/action.js';
import { BAD_SIDECAR, badSidecar } from './support/cli.js';
import { repoRoot } from './support/repo-root.js';
import { skipWithout } from './support/tools.js';

interface Step { name: string; id?: string; shell?: string; run?: string; uses?: string; if?: string; env?: Record<string, string> }
interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parse(readFileSync(join(repoRoot(), 'action.yml'), 'utf8')) as Action;

/**
 * Evaluates a default as the runner does, for the one expression form the defaults use,
 * `${{ github.<path> && 'a' || 'b' }}`, against this event's payload.
 */
function evaluate(text: string, event: object): string {
  return text.replace(/^\$\{\{\s*github\.event\.([\w.]+)\s*&&\s*'(\w*)'\s*\|\|\s*'(\w*)'\s*\}\}$/, (_, at: string, then: string, otherwise: string) => {
    const value = at.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown> | null | undefined)?.[key], event);
    return value ? then : otherwise;
  });
}

/** Replaces the `${{ inputs.x }}` expressions the action's steps use. */
function expand(text: string, inputs: Record<string, string>, event: object = {}): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
    assert.ok(name in action.inputs, `the action has no input "${name}"`);
    return inputs[name] ?? evaluate(action.inputs[name]!.default, event);
  });
}

// The action as a workflow gets it from a release ref (see scripts/action-release.mjs).
const actionPath = mkdtempSync(join(tmpdir(), 'meshlint-action-'));
const temp = mkdtempSync(join(tmpdir(), 'meshlint-action-run-'));
after(() => {
  rmSync(actionPath, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

interface StepRun { status: number; stdout: string; stderr: string; ms: number }
let runs = 0;

/** Runs the steps as the runner does: bash -e, in the workspace, with GITHUB_* files in a temporary folder. */
function runSteps(steps: Step[], workspace: string, inputs: Record<string, string> = {}, event: object = {}, actionDir = actionPath) {
  const dir = join(temp, String(runs++));
  mkdirSync(dir);
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_ENV: join(dir, 'env'), GITHUB_PATH: join(dir, 'path') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const results: StepRun[] = [];
  for (const step of steps) {
    // actions/cache: the test runs from an empty cache, where it restores nothing.
    if (step.uses) { assert.match(step.uses, /^actions\/cache@v\d+$/); continue; }
    assert.equal(step.shell, 'bash');
    const env: NodeJS.ProcessEnv = {
      ...process.env, ...files,
      GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_ACTION_PATH: actionPath,
      GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/mesh', GITHUB_SHA: '0123abc', RUNNER_TEMP: dir,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), inputs, event)])),
    };
    const start = Date.now();
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run!, inputs, event)], { cwd: workspace, env: { ...env, GITHUB_ACTION_PATH: actionDir }, encoding: 'utf8', timeout: 300_000 });
    results.push({ status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - start });
    if (r.status !== 0) break;
  }
  const outputs = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  return { results, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(temp, 'workspace-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const step = (id: string) => action.runs.steps.find((s) => s.id === id || s.name === id)!;
const setup = () => action.runs.steps.slice(0, -1);

/** Bytes of a directory tree, as `du` counts file contents. */
function treeBytes(dir: string): number {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(r.stdout.split(/\s/)[0]);
}

// A release ref of the action as scripts/action-release.mjs writes it; the lint tests use it.
describe('action.yml, run step by step as the runner would', { skip: skipWithout('git') }, () => {
  const lint = step('lint');
  let setupRun: StepRun[];
  let downloadBytes = 0;

  before(() => {
    const release = spawnSync(process.execPath, [join(repoRoot(), 'scripts/action-release.mjs'), actionPath], { cwd: repoRoot(), encoding: 'utf8', timeout: 300_000 });
    assert.equal(release.status, 0, release.stderr);
    // What the runner downloads for the action: the ref's tree, compressed.
    const tarball = join(temp, 'action.tar.gz');
    assert.equal(spawnSync('tar', ['-czf', tarball, '-C', actionPath, '.']).status, 0);
    downloadBytes = statSync(tarball).size;
    setupRun = runSteps(setup(), temp).results;
  });

  test('a composite action: prepare, cache, install, then lint with the inputs passed as INPUT_* variables', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).sort(), ['category', 'config', 'fail-on', 'format', 'paths', 'plugins', 'sarif-file']);
    assert.equal(action.runs.steps.at(-1), lint);
    assert.equal(lint.if, 'always()', 'the lint step sets the outputs even when the install failed');
    assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('actions/cache@')), 'the install is cached');
    for (const [name, output] of Object.entries(action.outputs)) assert.equal(output.value, `\${{ steps.lint.outputs.${name} }}`);
  });

  test('a release ref: set-up installs nothing, under 20 MB of download and 3 s from an empty cache', (t) => {
    for (const r of setupRun) assert.equal(r.status, 0, r.stdout + r.stderr);
    const ms = setupRun.reduce((sum, r) => sum + r.ms, 0);
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    t.diagnostic(`release ref: download ${mb(downloadBytes)} (unpacked ${mb(treeBytes(actionPath))}, node_modules ${mb(treeBytes(join(actionPath, 'node_modules')))}), set-up ${ms} ms`);
    assert.ok(downloadBytes < 20e6, mb(downloadBytes));
    assert.ok(ms < 3000, `${ms} ms`);
    assert.ok(!existsSync(join(actionPath, 'node_modules/typescript')), 'no compiler');
    assert.ok(!existsSync(join(actionPath, 'node_modules/@microsoft')), 'no test tools');
    assert.ok(!existsSync(join(actionPath, 'dist/test')), 'no compiled tests');
  });

  test('a ref without dist/ (a branch) builds once, then keeps only what runs', (t) => {
    const branch = mkdtempSync(join(tmpdir(), 'meshlint-action-branch-'));
    try {
      const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot(), encoding: 'utf8' });
      for (const file of listed.stdout.split('\0').filter(Boolean)) {
        // A symlinked node_modules (a git worktree's) is not part of the ref, and pruning it would reach its target.
        if (!existsSync(join(repoRoot(), file)) || lstatSync(join(repoRoot(), file)).isSymbolicLink()) continue;
        mkdirSync(dirname(join(branch, file)), { recursive: true });
        cpSync(join(repoRoot(), file), join(branch, file));
      }
      const runs = runSteps(setup(), temp, {}, {}, branch).results;
      for (const r of runs) assert.equal(r.status, 0, r.stdout + r.stderr);
      t.diagnostic(`branch ref: set-up ${runs.reduce((sum, r) => sum + r.ms, 0)} ms, node_modules ${(treeBytes(join(branch, 'node_modules')) / 1e6).toFixed(1)} MB`);
      assert.ok(readFileSync(join(branch, 'dist/src/cli/action.js')).length > 0);
      assert.ok(!existsSync(join(branch, 'node_modules/typescript')), 'devDependencies are pruned');
      const ws = workspace({ 'a.yaml': BAD_SIDECAR });
      assert.equal(runSteps([lint], ws, {}, {}, branch).results[0]!.status, 1);
    } finally {
      rmSync(branch, { recursive: true, force: true });
    }
  });

  test('when meshlint could not be installed, the lint step still sets every output', () => {
    const empty = mkdtempSync(join(temp, 'broken-action-'));
    const { results: [r], outputs } = runSteps([lint], workspace({ 'a.yaml': BAD_SIDECAR }), { 'sarif-file': 'x.sarif' }, {}, empty);
    assert.equal(r!.status, 2);
    assert.deepEqual(outputs, { 'sarif-file': 'x.sarif', errors: '0', warnings: '0', infos: '0', 'exit-code': '2' });
  });

  test('findings: annotations, the full list in the summary, SARIF for upload-sarif, outputs, exit 1', (t) => {
    const ws = workspace({
      '.lintrc': 'include: ["deploy/**/*.yaml"]\n',
      ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`deploy/ns${i}/sidecar.yaml`, badSidecar(`ns${i}`)])),
      'deploy/odd/x.yaml': BAD_SIDECAR.replace('name: default', 'name: "a|b"').replace('shop', 'odd'),
    });
    const { results: [r], outputs, summary } = runSteps([lint], ws, { category: 'mesh', 'sarif-file': 'out/meshlint.sarif' });
    t.diagnostic(`lint step: ${r!.ms} ms`);
    assert.equal(r!.status, 1, r!.stderr);
    const annotations = r!.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.equal(annotations.length, 13);
    assert.match(annotations[0]!, /^::error file=deploy\/ns0\/sidecar\.yaml,line=8,endLine=8,col=5,endColumn=9,title=meshlint sidecar-egress-hosts-required::egress listener 1/);
    assert.deepEqual(outputs, { 'sarif-file': 'out/meshlint.sarif', errors: '13', warnings: '0', infos: '0', 'exit-code': '1' });

    const sarif = JSON.parse(readFileSync(join(ws, 'out/meshlint.sarif'), 'utf8'));
    assert.equal(sarif.runs[0].automationDetails.id, 'mesh/');
    assert.equal(sarif.runs[0].results.length, 13);

    // GitHub shows only 10 error annotations a step: the summary lists all 13.
    const rows = summary.split('\n').filter((l) => l.startsWith('| error |'));
    assert.equal(rows.length, 13);
    assert.match(summary, /^\*\*13 errors, 0 warnings, 0 infos\*\* in 13 files\.$/m);
    assert.equal(rows[0], '| error | [deploy/ns0/sidecar.yaml:8](https://github.com/acme/mesh/blob/0123abc/deploy/ns0/sidecar.yaml#L8) | `sidecar-egress-hosts-required` | egress listener 1 of Sidecar ns0/default has no "hosts" |');
    assert.match(summary, /Sidecar odd\/a\\\|b has no/, 'pipes in messages are escaped in the table');
  });

  test('paths, format and fail-on are honoured; a clean run exits 0 with an empty SARIF result list', () => {
    const ws = workspace({
      'mesh/ok.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok, labels: {istio-injection: enabled}}\n',
      'mesh/quiet.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: quiet}\n',
      'other/bad.yaml': BAD_SIDECAR,
    });
    const clean = runSteps([lint], ws, { paths: 'mesh/ok.yaml', format: 'text' });
    assert.equal(clean.results[0]!.status, 0, clean.results[0]!.stderr);
    assert.equal(clean.results[0]!.stdout, '');
    assert.equal(clean.outputs['exit-code'], '0');
    assert.deepEqual(JSON.parse(readFileSync(join(ws, 'meshlint.sarif'), 'utf8')).runs[0].results, []);
    assert.match(clean.summary, /^No findings\.$/m);

    // An info finding fails only with fail-on: info.
    const info = runSteps([lint], ws, { paths: 'mesh/quiet.yaml\nmesh/ok.yaml', 'fail-on': 'info', format: 'text' });
    assert.equal(info.results[0]!.status, 1);
    assert.match(info.results[0]!.stdout, /^mesh\/quiet\.yaml:3:\d+: info .*\[namespace-injection-unset\]$/m);
    assert.equal(info.outputs.infos, '1');
  });

  test('plugins load by default, and not on a pull request from a fork, or when the input says "false"', () => {
    const plugin = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./ran', import.meta.url), 'imported');
export default { meta: { id: 'team-quiet', description: 'Report nothing', rationale: 'Marks that plugin code ran.', remediation: 'None.', severity: 'warning', kinds: ['Namespace'] }, check() {} };
`;
    const fork = { pull_request: { head: { repo: { fork: true } } } };
    const sameRepository = { pull_request: { head: { repo: { fork: false } } } };
    const cases: [string, Record<string, string>, object, boolean][] = [
      ['a push', {}, {}, true], ['a pull request from a branch', {}, sameRepository, true],
      ['a pull request from a fork', {}, fork, false], ['plugins: "false"', { plugins: 'false' }, {}, false],
      ['plugins: "true" on a fork', { plugins: 'true' }, fork, true],
    ];
    for (const [name, inputs, event, runs] of cases) {
      const ws = workspace({ '.lintrc': 'plugins: [./p.mjs]\n', 'p.mjs': plugin, 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' });
      const { results: [r] } = runSteps([lint], ws, inputs, event);
      assert.equal(r!.status, 0, `${name}: ${r!.stderr}`);
      assert.equal(existsSync(join(ws, 'ran')), runs, name);
      if (!runs) assert.match(r!.stderr, /plugins are off \(--no-plugins\)/, name);
    }
    const bad = runSteps([lint], workspace({ 'a.yaml': BAD_SIDECAR }), { plugins: 'no' }).results[0]!;
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /the "plugins" input takes "true" or "false", not "no"/);
  });

  test('a configuration error exits 2 and says why', () => {
    const ws = workspace({ '.lintrc': 'rules: {no-such-rule: error}\n', 'a.yaml': BAD_SIDECAR });
    const { results: [r], outputs } = runSteps([lint], ws);
    assert.equal(r!.status, 2);
    assert.match(r!.stderr, /unknown rule "no-such-rule"/);
    assert.equal(outputs['exit-code'], '2');
  });
});

describe('runAction, in-process', () => {
  /** Runs the action's lint step in this process with these inputs; returns its exit code, log, outputs and summary. */
  async function actionIn(ws: string, inputs: Record<string, string> = {}) {
    const dir = mkdtempSync(join(temp, 'inproc-'));
    const env: NodeJS.ProcessEnv = {
      GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/mesh', GITHUB_SHA: '0123abc',
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v])),
    };
    let stdout = '';
    let stderr = '';
    const code = await runAction(env, ws, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    const outputs = Object.fromEntries(readFileSync(env.GITHUB_OUTPUT!, 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
    return { code, stdout, stderr, outputs, summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8') };
  }

  test('lints once: every rule is called once per resource, and SARIF, log, outputs and summary agree', async () => {
    // A plugin rule that records each call in a file beside it.
    const plugin = `import { appendFileSync } from 'node:fs';
export default { meta: { id: 'team-call-count', description: 'Record each call', rationale: 'Counts lint passes.', remediation: 'None.', severity: 'warning', kinds: ['Namespace'] },
  check(ns, ctx) { appendFileSync(new URL('./calls.txt', import.meta.url), ns.name + '\\n'); ctx.report({ message: ns.ref + ' was checked' }); } };
`;
    const ws = workspace({
      '.lintrc': 'plugins: [./count.mjs]\n', 'count.mjs': plugin, 'calls.txt': '',
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: one, labels: {istio-injection: enabled}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: two, labels: {istio-injection: enabled}}\n',
      'bad.yaml': BAD_SIDECAR,
    });
    const { code, stdout, outputs, summary } = await actionIn(ws, { format: 'github', 'fail-on': 'error' });
    assert.equal(code, 1);
    assert.deepEqual(readFileSync(join(ws, 'calls.txt'), 'utf8').split('\n').filter(Boolean).sort(), ['one', 'two']);
    const sarif = JSON.parse(readFileSync(join(ws, 'meshlint.sarif'), 'utf8')).runs[0].results;
    assert.equal(sarif.length, 3);
    assert.equal(stdout.split('\n').filter((l) => /^::(error|warning) /.test(l)).length, 3);
    assert.deepEqual(outputs, { 'sarif-file': 'meshlint.sarif', errors: '1', warnings: '2', infos: '0', 'exit-code': '1' });
    assert.equal(summary.split('\n').filter((l) => /^\| (error|warning) \|/.test(l)).length, 3);
  });

  test('every output is set when meshlint cannot run, and the summary says why', async () => {
    const ws = workspace({ '.lintrc': 'rules: {no-such-rule: error}\n', 'a.yaml': BAD_SIDECAR });
    const { code, stderr, outputs, summary } = await actionIn(ws);
    assert.equal(code, 2);
    assert.match(stderr, /unknown rule "no-such-rule"/);
    assert.deepEqual(outputs, { 'sarif-file': 'meshlint.sarif', errors: '0', warnings: '0', infos: '0', 'exit-code': '2' });
    assert.match(summary, /^meshlint could not run: /m);
    const badInput = await actionIn(workspace({ 'a.yaml': BAD_SIDECAR }), { format: 'xml' });
    assert.equal(badInput.code, 2);
    assert.equal(badInput.outputs['exit-code'], '2');
    assert.match(badInput.stderr, /unknown format "xml"/);
  });
});
