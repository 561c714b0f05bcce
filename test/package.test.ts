import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { BAD_SIDECAR } from './support/cli.js';
import { repoRoot } from './support/repo-root.js';
import { skipWithout } from './support/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'meshlint-package-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// dist/ is built by `npm test`; --ignore-scripts keeps `prepare` from rebuilding it under the other tests.
test('npm pack holds only what runs; the tarball installs into an empty directory and lints a repository from another', { timeout: 300_000 }, (t) => {
  const packed = spawnSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: repoRoot(), encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const [{ filename, files, size }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[]; size: number }];
  const paths = files.map((f) => f.path);
  t.diagnostic(`${filename}: ${paths.length} files, ${(size / 1e3).toFixed(0)} kB`);
  for (const needed of ['LICENSE', 'README.md', 'package.json', 'bin/meshlint.js', 'bin/package.json', 'dist/bundle/main.cjs', 'dist/bundle/main.cjs.cache', 'dist/bundle/parse-worker.js', 'dist/src/cli/main.js', 'dist/validators/networking.istio.io/VirtualService.v1.cjs', 'dist/rules/index.js', 'schemas/lintrc.schema.json', 'problem-matcher.json']) {
    assert.ok(paths.includes(needed), `${needed} is packed`);
  }
  assert.deepEqual(paths.filter((p) => /^(dist\/(test|scripts)|test|src|scripts|bench|examples)\//.test(p) || p.endsWith('.ts') && !p.endsWith('.d.ts')), [], 'no tests, sources or scripts');
  assert.match(readFileSync(join(repoRoot(), 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);

  const install = join(scratch, 'tools');
  mkdirSync(install);
  writeFileSync(join(install, 'package.json'), '{"private": true}\n');
  const installed = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', join(scratch, filename)], { cwd: install, encoding: 'utf8', timeout: 240_000 });
  assert.equal(installed.status, 0, installed.stderr);
  assert.ok(!existsSync(join(install, 'node_modules/typescript')), 'no devDependencies');

  const repo = join(scratch, 'repo');
  mkdirSync(join(repo, 'deploy'), { recursive: true });
  mkdirSync(join(repo, '.git'));
  writeFileSync(join(repo, 'deploy/sidecar.yaml'), BAD_SIDECAR);
  const bin = join(install, 'node_modules/.bin/meshlint');
  const run = spawnSync(bin, ['-f', 'text', 'deploy'], { cwd: repo, encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  assert.equal(run.stdout, 'deploy/sidecar.yaml:8:5: error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]\n');
  assert.match(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout, /^\d+\.\d+\.\d+\n$/);
  assert.deepEqual(readdirSync(repo).sort(), ['.git', 'deploy']);
});

// The README's other way to install before a release: from git at a commit, which npm clones,
// builds with the devDependencies (the `prepare` script) and installs as the tarball would be.
test('installing from git at a commit builds the package and gives a working meshlint', { timeout: 600_000, skip: skipWithout('git') }, (t) => {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot(), encoding: 'utf8' });
  if (head.status !== 0) { t.skip('not a git checkout'); return; }
  const install = join(scratch, 'from-git');
  mkdirSync(install);
  writeFileSync(join(install, 'package.json'), '{"private": true}\n');
  const url = `git+${pathToFileURL(repoRoot()).href}#${head.stdout.trim()}`;
  const installed = spawnSync(npm, ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', url], { cwd: install, encoding: 'utf8', timeout: 540_000 });
  assert.equal(installed.status, 0, installed.stderr);
  assert.ok(existsSync(join(install, 'node_modules/meshlint/dist/bundle/main.cjs')), 'built on install');
  assert.ok(!existsSync(join(install, 'node_modules/meshlint/src')), 'installed as packed: no sources');
  const repo = join(scratch, 'repo-git');
  mkdirSync(join(repo, 'deploy'), { recursive: true });
  writeFileSync(join(repo, 'deploy/sidecar.yaml'), BAD_SIDECAR);
  const run = spawnSync(join(install, 'node_modules/.bin/meshlint'), ['-f', 'text', 'deploy'], { cwd: repo, encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /\[sidecar-egress-hosts-required\]\n$/);
});

test('the README installs and integrates only with what exists: the tarball name, refs, hook ids, schema path', () => {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
  const slug = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)![1]!;
  assert.ok(readme.includes(`meshlint-${pkg.version}.tgz`), 'the tarball npm pack writes');
  for (const m of readme.matchAll(/github:([\w.-]+\/[\w.-]+)|github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?(?=[\s/`)])|uses: ([\w.-]+\/[\w.-]+)@/g)) {
    const named = m[1] ?? m[2] ?? m[3]!;
    if (/^(meshlint|[\w-]+)\/meshlint$/.test(named)) assert.equal(named, slug, `${m[0]} names this repository`);
  }
  // No release exists: every ref of this repository is a branch that exists, or a placeholder for a commit.
  const tags = spawnSync('git', ['tag', '--list'], { cwd: repoRoot(), encoding: 'utf8' }).stdout?.split('\n').filter(Boolean) ?? [];
  const refs = [...readme.matchAll(new RegExp(`(?:uses: ${slug}@|${slug}#|rev: )(\\S+)`, 'g'))].map((m) => m[1]!);
  assert.ok(refs.length >= 3, 'the action, the git install and the pre-commit hook name a ref');
  for (const ref of refs) assert.ok(ref === 'main' || ref.startsWith('<') || tags.includes(ref), `ref "${ref}" exists`);
  for (const m of readme.matchAll(/npm (?:install|i) (?:--save-dev |-D )?meshlint(?![\w:/#@-])/g)) {
    assert.match(readme.slice(Math.max(0, m.index - 80), m.index), /once/i, 'the registry form only as for once meshlint is published');
  }
  const hooks = readFileSync(join(repoRoot(), '.pre-commit-hooks.yaml'), 'utf8');
  for (const m of readme.matchAll(/- id: ([\w-]+)/g)) assert.match(hooks, new RegExp(`^- id: ${m[1]}$`, 'm'), `hook ${m[1]}`);
  for (const m of readme.matchAll(new RegExp(`raw\\.githubusercontent\\.com/${slug}/(main)/(\\S+?)(?=[\\s"'])`, 'g'))) assert.ok(existsSync(join(repoRoot(), m[2]!)), m[2]);
  assert.ok(existsSync(join(repoRoot(), 'action.yml')), 'the action');
});
