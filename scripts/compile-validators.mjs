#!/usr/bin/env node
// Compiles the shipped resource schemas (schemas/resources/) into standalone ajv validators in
// dist/validators/ (part of `npm run build`, after tsc): a run then loads the code for the kinds
// it meets instead of compiling their schemas, which took most of the schema rule's time on a
// cold run. Each validator records the hash of the schema text it comes from; one out of step
// with its schema is not used, and ajv compiles the schema at run time instead.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/validators');
const load = (path) => import(pathToFileURL(join(root, path)).href);
const { createAjv } = await load('dist/src/validation/ajv.js');
const { schemaHash } = await load('dist/src/validation/catalogue.js');
const { _ } = await import('ajv');
const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const bundle = async (contents, outfile, extra = {}) => {
  await build({
    ...extra,
    stdin: { contents, resolveDir: root, sourcefile: 'validator.js', loader: 'js' }, outfile, bundle: true, minify: true,
    format: 'cjs', platform: 'node', target: 'node20', external: ['../formats.cjs'], logLevel: 'warning', legalComments: 'none',
  });
};
// The formats that take code, from the module the run-time validators use; it loads Node.js
// built-ins through a require made from its own URL, as the CLI bundle does.
await bundle(`import { FUNCTION_FORMATS } from ${JSON.stringify(join(root, 'dist/src/validation/formats.js'))};\nexport const { ipv4, ipv6 } = FUNCTION_FORMATS;`, join(outdir, 'formats.cjs'), {
  banner: { js: "const __meshlintUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__meshlintUrl' },
});

const index = JSON.parse(readFileSync(join(root, 'schemas/resources/index.json'), 'utf8'));
const files = [...new Set(Object.values(index.kinds).flatMap((kind) => Object.values(kind.versions).map((v) => v.file)))].sort();
let bytes = 0;
for (const file of files) {
  const text = readFileSync(join(root, 'schemas/resources', file), 'utf8');
  // Compiled once, at build time: ajv's optimising pass is worth its time here.
  const ajv = createAjv({ source: true, optimize: 1, formats: _`require("../formats.cjs")` });
  const code = `${standaloneCode(ajv, ajv.compile(JSON.parse(text)))}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(text))};\n`;
  const outfile = join(outdir, file.replace(/\.json$/, '.cjs'));
  mkdirSync(dirname(outfile), { recursive: true });
  await bundle(code, outfile);
  bytes += readFileSync(outfile).length;
}
console.log(`compiled ${files.length} resource schemas into dist/validators/ (${(bytes / 1024).toFixed(0)} KiB)`);
