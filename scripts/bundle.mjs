#!/usr/bin/env node
// Bundles the compiled CLI into dist/bundle/ (part of `npm run build`): one file for what every
// run loads, and a chunk for each part loaded lazily (formats, init, the language server,
// the baseline). Node.js loads a few files much faster than the hundreds of modules of
// dist/src and the dependencies, which is most of a small run's start-up. The worker that
// parses files in threads is an entry of its own, beside the chunk that starts it.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js', 'dist/src/input/parse-worker.js'],
  outdir,
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Some dependencies are CommonJS and require Node.js built-ins.
  banner: { js: "import { createRequire as __meshlintRequire } from 'node:module'; const require = __meshlintRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
