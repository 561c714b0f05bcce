import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseAll } from '../src/input/parse-threads.js';
import { ROOT } from '../scripts/gen.js';
import { meshlint } from './support/cli.js';

type Generate = (out: string, opts: { namespaces: number }) => { files: number };
const { generate } = (await import(pathToFileURL(path.join(ROOT, 'bench', 'gen.mjs')).href)) as { generate: Generate };

/** A small generated mesh repository, with its seeded defects. */
function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-cache-'));
  generate(dir, { namespaces: 12 });
  return dir;
}

const json = async (dir: string, ...args: string[]) => {
  const run = await meshlint(['-f', 'json', '--no-config', ...args, '.'], dir);
  assert.equal(run.stderr, '');
  return run.stdout;
};

describe('--jobs never changes the results', () => {
  test('one thread and several give byte-identical output', async () => {
    const dir = corpus();
    const one = await json(dir, '--no-cache', '-j', '1');
    assert.ok(JSON.parse(one).length > 5, 'the corpus has findings');
    assert.equal(await json(dir, '--no-cache', '-j', '2'), one);
    assert.equal(await json(dir, '--no-cache', '-j', '4'), one);
  });

  test('worker threads parse exactly as the main thread does', async () => {
    const dir = corpus();
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();
    const jobs = files.map((f) => ({ file: f, path: path.join(dir, f) }));
    const options = { defaultNamespace: 'default', maxFileSize: 1 << 20 };
    const inline = await parseAll(jobs, options, 1);
    // Thresholds of zero start the workers at once, whatever the amount of work.
    const threaded = await parseAll(jobs, options, 3, { probeMs: 0, threadCostMs: 0 });
    assert.deepEqual(threaded, inline);
  });
});

