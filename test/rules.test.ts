import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { rules } from '../rules/index.js';
import { expectedMarkers, findingMarkers, fixtureCases, goldenText, runCase } from './support/fixtures.js';

// Every rule runs over its fixtures: findings must start exactly on the `# expect:` lines,
// and the full output must match the golden `.out` (UPDATE_GOLDEN=1 rewrites them).
for (const rule of rules) {
  describe(rule.meta.id, () => {
    for (const c of fixtureCases(rule.meta.id)) {
      test(c.name, async () => {
        const findings = await runCase(c);
        assert.deepEqual(findingMarkers(findings), expectedMarkers(c), 'findings must start on the lines marked "# expect:"');
        const golden = goldenText(findings);
        if (process.env.UPDATE_GOLDEN) writeFileSync(c.golden, golden);
        assert.ok(existsSync(c.golden), `golden file ${c.golden} is missing; run with UPDATE_GOLDEN=1 and review it`);
        assert.equal(golden, readFileSync(c.golden, 'utf8'));
      });
    }
  });
}
