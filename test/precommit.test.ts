import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { STAND_IN_HOOK_FILES, createHookRepo, preCommitVersion, runPreCommit } from './support/precommit.js';
import { skipWithout } from './support/tools.js';

// These tests need the real client and git; .ci/run installs them (Debian's packages) and
// sets MESHLINT_REQUIRE_TOOLS, so that CI never skips them.
describe('pre-commit harness, with a stand-in hook', { skip: skipWithout('git', 'pre-commit') }, () => {
  test('pre-commit reports its version', () => {
    assert.match(preCommitVersion() ?? '', /^pre-commit \d+\.\d+/);
  });

  const home = mkdtempSync(join(tmpdir(), 'meshlint-pre-commit-home-'));
  const hook = createHookRepo(STAND_IN_HOOK_FILES);
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(hook.path, { recursive: true, force: true });
  });

  test('a staged file with a finding fails the hook and shows the finding', () => {
    const r = runPreCommit({
      hookRepo: hook.path,
      rev: hook.rev,
      preCommitHome: home,
      files: { 'mesh/x.yaml': 'kind: bad\n', 'mesh/ok.yaml': 'kind: fine\n', 'README.md': 'bad, but not yaml\n' },
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^meshlint\.+Failed$/m);
    assert.match(r.stdout, /^mesh\/x\.yaml:1:1: error bad \[rule\]$/m);
    assert.doesNotMatch(r.stdout, /ok\.yaml|README/); // README.md is not passed: types_or [yaml, json]
  });

  test('clean staged files pass', () => {
    const r = runPreCommit({ hookRepo: hook.path, rev: hook.rev, preCommitHome: home, files: { 'a.yaml': 'kind: fine\n' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^meshlint\.+Passed$/m);
  });
});
