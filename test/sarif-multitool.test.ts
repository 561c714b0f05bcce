import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from './support/repo-root.js';
import { formatMessages, validateSarif } from './support/sarif-multitool.js';
import { skipWithout } from './support/tools.js';

// The tests that run the Multitool skip where its binary cannot run (see support/tools.ts).
const skip = skipWithout('sarif-multitool');

const fixtures = join(repoRoot(), 'test', 'fixtures', 'sarif');
const scratch = mkdtempSync(join(tmpdir(), 'meshlint-sarif-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

type Log = { $schema?: string; runs: Record<string, any>[] };

/** A copy of minimal-valid.sarif with one defect, written to the scratch folder. */
function brokenCopy(name: string, breakIt: (log: Log) => void): string {
  const log = JSON.parse(readFileSync(join(fixtures, 'minimal-valid.sarif'), 'utf8')) as Log;
  breakIt(log);
  const file = join(scratch, `${name}.sarif`);
  writeFileSync(file, JSON.stringify(log, null, 2));
  return file;
}

for (const fixture of ['minimal-valid.sarif', 'clean-run.sarif']) {
  test(`${fixture} has no validator errors or warnings`, { skip }, () => {
    const report = validateSarif(join(fixtures, fixture));
    assert.deepEqual(report.errors, [], formatMessages(report.errors));
    assert.deepEqual(report.warnings, [], formatMessages(report.warnings));
  });
}

const defects: [string, string, (log: Log) => void][] = [
  ['a result without a region', 'GH1003', (log) => delete log.runs[0]!.results[0].locations[0].physicalLocation.region],
  [
    'an absolute file:// URI',
    'GH1006',
    (log) => {
      const artifact = log.runs[0]!.results[0].locations[0].physicalLocation.artifactLocation;
      artifact.uri = 'file:///home/runner/work/app/app/deploy/mesh/sidecar-b.yaml';
      delete artifact.uriBaseId;
    },
  ],
  ['a log without $schema', 'GH1013', (log) => delete log.$schema],
  ['a run without results', 'GH1014', (log) => delete log.runs[0]!.results],
  ['a rule without help', 'GH2012', (log) => delete log.runs[0]!.tool.driver.rules[0].help],
  ['a ruleIndex past the rules array', 'SARIF1009', (log) => (log.runs[0]!.results[0].ruleIndex = 5)],
];

for (const [what, ruleId, breakIt] of defects) {
  test(`the validator reports ${ruleId} for ${what}`, { skip }, () => {
    const report = validateSarif(brokenCopy(ruleId, breakIt));
    const hit = report.errors.find((m) => m.ruleId === ruleId);
    assert.ok(hit, `expected an error ${ruleId}, got:\n${formatMessages([...report.errors, ...report.warnings])}`);
    // The validator writes message ids and arguments; the harness rebuilds the text.
    assert.ok(hit.message.length > 40, hit.message);
    assert.doesNotMatch(hit.message, /\{\d+\}/);
  });
}
