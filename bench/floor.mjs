#!/usr/bin/env node
// The floor of the benchmark: the least work any YAML linter must do.
// On one thread, read every .yaml/.yml/.json file under DIR and run yaml's
// parseAllDocuments() and toJS() on each document. Prints one JSON line:
// {"files":…,"docs":…,"bytes":…,"errors":…,"ms":…}.
//
//   node bench/floor.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node bench/floor.mjs DIR\n');
  process.exit(2);
}
const start = performance.now();
// Sorted so that every run reads the files in the same order.
const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
  .map((e) => join(e.parentPath ?? e.path, e.name))
  .sort();
let docs = 0;
let bytes = 0;
let errors = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  const parsed = parseAllDocuments(text);
  // An empty stream comes back as an EmptyStream (not an array) in yaml 2.
  for (const doc of Array.isArray(parsed) ? parsed : []) {
    docs++;
    errors += doc.errors.length;
    doc.toJS();
  }
}
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ files: files.length, docs, bytes, errors, ms: Math.round(ms) }) + '\n');
