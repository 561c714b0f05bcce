// Writes the tree that a release ref of the action holds: what `npm pack` ships (bin/, the
// compiled dist/ without tests, schemas, rule pages, README, LICENSE), plus action.yml, its
// script and the lockfile, and the runtime dependencies installed from that lockfile
// (node_modules without devDependencies), so that the action installs nothing at all.
// Usage: node scripts/action-release.mjs OUT_DIR   (from the repository root, after npm run build)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const out = path.resolve(process.argv[2] ?? 'action-release');
const scratch = mkdtempSync(path.join(tmpdir(), 'meshlint-release-'));
try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['pack', '--silent', '--ignore-scripts', '--pack-destination', scratch], { stdio: ['ignore', 'ignore', 'inherit'] });
  const [tarball] = readdirSync(scratch).filter((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', path.join(scratch, tarball), '-C', scratch]);
  rmSync(out, { recursive: true, force: true });
  cpSync(path.join(scratch, 'package'), out, { recursive: true });
  for (const file of ['action.yml', 'scripts/action.mjs', 'package-lock.json']) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    cpSync(file, path.join(out, file));
  }
  execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: out, stdio: ['ignore', 'ignore', 'inherit'] });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
