import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { compileIgnore } from '../src/engine/suppression.js';
import type { LintState, SavedLint } from '../src/engine/incremental.js';
import { lintWorldsByFile } from '../src/engine/worlds.js';
import { kindFilter } from '../src/input/kind-filter.js';
import type { ParsedFile } from '../src/input/parse.js';
import { parseSource } from '../src/input/parse-threads.js';
import { Workspace } from '../src/lsp/workspace.js';
import { Locator } from '../src/position/locator.js';
import { configure } from '../src/run.js';
import { FIXTURES } from './support/fixtures.js';

// Incremental re-lints must give exactly what a fresh lint of the same texts gives. The
// workspace is every rule's fixtures in one tree (so that rules meet each other's objects),
// edited at random: label values flipped, namespaces and names renamed (what lookups of one
// object, of a namespace and of a kind read), documents removed, moved or copied between
// files (copies of one object in two files: which one wins changes), lines added above
// unchanged documents (the same data at other positions: kept results, moved findings),
// files deleted and created, files reverted, several files edited before one re-lint.
// After each step the kept workspace is compared with a new one.

const SKIP = new Set(['hostile', 'file-unreadable']);

function workspaceTree(): { root: string; files: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'meshlint-incremental-'));
  for (const rule of readdirSync(FIXTURES)) {
    if (SKIP.has(rule) || !statSync(path.join(FIXTURES, rule)).isDirectory()) continue;
    cpSync(path.join(FIXTURES, rule), path.join(root, rule), { recursive: true, filter: (src) => !src.endsWith('.out') });
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) files.push(full);
    }
  };
  walk(root);
  return { root, files: files.sort() };
}

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state % n;
  };
}

const EDITS: ((text: string, pick: (n: number) => number, other: string) => string)[] = [
  (text) => text.replace(/istio-injection: (enabled|disabled)/, (_, v) => `istio-injection: ${v === 'enabled' ? 'disabled' : 'enabled'}`),
  (text) => text.replace(/sidecar\.istio\.io\/inject: "(true|false)"/, (_, v) => `sidecar.istio.io/inject: "${v === 'true' ? 'false' : 'true'}"`),
  (text, pick) => text.replace(/namespace: [a-z0-9-]+/, `namespace: ${['shop', 'legacy', 'payments', 'istio-system', 'default'][pick(5)]}`),
  (text, pick) => { const docs = text.split(/\n---\n/); docs.splice(pick(docs.length), 1); return docs.join('\n---\n'); },
  (text, pick, other) => { const docs = other.split(/\n---\n/); return `${text.trimEnd()}\n---\n${docs[pick(docs.length)]}\n`; },
  (text) => text.replace(/app: ([a-z-]+)/, 'app: renamed'),
  (text) => `${text}\n`,
  (text) => `# moved down\n\n${text}`,
  (text, pick) => text.replace(/name: ([a-z0-9-]+)/, (_, v) => `name: ${pick(2) === 0 ? `${v}-2` : 'shared'}`),
  (text) => { const docs = text.split(/\n---\n/); return docs.length > 1 ? [...docs.slice(1), docs[0]].join('\n---\n') : text; },
  (text, _pick, other) => `${other.split(/\n---\n/)[0]}\n---\n${text}`,
];

for (const seed of [1, 2, 3, 4, 5]) {
  test(`incremental re-lints equal fresh lints after random edits (seed ${seed})`, async () => {
    const { root, files } = workspaceTree();
    const pick = random(seed);
    const kept = new Workspace(root);
    const buffers = new Map<string, string>();
    await kept.lint();
    for (let step = 0; step < 25; step++) {
      const edited: string[] = [];
      for (let n = pick(3) === 0 ? 3 : 1; n > 0; n--) {
        const file = files[pick(files.length)]!;
        edited.push(path.relative(root, file));
        const source = files[pick(files.length)]!;
        const other = buffers.get(source) ?? (existsSync(source) ? readFileSync(source, 'utf8') : '');
        if (pick(12) === 0 && !buffers.has(file)) {
          // On disk: deleted, or created again.
          if (existsSync(file)) rmSync(file); else writeFileSync(file, other);
          kept.touch(file);
          continue;
        }
        const before = buffers.get(file) ?? (existsSync(file) ? readFileSync(file, 'utf8') : '');
        const text = pick(8) === 0 && existsSync(file) ? readFileSync(file, 'utf8') : EDITS[pick(EDITS.length)]!(before, pick, other);
        buffers.set(file, text);
        kept.setBuffer(file, text);
      }
      const fresh = new Workspace(root);
      for (const [f, t] of buffers) fresh.setBuffer(f, t);
      assert.deepEqual(await kept.lint(), await fresh.lint(), `seed ${seed}, step ${step}, ${edited.join(', ')}`);
    }
  });
}

// The command line's cache keeps a lint from one process to the next: saved as data, taken
// up again over the files as that process parsed them, it must give what a fresh lint gives.
for (const seed of [1, 2, 3]) {
  test(`lints saved and taken up again in another process equal fresh lints after random edits (seed ${seed})`, async () => {
    const { root, files } = workspaceTree();
    const pick = random(seed);
    const { config } = await configure({ cwd: root });
    const ignore = await compileIgnore(config.ignore, config.base);
    const pool = { defaultNamespace: config.settings.defaultNamespace, filter: kindFilter(config), maxFileSize: config.maxFileSize };
    const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
    const parsedBy = new Map<string, { text: string; parsed: ParsedFile }>();
    const parseAll = () => [...texts].map(([file, text]) => {
      const known = parsedBy.get(file);
      if (known?.text === text) return known.parsed;
      const result = parseSource({ file: path.relative(root, file), path: file, content: text }, pool);
      const parsed = 'parsed' in result ? result.parsed : { file: path.relative(root, file), resources: [], problems: [], skipped: [], directives: [] };
      parsedBy.set(file, { text, parsed });
      return parsed;
    });
    const locator = () => new Locator((file) => texts.get(path.join(root, file)));
    let previous = parseAll();
    const states = new Map<string, LintState>();
    await lintWorldsByFile(previous, config, { cwd: root, locator: locator(), ignore, states });
    let saved = JSON.parse(JSON.stringify([...states].map(([world, state]) => [world, state.save()]))) as [string, SavedLint][];
    for (let step = 0; step < 15; step++) {
      for (let n = pick(3) === 0 ? 3 : 1; n > 0; n--) {
        const file = files[pick(files.length)]!;
        texts.set(file, EDITS[pick(EDITS.length)]!(texts.get(file)!, pick, texts.get(files[pick(files.length)]!)!));
      }
      const current = parseAll();
      const before = new Map(previous.map((f) => [f.file, f]));
      const next = new Map<string, LintState>();
      const restored = await lintWorldsByFile(current, config, { cwd: root, locator: locator(), ignore, states: next, restore: { saved: new Map(saved), previous: (file) => before.get(file) } });
      const fresh = await lintWorldsByFile(current, config, { cwd: root, locator: locator(), ignore });
      assert.deepEqual(new Map(restored.byFile), new Map(fresh.byFile), `seed ${seed}, step ${step}`);
      assert.equal(restored.ruleFailures, fresh.ruleFailures);
      saved = JSON.parse(JSON.stringify([...next].map(([world, state]) => [world, state.save()]))) as [string, SavedLint][];
      previous = current;
    }
  });
}
