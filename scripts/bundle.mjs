#!/usr/bin/env node
// Bundles the compiled CLI into dist/bundle/ (part of `npm run build`), and compiles it once
// to V8's code cache, so that a small run starts without parsing and compiling what it runs.
//
// - main.cjs: the whole CLI in one CommonJS file. Node.js loads one file much faster than the
//   hundreds of modules of dist/src and the dependencies, and a script (unlike an ES module
//   in Node.js 20) can be compiled from a code cache. The parts a run may not need (formats,
//   init, the language server, ajv, CEL) stay lazy: the bundler wraps each in a function
//   that runs on first use, and the cache holds only what was compiled.
// - main.cjs.cache: V8's code cache of main.cjs after a small run, which
//   bin/meshlint.js hands to V8 (V8 ignores it for another Node.js version or other flags).
// - parse-worker.js: the worker that parses files in threads, an entry of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', legalComments: 'linked', logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: join(outdir, 'main.cjs'),
  format: 'cjs',
  // Less to read, hash and compile at every start; names stay, for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  // Modules find files beside them (schemas, the worker, package.json) from import.meta.url.
  banner: { js: "const __meshlintUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__meshlintUrl' },
});
await build({
  ...common,
  entryPoints: ['dist/src/input/parse-worker.js'],
  outfile: join(outdir, 'parse-worker.js'),
  format: 'esm',
  // Some dependencies are CommonJS and require Node.js built-ins.
  banner: { js: "import { createRequire as __meshlintRequire } from 'node:module'; const require = __meshlintRequire(import.meta.url);" },
});

// bin/meshlint.js reads the bundle as Latin-1, half the time of UTF-8: it must be ASCII, as
// esbuild writes strings; a regular expression with a literal non-ASCII character would not be.
const nonAscii = /[^\x00-\x7f]/.exec(readFileSync(join(outdir, 'main.cjs'), 'latin1'));
if (nonAscii) throw new Error(`dist/bundle/main.cjs has a non-ASCII character at offset ${nonAscii.index}: write it as an escape in the source`);

// bin/meshlint.js writes the code cache when there is none, after its run: a small one, so
// that the cache holds what every run compiles and little more (V8 reads all of it at start).
const sample = mkdtempSync(join(tmpdir(), 'meshlint-bundle-'));
writeFileSync(join(sample, 'app.yaml'), [
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: example/web:1.0\n',
].join('---\n'));
try {
  const run = spawnSync(process.execPath, [join(root, 'bin/meshlint.js'), 'app.yaml', '--no-cache', '--format', 'json'], { cwd: sample, encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`the bundled CLI failed on a sample (exit ${run.status}): ${run.stderr}`);
} finally {
  rmSync(sample, { recursive: true, force: true });
}
if (!existsSync(join(outdir, 'main.cjs.cache'))) process.stderr.write('bundle: no code cache was written\n');