describe('--cache never changes the results', () => {
  test('cold, warm, after an edit, and after the edit is undone', async () => {
    const dir = corpus();
    const cache = path.join(mkdtempSync(path.join(tmpdir(), 'meshlint-cache-dir-')), 'c.json');
    const fresh = await json(dir, '--no-cache');
    assert.equal(await json(dir, '--cache', '--cache-location', cache), fresh, 'cold cache');
    assert.equal(await json(dir, '--cache', '--cache-location', cache), fresh, 'warm cache');

    const sidecar = path.join(dir, readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('sidecar.yaml'))!);
    const original = readFileSync(sidecar, 'utf8');
    appendFileSync(sidecar, '  - port: {number: 9999, protocol: TCP, name: tcp}\n');
    const edited = await json(dir, '--no-cache');
    assert.notEqual(edited, fresh, 'the edit adds a finding');
    assert.equal(await json(dir, '--cache', '--cache-location', cache), edited, 'after an edit');
    writeFileSync(sidecar, original);
    assert.equal(await json(dir, '--cache', '--cache-location', cache), fresh, 'after undoing it');
  });

  test('a corrupt, foreign or tampered cache is ignored and rebuilt', async () => {
    const dir = corpus();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'meshlint-cache-dir-'));
    const location = path.join(cacheDir, 'c');
    const cache = path.join(location, 'cache.json');
    const fresh = await json(dir, '--no-cache');
    await json(dir, '--cache', '--cache-location', location);
    assert.deepEqual(readdirSync(cacheDir), ['c'], 'the cache is one directory');
    const shards = readdirSync(location).filter((f) => f.includes('.data-')).map((f) => path.join(location, f));
    assert.ok(shards.length > 0, 'parsed data is kept beside the index, inside the directory');

    // Truncated index and shards.
    writeFileSync(cache, '{"format": "meshlint-cache/3", "key": ');
    for (const shard of shards) writeFileSync(shard, '\u0000garbage');
    assert.equal(await json(dir, '--cache', '--cache-location', location), fresh, 'corrupt cache');
    assert.doesNotThrow(() => JSON.parse(readFileSync(cache, 'utf8')), 'the cache was rebuilt');

    // An older meshlint's cache.
    writeFileSync(cache, JSON.stringify({ format: 'meshlint-cache/1', key: 'x', files: {} }));
    assert.equal(await json(dir, '--cache', '--cache-location', location), fresh, 'cache of another version');

    // Right format and key, wrong content: a kept result and parsed data that lie.
    const index = JSON.parse(readFileSync(cache, 'utf8'));
    index.result.findings = [];
    for (const seen of Object.values(index.files) as { hash: string }[]) seen.hash = 'not-the-content';
    writeFileSync(cache, JSON.stringify(index));
    for (const shard of shards) {
      const data = JSON.parse(readFileSync(shard, 'utf8'));
      for (const entry of Object.values(data.entries) as { parsed: unknown }[]) entry.parsed = { resources: 'nonsense' };
      writeFileSync(shard, JSON.stringify(data));
    }
    assert.equal(await json(dir, '--cache', '--cache-location', location), fresh, 'tampered cache');
  });

  test('when no file changed, the last findings are reused; any edit runs the rules again', async () => {
    const dir = corpus();
    // Files as old as a real repository's: their size and time, not their content, tell they are unchanged.
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) utimesSync(path.join(dir, f), hourAgo, hourAgo);
    const cache = path.join(mkdtempSync(path.join(tmpdir(), 'meshlint-cache-dir-')), 'c.json');
    const verbose = (args: string[]) => meshlint(['-f', 'json', '--no-config', '-v', '--cache', '--cache-location', cache, ...args, '.'], dir);
    const cold = await verbose([]);
    assert.doesNotMatch(cold.stderr, /findings are reused/);
    const warm = await verbose([]);
    assert.match(warm.stderr, /findings are reused/);
    assert.equal(warm.stdout, cold.stdout);
    assert.doesNotMatch((await verbose(['--report-unused-disable-directives'])).stderr, /findings are reused/, 'other lint options');
    const sidecar = path.join(dir, readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('sidecar.yaml'))!);
    appendFileSync(sidecar, '  - port: {number: 9999, protocol: TCP, name: tcp}\n');
    const edited = await verbose([]);
    assert.doesNotMatch(edited.stderr, /findings are reused/);
    assert.equal(edited.stdout, await json(dir, '--no-cache'));
  });

  test('after edits, the lint of the last run, taken up from the cache, gives what a fresh run gives', async () => {
    const dir = corpus();
    const cache = path.join(mkdtempSync(path.join(tmpdir(), 'meshlint-cache-dir-')), 'c.json');
    const cached = () => meshlint(['-f', 'json', '--no-config', '-v', '--cache', '--cache-location', cache, '.'], dir);
    await cached();
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();
    const namespace = files.find((f) => /namespace\.ya?ml$/.test(f) && /istio-injection: enabled/.test(readFileSync(path.join(dir, f), 'utf8')))!;
    const deployment = files.find((f) => /kind: Deployment/.test(readFileSync(path.join(dir, f), 'utf8')))!;
    const edits: [string, () => void][] = [
      // A Namespace label: the findings of the workloads in other files change.
      ['namespace label', () => writeFileSync(path.join(dir, namespace), readFileSync(path.join(dir, namespace), 'utf8').replace('istio-injection: enabled', 'istio-injection: disabled'))],
      ['deployment label', () => writeFileSync(path.join(dir, deployment), readFileSync(path.join(dir, deployment), 'utf8').replace(/^ {2}labels:\n/m, '  labels:\n    touched: "yes"\n'))],
      ['lines above unchanged documents', () => writeFileSync(path.join(dir, deployment), `# moved\n\n${readFileSync(path.join(dir, deployment), 'utf8')}`)],
      ['a file deleted', () => rmSync(path.join(dir, files[3]!))],
      ['a file created', () => writeFileSync(path.join(dir, 'extra.yaml'), readFileSync(path.join(dir, files[5]!), 'utf8').replace(/name: /g, 'name: extra-'))],
    ];
    for (const [what, edit] of edits) {
      edit();
      const run = await cached();
      assert.match(run.stderr, /lint was taken up from the cache: \d+ rule check/, what);
      assert.equal(run.stdout, await json(dir, '--no-cache'), what);
    }
  });

  test('settings that change findings are part of the key', async () => {
    const dir = corpus();
    const cache = path.join(mkdtempSync(path.join(tmpdir(), 'meshlint-cache-dir-')), 'c.json');
    await json(dir, '--cache', '--cache-location', cache);
    writeFileSync(path.join(dir, 'strict.yaml'), 'rules:\n  sidecar-egress-hosts-required: warning\n');
    const withConfig = (cacheArgs: string[]) => meshlint(['-f', 'json', '-c', 'strict.yaml', ...cacheArgs, '.'], dir);
    assert.equal((await withConfig(['--cache', '--cache-location', cache])).stdout, (await withConfig(['--no-cache'])).stdout);
  });
});
