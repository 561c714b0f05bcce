import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BAD_SIDECAR } from './support/cli.js';
import { repoRoot } from './support/repo-root.js';

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
  for (const needed of ['LICENSE', 'README.md', 'package.json', 'bin/meshlint.js', 'bin/package.json', 'dist/bundle/main.cjs', 'dist/bundle/main.cjs.cache', 'dist/bundle/parse-worker.js', 'dist/src/cli/main.js', 'dist/rules/index.js', 'schemas/lintrc.schema.json', 'problem-matcher.json']) {
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
