import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FIXTURES, runCase } from './support/fixtures.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/meshlint.js');
const REPO = path.join(FIXTURES, 'repos', 'asm-logsidecar');

interface JsonFinding { ruleId: string; severity: string; message: string; file: string; line: number; column: number; related: { file: string; line: number }[] }

async function meshlint(cwd: string): Promise<{ code: number; findings: JsonFinding[] }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, '.', '-f', 'json'], { cwd });
    return { code: 0, findings: JSON.parse(stdout) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    assert.ok(e.stdout, `meshlint failed: ${e.stderr}`);
    return { code: e.code, findings: JSON.parse(e.stdout) };
  }
}

// Where a line of a fixture file starts, so the test follows edits of the fixture.
function lineOf(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(path.join(REPO, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${needle} not in ${file}`);
  return { line: index + 1, column: lines[index]!.indexOf('name:') + 1 };
}

describe('an ASM repository with KubeSphere logsidecar-injector', () => {
  test('reports the webhook entry with the fix', async () => {
    const { code, findings } = await meshlint(REPO);
    const strips = findings.filter((f) => f.ruleId === 'webhook-strips-native-sidecar');
    assert.equal(strips.length, 1, JSON.stringify(findings, null, 2));
    const [finding] = strips;
    assert.equal(code, 1);
    assert.equal(finding!.severity, 'error');
    assert.equal(finding!.file, 'logsidecar-injector.yaml');
    assert.deepEqual({ line: finding!.line, column: finding!.column }, lineOf('logsidecar-injector.yaml', '- name: logsidecar-injector.logging.kubesphere.io'));
    assert.match(finding!.message, /KubeSphere logsidecar-injector/);
    // The fix is in the finding's hint, beside the short message.
    const [withHint] = (await runCase({ ruleId: 'webhook-strips-native-sidecar', name: 'asm-logsidecar', path: REPO, golden: '' })).filter((f) => f.ruleId === 'webhook-strips-native-sidecar');
    assert.equal(withHint!.message, finding!.message);
    assert.match(withHint!.hint!, /remove the logging\.kubesphere\.io\/logsidecar-injection label/);
    assert.ok(withHint!.hint!.includes(`kubectl patch asmmeshconfig default --type=merge --patch='{"spec":{"enableNativeSidecar":false}}'`), withHint!.hint);
    assert.ok(finding!.related.some((r) => r.file === 'workload.yaml'), 'the workload is a related location');
  });

  test('is silent once native sidecars are off', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-repo-'));
    try {
      cpSync(REPO, dir, { recursive: true });
      writeFileSync(path.join(dir, 'asm-mesh-config.yaml'), readFileSync(path.join(REPO, 'asm-mesh-config.yaml'), 'utf8').replace('enableNativeSidecar: true', 'enableNativeSidecar: false'));
      const { findings } = await meshlint(dir);
      assert.deepEqual(findings.filter((f) => f.ruleId === 'webhook-strips-native-sidecar'), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
