import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { rules } from '../rules/index.js';
import { loadConfig } from '../src/config/load.js';
import { lint } from '../src/engine/lint.js';
import { kindFilter } from '../src/input/kind-filter.js';
import { load } from '../src/input/load.js';
import { parseAll } from '../src/input/parse-threads.js';

// A Sidecar whose second egress listener has no hosts: a finding on line 10, found by a rule
// and located after the rules ran.
const SIDECAR = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: orders
spec:
  egress:
  - hosts:
    - "./*"
  - port:
      number: 9090
`;
const EDITED = `# a comment added\n# while the run\n# was under way\n${SIDECAR.replace('"./*"', '"./*"\n    - "istio-system/*"')}`;

async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-source-'));
  const file = path.join(dir, 'sidecar.yaml');
  writeFileSync(file, SIDECAR);
  const config = await loadConfig(undefined, dir, rules);
  const options = { defaultNamespace: 'default', filter: kindFilter(config), maxFileSize: config.maxFileSize, jobs: 1 };
  return { dir, file, config, options, inputs: [{ file: 'sidecar.yaml', from: { path: file } }] };
}

/**
 * A run that caches the file's parse, then a load that takes it from the cache: after
 * reading the file to check its bytes, or (`trusted`) on the word of its size and time.
 */
async function fromCache(trusted: boolean) {
  const { dir, file, config, options, inputs } = await setup();
  // Old enough for the cache to trust its size and modification time without reading it.
  if (trusted) utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const cache = { file: path.join(dir, 'cache', 'cache.json'), key: 'k', resultKey: 'r' };
  const first = await load(inputs, { ...options, cache });
  first.remember(lint(first.files, config, { cwd: dir, locator: first.locator }).findings, 0);
  // Another result key (another configuration): the findings are not reused, the parse is.
  const second = await load(inputs, { ...options, cache: { ...cache, resultKey: 'other' } });
  assert.ok(readFileSync(cache.file, 'utf8').includes(file), 'the parse was cached');
  return { dir, file, config, second };
}

const RULE = 'sidecar-egress-hosts-required';
const positions = (findings: readonly { line: number; column: number; ruleId: string }[]) =>
  findings.filter((f) => f.ruleId === RULE).map((f) => `${f.line}:${f.column} ${f.ruleId}`);

describe('positions come from the text that was parsed', () => {
  test('a file edited on disk between load and locate keeps the positions of the linted text', async () => {
    const { dir, file, config, options, inputs } = await setup();
    const unchanged = await load(inputs, options);
    assert.deepEqual(positions(lint(unchanged.files, config, { cwd: dir, locator: unchanged.locator }).findings), [`10:5 ${RULE}`]);

    const loaded = await load(inputs, options);
    writeFileSync(file, EDITED);
    const after = lint(loaded.files, config, { cwd: dir, locator: loaded.locator });
    assert.deepEqual(positions(after.findings), [`10:5 ${RULE}`], 'not line 14 of the edited file');
  });

  test('the same holds for a parse taken from the cache after checking the bytes', async () => {
    const { dir, file, config, second } = await fromCache(false);
    writeFileSync(file, EDITED);
    const after = lint(second.files, config, { cwd: dir, locator: second.locator });
    assert.deepEqual(positions(after.findings), [`10:5 ${RULE}`]);
  });

  test('a cached parse trusted by size and time, of a file changed before locating, points at its start', async () => {
    const { dir, file, config, second } = await fromCache(true);
    writeFileSync(file, EDITED);
    const after = lint(second.files, config, { cwd: dir, locator: second.locator });
    // The text that was linted is not known any more: no position inside the edited text.
    assert.deepEqual(positions(after.findings), [`1:1 ${RULE}`]);
  });

  test('worker threads hand back the text they parsed, without its byte order mark', async () => {
    const { file } = await setup();
    writeFileSync(file, `\uFEFF${SIDECAR}`);
    const jobs = Array.from({ length: 6 }, (_, i) => ({ file: `copy-${i}.yaml`, path: file }));
    const results = await parseAll(jobs, { defaultNamespace: 'default', maxFileSize: 1 << 20 }, 3, { probeMs: 0, threadCostMs: 0 });
    for (const result of results) {
      assert.ok('parsed' in result);
      assert.equal(result.text, SIDECAR);
      assert.deepEqual(result.parsed.chunks, [{ start: 0, end: SIDECAR.length }]);
    }
  });
});
