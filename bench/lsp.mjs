#!/usr/bin/env node
// The language server's part of the benchmark: the workspace the server keeps, over the
// standard corpus. Reports the first lint (what opening the folder costs), the re-lint after
// editing one Deployment's pod-template label (what the server does after its debounce),
// and the memory held with the corpus open.
//
//   node bench/lsp.mjs [--namespaces N] [--repeat R] [--json PATH]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const namespaces = Number(arg('--namespaces', 500));
const repeat = Number(arg('--repeat', 9));
const jsonOut = arg('--json');

const { Workspace } = await import(resolve(here, '../dist/src/lsp/workspace.js'));
const dir = mkdtempSync(join(tmpdir(), 'meshlint-lsp-bench-'));
const corpus = join(dir, 'corpus');
const stats = generate(corpus, { namespaces });

// The file the benchmark's "changed" measure edits: a Deployment of the first namespace.
const target = join(corpus, stats.deploymentFile);
if (!/kind: Deployment/.test(readFileSync(target, 'utf8'))) throw new Error(`${stats.deploymentFile} holds no Deployment`);
const original = readFileSync(target, 'utf8');

const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ws = new Workspace(corpus);
let t = process.hrtime.bigint();
await ws.lint();
const open = ms(t);
const edits = [];
const cpu = [];
for (let i = 0; i < repeat; i++) {
  // Alternate two label values, so that every re-lint has something new to find.
  const text = original.replace(/(labels:\s*\n(\s+)app: [^\n]+)/, `$1\n$2edited: "v${i}"`);
  ws.setBuffer(target, text);
  t = process.hrtime.bigint();
  const c = process.cpuUsage();
  await ws.lint();
  edits.push(ms(t));
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
}
globalThis.gc?.();
const rss = process.memoryUsage().rss / 2 ** 20;
const result = {
  corpus: { namespaces, files: stats.files, docs: stats.docs },
  openMs: Math.round(open), editMs: Math.round(median(edits) * 10) / 10, editCpuMs: Math.round(median(cpu) * 10) / 10, rssMB: Math.round(rss),
  targets: { editMs: 50, rssMB: 300 },
};
process.stdout.write(`language server, ${stats.files} files: open ${result.openMs} ms, re-lint after editing one Deployment label ${result.editMs} ms wall, ${result.editCpuMs} ms CPU (target <= 50), RSS ${result.rssMB} MB (target <= 300)\n`);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
