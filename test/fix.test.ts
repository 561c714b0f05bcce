import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseDocument } from 'yaml';
import { rules } from '../rules/index.js';
import { applyFixes } from '../src/fix/apply.js';
import { unifiedDiff } from '../src/fix/diff.js';
import { splicesFor } from '../src/fix/edits.js';
import { run } from '../src/run.js';
import type { Finding, FixEdit } from '../src/rule.js';
import { meshlint, tree } from './support/cli.js';
import { fixtureCases } from './support/fixtures.js';
import { repoRoot } from './support/repo-root.js';

/** The text after these edits, or undefined when they are refused. */
function edited(text: string, edits: FixEdit[]): string | undefined {
  const splices = splicesFor(parseDocument(text, { keepSourceTokens: false }) as never, text, edits);
  if (!splices) return undefined;
  return [...splices].reverse().reduce((t, s) => t.slice(0, s.start) + s.text + t.slice(s.end), text);
}

describe('edits at paths keep every other byte', () => {
  test('a scalar keeps its quoting style; a new entry takes its siblings\' indentation', () => {
    assert.equal(edited('a:\n  b: "x"  # keep\n', [{ at: ['a', 'b'], set: 'y' }]), 'a:\n  b: "y"  # keep\n');
    assert.equal(edited("a: 'x'\n", [{ at: ['a'], set: "it's" }]), "a: 'it''s'\n");
    assert.equal(edited('a: x\n', [{ at: ['a'], set: 'true' }]), 'a: "true"\n', 'a string that would read as a boolean is quoted');
    assert.equal(edited('a: x\n', [{ at: ['a'], set: 'yes' }]), 'a: "yes"\n', 'and so is one that YAML 1.1, as Kubernetes reads it, takes for a boolean');
    assert.equal(edited('m:\n    k: 1\n# tail\n', [{ at: ['m', 'o'], set: 'v' }]), 'm:\n    k: 1\n    o: v\n# tail\n');
    assert.equal(edited('m:\n  k: 1\n', [{ at: ['m', 'n'], set: 'v' }]), 'm:\n  k: 1\n  "n": v\n', 'a new key too: n is false in YAML 1.1');
    assert.equal(edited('t:\n  metadata:\n    name: x\n', [{ at: ['t', 'metadata', 'labels', 'app'], set: 'web' }]), 't:\n  metadata:\n    name: x\n    labels:\n      app: web\n');
  });

  test('flow maps stay flow maps', () => {
    assert.equal(edited('labels: {a: "1", b: "2"}\n', [{ at: ['labels', 'a'], remove: true }]), 'labels: {b: "2"}\n');
    assert.equal(edited('labels: {a: "1", b: "2"}\n', [{ at: ['labels', 'b'], remove: true }]), 'labels: {a: "1"}\n');
    assert.equal(edited('labels: {app: x}\n', [{ at: ['labels', 'tier'], set: 'web' }]), 'labels: {app: x, tier: web}\n');
    assert.equal(edited('labels: {}\n', [{ at: ['labels', 'tier'], set: 'web' }]), 'labels: {tier: web}\n');
  });

  test('removing the only entry of a block map removes the map\'s own entry; comments on other lines stay', () => {
    assert.equal(edited('metadata:\n  name: x\n  # about it\n  annotations:\n    k: v  # gone with it\nspec: {}\n', [{ at: ['metadata', 'annotations', 'k'], remove: true }]), 'metadata:\n  name: x\n  # about it\nspec: {}\n');
  });

  test('sequence items: set in their quoting style, removed with their line or comma, never the last one', () => {
    assert.equal(edited('hosts:\n- "a"  # one\n- b\n', [{ at: ['hosts', 0], set: 'c' }]), 'hosts:\n- "c"  # one\n- b\n');
    assert.equal(edited('hosts:\n  # keep\n  - a\n  - b  # gone with it\n  - c\n', [{ at: ['hosts', 1], remove: true }]), 'hosts:\n  # keep\n  - a\n  - c\n');
    assert.equal(edited('hosts: [a, b, c]\n', [{ at: ['hosts', 1], remove: true }]), 'hosts: [a, c]\n');
    assert.equal(edited('hosts: ["a", "b"]\n', [{ at: ['hosts', 1], remove: true }]), 'hosts: ["a"]\n');
    assert.equal(edited('hosts: [a]\n', [{ at: ['hosts', 0], remove: true }]), undefined);
    assert.equal(edited('hosts:\n- {a: 1}\n- b\n', [{ at: ['hosts', 0], remove: true }]), undefined, 'only scalar items');
    assert.equal(edited('hosts: [a]\n', [{ at: ['hosts', 3], set: 'x' }]), undefined, 'an item that is not there');
  });

  test('a key moves into a new map at the end of its own map, but not into a map the same fix removes', () => {
    assert.equal(edited('ch:\n  header: x\n  size: 2  # old\n', [{ at: ['ch', 'size'], remove: true }, { at: ['ch', 'ring', 'size'], set: 2 }]), 'ch:\n  header: x\n  ring:\n    size: 2\n');
    assert.equal(edited('ch:\n  size: 2\n  header: x\n', [{ at: ['ch', 'size'], remove: true }, { at: ['ch', 'ring', 'size'], set: 2 }]), 'ch:\n  header: x\n  ring:\n    size: 2\n');
    // The only annotation goes, and with it the metadata map the label was to go into.
    assert.equal(edited('t:\n  metadata:\n    annotations:\n      k: v\n  spec: {}\n', [{ at: ['t', 'metadata', 'annotations', 'k'], remove: true }, { at: ['t', 'metadata', 'labels', 'k'], set: 'v' }]), undefined);
  });

  test('ambiguous edits are refused: aliases, a non-scalar value, overlapping edits', () => {
    assert.equal(edited('base: &b {k: v}\nuse: *b\n', [{ at: ['use', 'k'], set: 'w' }]), undefined);
    assert.equal(edited('a: {b: 1}\n', [{ at: ['a'], set: 'x' }]), undefined);
    assert.equal(edited('a: 1\n', [{ at: ['a'], set: 2 }, { at: ['a'], set: 3 }]), undefined);
    // A self-referential alias does not loop.
    assert.equal(edited('a: &x [*x]\n', [{ at: ['a', 0, 'b'], set: 'c' }]), undefined);
  });

  test('fixes that touch the same text wait for the next pass; a diff shows what changed', () => {
    const text = 'a: 1\nb: 2\n';
    const r = (offset: number, length: number, t: string) => ({ offset, length, text: t, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } });
    assert.deepEqual(applyFixes(text, [[r(3, 1, '9')], [r(3, 1, '8')], [r(8, 1, '7')]]), { text: 'a: 9\nb: 7\n', applied: 2 });
    assert.equal(unifiedDiff('x.yaml', text, 'a: 9\nb: 2\n'), '--- a/x.yaml\n+++ b/x.yaml\n@@ -1,2 +1,2 @@\n-a: 1\n+a: 9\n b: 2\n');
    assert.equal(unifiedDiff('x.yaml', text, text), '');
  });
});

