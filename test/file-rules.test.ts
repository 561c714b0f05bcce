import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rules } from '../rules/index.js';
import { loadConfig } from '../src/config/load.js';
import { lint, withDirectiveRules } from '../src/engine/lint.js';
import { kindFilter } from '../src/input/kind-filter.js';
import { parseFile } from '../src/input/parse.js';
import { Locator } from '../src/position/locator.js';
import { defineRule, PROBLEM_CODES, type Rule } from '../src/rule.js';

const config = await loadConfig(undefined, process.cwd(), rules);

describe('file-level rules are wired by their metadata', () => {
  test('every loader problem is reported by exactly one built-in rule, which has checkFile', () => {
    for (const code of PROBLEM_CODES) {
      const claimants = rules.filter((r) => r.meta.problems?.includes(code));
      assert.equal(claimants.length, 1, `problem "${code}" is claimed by ${claimants.map((r) => r.meta.id).join(', ') || 'no rule'}`);
      assert.ok(claimants[0]!.checkFile, `${claimants[0]!.meta.id} has checkFile`);
    }
  });

  test('an allDocumentsOption names a boolean option of its rule', () => {
    for (const { meta } of rules.filter((r) => r.meta.allDocumentsOption)) {
      const property = (meta.options?.properties as Record<string, { type?: string }> | undefined)?.[meta.allDocumentsOption!];
      assert.equal(property?.type, 'boolean', meta.id);
    }
  });

  test('a rule of any id can ask for every document through its option', () => {
    const wide = defineRule({
      meta: { id: 'plugin-wide', description: 'Read everything', rationale: 'r', remediation: 'r', severity: 'info', kinds: [], allDocumentsOption: 'everything' },
      checkFile() {},
    });
    // yaml-syntax asks for every document by default; with it off, only the plugin's option does.
    const quiet = { ...config, enabled: new Map([...config.enabled].filter(([id]) => id !== 'yaml-syntax')) };
    assert.equal(kindFilter(config).everyDocument, true);
    assert.equal(kindFilter(quiet).everyDocument, false);
    const withRule = (options: Record<string, unknown>) => ({
      ...quiet, rules: [...quiet.rules, wide], enabled: new Map([...quiet.enabled, [wide.meta.id, { severity: 'info' as const, options }]]),
    });
    assert.equal(kindFilter(withRule({ everything: false })).everyDocument, false);
    assert.equal(kindFilter(withRule({ everything: true })).everyDocument, true);
  });

  test('a loader problem reaches only the rule whose metadata claims its code', () => {
    const seen: string[] = [];
    const spy = (id: string, problems: Rule['meta']['problems']): Rule => defineRule({
      meta: { id, description: 'Spy on problems', rationale: 'r', remediation: 'r', severity: 'error', kinds: [], ...(problems ? { problems } : {}) },
      checkFile(source) { for (const p of source.problems) seen.push(`${id} ${p.code}`); },
    });
    const spies = [spy('spy-shape', ['shape']), spy('spy-syntax', ['syntax']), spy('spy-none', undefined)];
    const text = 'apiVersion: v1\nkind: [1]\n---\nkey: [unclosed\n';
    const file = parseFile('x.yaml', text, { defaultNamespace: 'default' });
    const only = { ...config, rules: spies, enabled: new Map(spies.map((r) => [r.meta.id, { severity: 'error' as const, options: {} }])) };
    lint([file], only, { cwd: process.cwd(), locator: new Locator(() => text) });
    assert.deepEqual(seen.sort(), ['spy-shape shape', 'spy-syntax syntax']);
  });
});

describe('opt-in rules', () => {
  const text = '# meshlint-disable-next-line yaml-syntax -- nothing to hide\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: calm\n';
  const run = (c: typeof config) => lint([parseFile('ns.yaml', text, { defaultNamespace: 'default' })], c, { cwd: process.cwd(), locator: new Locator(() => text) })
    .findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`);
  // Only the rules that look at files, not at resources: the Namespace is not their concern.
  const fileRules = { ...config, enabled: new Map([...config.enabled].filter(([id]) => !rules.find((r) => r.meta.id === id)!.check)) };

  test('are off unless turned on, and the directive flag turns on the rules that check directives', () => {
    const optIn = rules.filter((r) => r.meta.optIn).map((r) => r.meta.id);
    assert.ok(optIn.length > 0);
    for (const id of optIn) assert.equal(config.enabled.has(id), false, `${id} is off by default`);
    assert.deepEqual(run(fileRules), []);
    const flagged = withDirectiveRules(fileRules);
    // Rules that check directives and are on by default (unknown rule ids) are on already.
    const turnedOn = rules.filter((r) => r.checkDirectives && r.meta.optIn).map((r) => r.meta.id);
    assert.deepEqual([...flagged.enabled.keys()].filter((id) => !config.enabled.has(id)), turnedOn);
    assert.deepEqual(run(flagged), turnedOn.map((id) => `1:1 ${id}`));
  });
});
