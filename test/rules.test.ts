import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { rules } from '../rules/index.js';
import type { Finding, ResourceSet, Rule } from '../src/rule.js';
import { expectedMarkers, findingMarkers, fixtureCases, goldenText, runCase } from './support/fixtures.js';

/** The golden text, with each finding's hint below its message so that hints are reviewed too. */
const golden = (findings: readonly Finding[]) => findings.map((f) => {
  const [head, ...rest] = goldenText([f]).split('\n');
  return [head, ...(f.hint ? [`    hint: ${f.hint}`] : []), ...rest].join('\n');
}).join('');

// Every rule runs over its fixtures: findings must start exactly on the `# expect:` lines,
// and the full output must match the golden `.out` (UPDATE_GOLDEN=1 rewrites them).
for (const rule of rules) {
  describe(rule.meta.id, () => {
    for (const c of fixtureCases(rule.meta.id)) {
      test(c.name, async () => {
        const findings = await runCase(c);
        assert.deepEqual(findingMarkers(findings), expectedMarkers(c), 'findings must start on the lines marked "# expect:"');
        const text = golden(findings);
        if (process.env.UPDATE_GOLDEN) writeFileSync(c.golden, text);
        assert.ok(existsSync(c.golden), `golden file ${c.golden} is missing; run with UPDATE_GOLDEN=1 and review it`);
        assert.equal(text, readFileSync(c.golden, 'utf8'));
      });
    }
  });
}

/** What is wrong with a message's shape, or undefined: one sentence of at most 160 characters. */
export function messageProblem(message: string): string | undefined {
  if (message.length > 160) return `has ${message.length} characters, more than 160`;
  // Quoted values may hold anything; the sentence around them may not.
  const prose = message.replace(/"[^"]*"/g, '""');
  if (prose.includes(';')) return 'joins clauses with ";"';
  if (/[.!?]\s+[A-Z]/.test(prose)) return 'has more than one sentence';
  if (/[.]$/.test(prose)) return 'ends with a period';
  if (prose.includes('\n')) return 'spans lines';
  return undefined;
}

describe('message shape', () => {
  test('the shape check catches long, joined and multi-sentence messages', () => {
    assert.equal(messageProblem('Sidecar shop/a has no "hosts"'), undefined);
    assert.equal(messageProblem('host "a;b" of Sidecar shop/a is odd'), undefined);
    assert.match(messageProblem('x'.repeat(161))!, /161 characters/);
    assert.match(messageProblem('Sidecar shop/a has no hosts; add one')!, /";"/);
    assert.match(messageProblem('Sidecar shop/a has no hosts. Add one')!, /one sentence/);
    assert.match(messageProblem('Sidecar shop/a has no hosts.')!, /period/);
  });

  // Resource rules only: the file-level rules pass on messages of the YAML parser and loader.
  for (const rule of rules.filter((r) => r.check)) {
    test(`${rule.meta.id}: every fixture finding has a one-sentence message of at most 160 characters and a hint that adds to it`, async () => {
      const cases = fixtureCases(rule.meta.id);
      let count = 0;
      for (const c of cases) {
        for (const f of (await runCase(c)).filter((x) => x.ruleId === rule.meta.id)) {
          count++;
          const where = `${c.name} ${f.file}:${f.line}: ${f.message}`;
          assert.equal(messageProblem(f.message), undefined, `${messageProblem(f.message)}: ${where}`);
          assert.ok(f.message.includes(f.resource ? refOfFinding(f) : ''), `names its resource: ${where}`);
          if (f.hint === undefined) continue;
          assert.ok(f.hint.length > 0 && !f.hint.includes(f.message) && !f.message.includes(f.hint), `hint repeats the message: ${where}`);
          assert.ok(!sameWords(f.hint, f.message), `hint says what the message says: ${where}`);
        }
      }
      assert.ok(count > 0, `no fixture of ${rule.meta.id} produces a finding`);
    });
  }
});

const refOfFinding = (f: Finding) => f.resource!.namespace === undefined ? `${f.resource!.kind} ${f.resource!.name}` : `${f.resource!.kind} ${f.resource!.namespace}/${f.resource!.name}`;

// A hint that only rearranges the message's words tells the reader nothing more.
function sameWords(a: string, b: string): boolean {
  const words = (s: string) => new Set(s.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const [wa, wb] = [words(a), words(b)];
  return [...wa].every((w) => wb.has(w));
}

/** Wraps a rule's view of the resources, recording each `group/Kind` it looks up. */
function recording(set: ResourceSet, seen: Set<string>): ResourceSet {
  return {
    all: () => set.all(),
    ofKind: (kind) => (seen.add(kind), set.ofKind(kind)),
    inNamespace: (kind, ns) => (seen.add(kind), set.inNamespace(kind, ns)),
    get: (kind, ns, name) => (seen.add(kind), set.get(kind, ns, name)),
    memo: (key, compute) => set.memo(key, compute),
  };
}

// The view each rule gets throws on a lookup of a kind it does not declare, so the fixtures
// prove `meta.reads` complete; recording the lookups proves that it lists nothing more.
describe('meta.reads', () => {
  for (const rule of rules.filter((r) => r.check)) {
    test(`${rule.meta.id}: every kind in meta.reads is looked up by some fixture`, async () => {
      const seen = new Set<string>();
      const check = rule.check!;
      const wrapped: Rule['check'] = (resource, ctx) => check(resource, { ...ctx, resources: recording(ctx.resources, seen), report: ctx.report });
      (rule as { check?: Rule['check'] }).check = wrapped;
      try {
        for (const c of fixtureCases(rule.meta.id)) await runCase(c);
      } finally {
        (rule as { check?: Rule['check'] }).check = check;
      }
      assert.deepEqual((rule.meta.reads ?? []).filter((kind) => !seen.has(kind)), [], 'kinds in meta.reads that no fixture looks up');
    });
  }
});
