/**
 * Runs the real `pre-commit` against a throw-away git repository, so the hook
 * definition in `.pre-commit-hooks.yaml` can be tested the way users consume it.
 * Findings and gotchas: test/support/PRECOMMIT-NOTES.md.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './repo-root.js';

export interface PreCommitResult {
  status: number;
  stdout: string;
  stderr: string;
  /** Wall-clock time of `pre-commit run`, environment install included. */
  ms: number;
}

export interface PreCommitOptions {
  /** Files of the repository under test, by relative path; all are staged. */
  files: Record<string, string>;
  /** Hook repository: a local path (pre-commit clones it with git). Default: this checkout. */
  hookRepo?: string;
  /** Commit of the hook repository. Default: its HEAD (uncommitted changes are not seen). */
  rev?: string;
  hookId?: string;
  /**
   * pre-commit's cache of cloned hook repos and their environments. Default: a new
   * temporary folder, so ~/.cache/pre-commit is never touched. Share one between runs
   * to pay for the environment install once.
   */
  preCommitHome?: string;
  /** Extra arguments for `pre-commit run`, e.g. `['--all-files']`. */
  args?: string[];
}

function check(r: SpawnSyncReturns<string>, what: string): string {
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function git(cwd: string, ...args: string[]): string {
  return check(spawnSync('git', args, { cwd, encoding: 'utf8' }), `git ${args.join(' ')}`).trim();
}

/** `pre-commit --version` (e.g. `pre-commit 3.0.4`), or undefined when it is not installed. */
export function preCommitVersion(): string | undefined {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Writes `files` under `dir`, creating folders. A `bin/` file is made executable. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (rel.startsWith('bin/')) chmodSync(file, 0o755);
  }
}

/** A new git repository with a local identity, so commits work on a bare CI machine. */
export function initRepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.name', 'meshlint tests');
  git(dir, 'config', 'user.email', 'tests@meshlint.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

/** A committed hook repository made of `files`; returns its path and commit. */
export function createHookRepo(files: Record<string, string>, dir = mkdtempSync(join(tmpdir(), 'meshlint-hook-'))): { path: string; rev: string } {
  initRepo(dir);
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'hook repository');
  return { path: dir, rev: git(dir, 'rev-parse', 'HEAD') };
}

/**
 * Stand-in for meshlint until its CLI exists: a package whose `meshlint` bin prints
 * `path:1:1: error bad [rule]` for every file containing "bad" and exits 1 if any did.
 * Its `.pre-commit-hooks.yaml` has the shape meshlint will ship.
 */
export const STAND_IN_HOOK_FILES: Record<string, string> = {
  'package.json': JSON.stringify(
    { name: 'meshlint-stand-in', version: '0.0.0', type: 'module', bin: { meshlint: 'bin/meshlint.js' } },
    null,
    2,
  ),
  'bin/meshlint.js': [
    '#!/usr/bin/env node',
    "import { readFileSync } from 'node:fs';",
    'let status = 0;',
    'for (const file of process.argv.slice(2)) {',
    "  if (readFileSync(file, 'utf8').includes('bad')) {",
    '    console.log(`${file}:1:1: error bad [rule]`);',
    '    status = 1;',
    '  }',
    '}',
    'process.exit(status);',
    '',
  ].join('\n'),
  '.pre-commit-hooks.yaml': [
    '- id: meshlint',
    '  name: meshlint',
    '  entry: meshlint',
    '  language: node',
    '  types_or: [yaml, json]',
    '  require_serial: true',
    '',
  ].join('\n'),
};

/**
 * Creates a repository holding `files`, stages them, points `.pre-commit-config.yaml`
 * at the hook repository and runs `pre-commit run` (staged files only, unless `args`
 * says otherwise).
 */
export function runPreCommit(opts: PreCommitOptions): PreCommitResult {
  const hookRepo = opts.hookRepo ?? repoRoot();
  const rev = opts.rev ?? git(hookRepo, 'rev-parse', 'HEAD');
  const work = mkdtempSync(join(tmpdir(), 'meshlint-precommit-'));
  initRepo(work);
  writeFiles(work, {
    ...opts.files,
    // A plain path works as `repo:`; pre-commit clones it with git, so `rev` must be committed.
    '.pre-commit-config.yaml': [
      'repos:',
      `  - repo: ${JSON.stringify(hookRepo)}`,
      `    rev: ${JSON.stringify(rev)}`,
      '    hooks:',
      `      - id: ${opts.hookId ?? 'meshlint'}`,
      '',
    ].join('\n'),
  });
  git(work, 'add', '-A');
  const ownHome = opts.preCommitHome === undefined;
  const home = opts.preCommitHome ?? mkdtempSync(join(tmpdir(), 'meshlint-pre-commit-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PRE_COMMIT_HOME: home };
  delete env.SKIP; // pre-commit skips the hook ids listed there
  const start = Date.now();
  try {
    const r = spawnSync('pre-commit', ['run', '--color', 'never', ...(opts.args ?? [])], {
      cwd: work,
      env,
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (r.error) throw r.error;
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - start };
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (ownHome) rmSync(home, { recursive: true, force: true });
  }
}
