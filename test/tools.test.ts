import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingTools, skipReason } from './support/tools.js';

test('a missing program gives a one-line skip reason', () => {
  const missing = missingTools(['git', 'pre-commit'], (tool) => tool === 'git');
  assert.deepEqual(missing, ['pre-commit']);
  assert.equal(skipReason(missing, false), 'pre-commit is not installed');
  assert.equal(skipReason(['git', 'pre-commit'], false), 'git and pre-commit are not installed');
  assert.equal(skipReason(['git', 'sarif-multitool'], false), 'git is not installed; the SARIF Multitool cannot run here');
  assert.equal(skipReason([], false), false);
});

test('with MESHLINT_REQUIRE_TOOLS a missing program is a failure, not a skip', () => {
  assert.throws(() => skipReason(['pre-commit'], true), /^Error: pre-commit is not installed, and MESHLINT_REQUIRE_TOOLS is set/);
  assert.equal(skipReason([], true), false);
});
