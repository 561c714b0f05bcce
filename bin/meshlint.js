#!/usr/bin/env node
// A CommonJS script (see package.json here): Node.js then starts without its ES module loader.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

// The bundle is compiled from V8's code cache beside it when V8 accepts it (the same Node.js
// version and flags as the run that wrote it): most of a small run's start-up is compiling.
const file = path.join(__dirname, '../dist/bundle/main.cjs');
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // None yet: this run writes it.
}
// The build keeps the bundle ASCII (scripts/bundle.mjs), which reads fastest as Latin-1.
const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'latin1')}\n})`;
const script = new vm.Script(wrapper, { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, path.dirname(file));
const { main, setPluginImporter } = bundle.exports;
// Plugins are ES modules: imported from here, as code from the cache cannot.
setPluginImporter((url) => import(url));

const readStdin = async () => {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
};

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // Asked for only when needed: making process.stdout loads the socket and stream modules,
  // which a run that writes its report to a file never needs.
  get stderrIsTTY() { return process.stderr.isTTY === true; },
  get stdoutIsTTY() { return process.stdout.isTTY === true; },
  get columns() { return process.stdout.columns; },
  env: process.env,
  readStdin,
}).then((code) => {
  process.exitCode = code;
  // Only where there is none (the build removes it), so that runs with other flags never
  // replace the one most runs use; a package directory that cannot be written keeps none.
  if (cachedData !== undefined) return;
  try {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { flag: 'wx' });
    renameSync(temporary, cacheFile);
  } catch {
    // Start-up stays as fast as without a cache.
  }
});
