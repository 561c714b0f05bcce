import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BAD_SIDECAR, badSidecar, meshlint, tree } from './support/cli.js';
import { repoRoot } from './support/repo-root.js';

interface Pattern { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number }
const { problemMatcher } = JSON.parse(readFileSync(join(repoRoot(), 'problem-matcher.json'), 'utf8')) as {
  problemMatcher: { owner: string; fileLocation: unknown; pattern: Pattern[] }[];
};

/** What VS Code or the Actions runner would take from one line of output. */
function apply(line: string) {
  const [pattern] = problemMatcher[0]!.pattern;
  const m = new RegExp(pattern!.regexp).exec(line);
  if (!m) return undefined;
  return {
    file: m[pattern!.file], line: Number(m[pattern!.line]), column: Number(m[pattern!.column]),
    severity: m[pattern!.severity], message: m[pattern!.message], code: m[pattern!.code],
  };
}

// A plugin rule whose message holds colons, brackets and a "[rule]"-like tail of its own.
const PLUGIN = `export default { meta: { id: 'team-odd-message', description: 'Report an awkward message', rationale: 'Exercises the matcher.', remediation: 'None.', severity: 'info', kinds: ['Namespace'] },
  check(ns, ctx) { ctx.report({ message: 'label "team: a" is [not] allowed: see https://x.example/a:b [ticket-7]' }); } };
`;

describe('problem-matcher.json', () => {
  test('one matcher, owner meshlint, with every group a problem needs', () => {
    assert.equal(problemMatcher.length, 1);
    assert.equal(problemMatcher[0]!.owner, 'meshlint');
    const [pattern] = problemMatcher[0]!.pattern;
    assert.deepEqual(Object.keys(pattern!).sort(), ['code', 'column', 'file', 'line', 'message', 'regexp', 'severity']);
  });

  test('reads file, line, column, severity, message and code from real text output', async () => {
    const dir = tree({
      '.lintrc': 'plugins: [./odd.mjs]\n',
      'odd.mjs': PLUGIN,
      'my manifests/shop: east/bad sidecar.yaml': BAD_SIDECAR,
      'my manifests/ns [v2].yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: odd\n  labels: {istio-injection: enabled}\n',
    });
    const { stdout } = await meshlint(['-f', 'text', 'my manifests'], dir);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, stdout);
    assert.deepEqual(lines.map(apply), [
      {
        file: 'my manifests/ns [v2].yaml', line: 4, column: 3, severity: 'info',
        message: 'label "team: a" is [not] allowed: see https://x.example/a:b [ticket-7]', code: 'team-odd-message',
      },
      {
        file: 'my manifests/shop: east/bad sidecar.yaml', line: 8, column: 5, severity: 'error',
        message: 'egress listener 1 of Sidecar shop/default has no "hosts"',
        code: 'sidecar-egress-hosts-required',
      },
    ]);
  });

  test('a directory named like a text line reads as the right file and severity (issue 11, finding 7)', async () => {
    const dir = tree({ 'x:5:5: info y/bad.yaml': badSidecar('x'), '100% ::ok/v1:2/bad.yaml': badSidecar('v'), 'plain: dir/bad.yaml': badSidecar('p') });
    const { stdout } = await meshlint(['-f', 'text', '.'], dir);
    const found = stdout.trimEnd().split('\n').map(apply);
    assert.deepEqual(found.map((m) => m && { file: decodeURIComponent(m.file!), line: m.line, severity: m.severity, code: m.code }), [
      { file: '100% ::ok/v1:2/bad.yaml', line: 8, severity: 'error', code: 'sidecar-egress-hosts-required' },
      { file: 'plain: dir/bad.yaml', line: 8, severity: 'error', code: 'sidecar-egress-hosts-required' },
      { file: 'x:5:5: info y/bad.yaml', line: 8, severity: 'error', code: 'sidecar-egress-hosts-required' },
    ]);
    // Only what needs escaping is escaped: a colon before a space leaves the path as it is.
    assert.deepEqual(found.map((m) => m!.file), ['100%25 ::ok/v1%3A2/bad.yaml', 'plain: dir/bad.yaml', 'x%3A5%3A5: info y/bad.yaml']);
  });

  test('matches nothing else meshlint prints', async () => {
    const dir = tree({ 'a.yaml': BAD_SIDECAR });
    const verbose = await meshlint(['-f', 'text', '-v', '--max-warnings', 'x', 'a.yaml'], dir);
    const noise = [...verbose.stderr.split('\n'), 'meshlint: wrote 3 finding(s) to base.json', ''];
    assert.deepEqual(noise.map(apply).filter(Boolean), []);
  });
});
