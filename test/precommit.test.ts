import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { STAND_IN_HOOK_FILES, createHookRepo, preCommitVersion, runPreCommit } from './support/precommit.js';

// .ci/run installs pre-commit (Debian's package); these tests need the real client.
describe('pre-commit harness, with a stand-in hook', () => {
  test('pre-commit is installed', () => {
    assert.ok(preCommitVersion(), 'pre-commit is not on PATH: install it (apt-get install pre-commit), as .ci/run does');
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