/** Lines of `before` that no fix touched must appear, in order, in `after`. */
function assertUntouchedKept(before: string, after: string, findings: readonly Finding[]) {
  const touched = new Set<number>();
  for (const f of findings) {
    for (const r of f.fix?.replacements ?? []) {
      const last = r.region.endColumn === 1 && r.region.endLine > r.region.startLine ? r.region.endLine - 1 : r.region.endLine;
      for (let line = r.region.startLine; line <= last; line++) touched.add(line);
    }
  }
  const kept = before.split('\n').filter((_, i) => !touched.has(i + 1));
  const lines = after.split('\n');
  let at = 0;
  for (const line of kept) {
    while (at < lines.length && lines[at] !== line) at++;
    assert.ok(at < lines.length, `line kept: ${JSON.stringify(line)}`);
    at++;
  }
}

const fixable = rules.filter((r) => r.meta.fixable).map((r) => r.meta.id);

describe('--fix on every fixable fixture and on the examples', () => {
  test('fixable rules are the mechanical ones', () => {
    assert.deepEqual(fixable, [
      'destination-rule-host-undefined', 'init-container-restart-policy', 'istio-annotation-unknown', 'istio-config-invalid', 'namespace-injection-labels-conflict',
      'resource-metadata-invalid', 'resource-schema-invalid', 'service-external-name-port-name', 'service-port-protocol-unnamed',
      'sidecar-egress-host-duplicate', 'sidecar-egress-host-format', 'virtual-service-gateway-undefined', 'virtual-service-host-undefined',
      'workload-annotation-misplaced', 'workload-inject-annotation-deprecated',
    ]);
  });

  for (const ruleId of fixable) {
    test(`${ruleId}: fixed findings are gone, everything else byte-identical, a second --fix changes nothing`, async () => {
      let fixedSomewhere = 0;
      for (const c of fixtureCases(ruleId)) {
        const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-fix-'));
        if (statSync(c.path).isDirectory()) cpSync(c.path, dir, { recursive: true });
        else {
          const text = readFileSync(c.path, 'utf8');
          cpSync(c.path, path.join(dir, c.name));
          const inline = /^# config: (.+)$/m.exec(text.split('\n')[0] ?? '');
          writeFileSync(path.join(dir, '.lintrc'), inline ? JSON.stringify(parse(inline[1]!)) : '{}\n');
        }
        const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.lintrc'));
        const before = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
        const first = await run({ cwd: dir, paths: ['.'] });
        const ours = (list: readonly Finding[]) => list.filter((f) => f.ruleId === ruleId && !f.suppression);
        const withFix = ours(first.findings).filter((f) => f.fix?.replacements);
        const fix = await meshlint(['-f', 'json', '--fix', '.'], dir);
        assert.ok(fix.code === 0 || fix.code === 1, fix.stderr);
        const after = JSON.parse(fix.stdout) as { ruleId: string }[];
        assert.equal(after.filter((f) => f.ruleId === ruleId).length, ours(first.findings).length - withFix.length, `${c.name}: each fixed finding is gone`);
        for (const f of files) {
          const text = readFileSync(path.join(dir, f), 'utf8');
          // Other rules' fixes apply too: every fixed place counts as touched.
          assertUntouchedKept(before[f]!, text, first.findings.filter((x) => x.fix?.replacements && x.absolutePath === path.join(dir, f)));
          const comments = (t: string) => t.split('\n').filter((l) => /^\s*#/.test(l));
          assert.deepEqual(comments(text), comments(before[f]!), `${c.name}: comment lines kept`);
          assert.doesNotThrow(() => parseDocument(text));
        }
        const again = await meshlint(['--fix-dry-run', '.'], dir);
        assert.equal(again.stdout, '', `${c.name}: nothing more to fix`);
        fixedSomewhere += withFix.length;
      }
      assert.ok(fixedSomewhere > 0, `a fixture of ${ruleId} has a fixable finding`);
    });
  }

  test('the examples: --fix-dry-run shows the diff, --fix writes it, and the fixed rules are then clean', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-fix-examples-'));
    cpSync(path.join(repoRoot(), 'examples'), dir, { recursive: true });
    const dry = await meshlint(['--fix-dry-run', '.'], dir);
    assert.equal(dry.code, 1);
    assert.match(dry.stdout, /^--- a\/batch\/report\.yaml\n\+\+\+ b\/batch\/report\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@\n/m);
    assert.match(dry.stdout, /^-            restartPolicy: always\n\+            restartPolicy: Always$/m);
    assert.equal(readFileSync(path.join(dir, 'batch/report.yaml'), 'utf8'), readFileSync(path.join(repoRoot(), 'examples/batch/report.yaml'), 'utf8'), 'a dry run changes nothing');
    const first = (await run({ cwd: dir, paths: ['.'] })).findings;
    const fixed = await meshlint(['-f', 'json', '--fix', '.'], dir);
    const left = (JSON.parse(fixed.stdout) as { ruleId: string }[]).map((f) => f.ruleId);
    const count = (id: string, list: readonly string[]) => list.filter((x) => x === id).length;
    for (const id of fixable) {
      const before = first.filter((f) => f.ruleId === id);
      assert.equal(count(id, left), before.length - before.filter((f) => f.fix?.replacements).length, `${id}: its fixable findings are gone after --fix, the others stay`);
    }
    assert.ok(first.filter((f) => f.fix?.replacements).length >= 3);
    assert.equal((await meshlint(['--fix-dry-run', '.'], dir)).stdout, '');
  });

  test('--fix with stdin is a usage error; a file with a byte order mark keeps it', async () => {
    assert.equal((await meshlint(['--fix', '-'], tree({}))).code, 2);
    const dir = tree({ 'ns.yaml': '\ufeffapiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n    istio.io/rev: canary\n' });
    await meshlint(['--fix', 'ns.yaml'], dir);
    assert.equal(readFileSync(path.join(dir, 'ns.yaml'), 'utf8'), '\ufeffapiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio.io/rev: canary\n');
  });
});

