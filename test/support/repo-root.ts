import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root: the nearest ancestor of this module with a package.json.
 * Works both from `test/support/` and from the compiled `dist/test/support/`,
 * so fixtures and non-TypeScript support files are read from the source tree.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repoRoot: no package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
