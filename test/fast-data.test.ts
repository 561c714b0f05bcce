import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { fastData } from '../src/input/fast-data.js';
import { parseChunk, parseFile } from '../src/input/parse.js';
import { asYamlText } from '../src/input/decode.js';
import { splitDocuments } from '../src/input/documents.js';
import { eventSpan, eventTree } from '../src/position/event-spans.js';
import { pathSpan } from '../src/position/spans.js';
import type { Json, Path } from '../src/rule.js';
import { FIXTURES } from './support/fixtures.js';
import { repoRoot } from './support/repo-root.js';

/** Every YAML and JSON file under `dir`. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** What a file reads as, fast where possible and in full, in a form where NaN and infinities compare too. */
function bothWays(file: string, text: string) {
  const shown = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `number ${v}` : v));
  const full = parseFile(file, text, { defaultNamespace: 'default', full: true });
  const fast = parseFile(file, text, { defaultNamespace: 'default' });
  return { full: shown(full), fast: shown(fast) };
}

describe('the fast reading gives exactly what the full parse gives', () => {
  test('on every fixture, the hostile corpus and the examples: the same resources, problems and skips', () => {
    const files = [...yamlFiles(FIXTURES), ...yamlFiles(path.join(repoRoot(), 'examples'))];
    assert.ok(files.length > 300);
    for (const file of files) {
      const { full, fast } = bothWays(file, readFileSync(file, 'latin1').includes('\u0000') ? readFileSync(file, 'latin1') : readFileSync(file, 'utf8'));
      assert.equal(fast, full, file);
    }
  });

  test('on fixture texts with random edits (broken quotes, indentation, tabs, markers, anchors)', () => {
    const texts = yamlFiles(FIXTURES)
      .map((file) => readFileSync(file, 'utf8')).filter((t) => t.length < 4000);
    const pieces = ['"', "'", ' ', '  ', '\t', '\n', ':', ': ', '- ', '---\n', '...', '{', '}', '[', ']', ',', '#', '&a ', '*a', '!!str ', '!x ', '|', '>', '? ', '<<: ', '%', '@', '`', '\\', 'yes', '0o17', '1.20', '~', '\r', '\r\n', 'null'];
    fc.assert(fc.property(
      fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }),
      (text, edits) => {
        let edited = text;
        for (const [at, drop, piece] of edits) {
          const i = at % (edited.length + 1);
          edited = edited.slice(0, i) + piece + edited.slice(i + drop);
        }
        const { full, fast } = bothWays('edited.yaml', edited);
        assert.equal(fast, full, JSON.stringify(edited));
      },
    ), { seed: Number(process.env.FUZZ_SEED ?? 1203), numRuns: Number(process.env.FUZZ_RUNS ?? 3000) });
  });
});

describe('fastData', () => {
  test('resolves plain scalars as go-yaml v2 does, and keeps quoted ones as strings', () => {
    assert.deepEqual(fastData('a: yes\nb: "yes"\nc: 1.20\nd: 0777\ne: ~\nf:\ng: 0x1F\nh: 1_000\ni: .inf\nj: 2024-01-02\nk: 1:20\nl: on\n'), {
      a: true, b: 'yes', c: 1.2, d: 511, e: null, f: null, g: 31, h: 1000, i: Infinity, j: '2024-01-02', k: '1:20', l: true,
    });
  });

  test('leaves to the full parse what only it reads exactly', () => {
    for (const text of [
      'a: &x {b: 1}\nc: *x\n', // aliases
      'base: &b {x: 1}\nm:\n  <<: *b\n', // merge keys
      'a: !!int "3"\n', // explicit tags resolved as go-yaml does
      'a: !custom x\n',
      'a: 1\na: 2\n', // duplicate keys
      '1: one\n', // keys that are not strings
      'a: "unterminated\n', // syntax errors
      `${'['.repeat(150)}${']'.repeat(150)}\n`, // deep nesting
      '', // empty
    ]) assert.equal(fastData(text), undefined, JSON.stringify(text));
  });

  test('a __proto__ key is data, never the prototype', () => {
    const data = fastData('__proto__: {polluted: true}\n') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.deepEqual(Object.keys(data), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

/** Every path into `data`, and for each collection one path below it that does not exist. */
function pathsOf(data: Json, base: Path = []): Path[] {
  const paths: Path[] = [base];
  if (Array.isArray(data)) {
    data.forEach((item, i) => paths.push(...pathsOf(item, [...base, i])));
    paths.push([...base, data.length], [...base, 'missing']);
  } else if (typeof data === 'object' && data !== null) {
    for (const [key, value] of Object.entries(data)) paths.push(...pathsOf(value, [...base, key]));
    paths.push([...base, 'missing', 0]);
  } else paths.push([...base, 'below']);
  return paths;
}

describe('positions from the event tree', () => {
  test('are the spans the full parse gives, for every path of every fixture document, with every focus', () => {
    let known = 0;
    let total = 0;
    for (const file of [...yamlFiles(FIXTURES), ...yamlFiles(path.join(repoRoot(), 'examples'))]) {
      const text = asYamlText(readFileSync(file, 'utf8'));
      for (const chunk of splitDocuments(text)) {
        const source = text.slice(chunk.start, chunk.end);
        const tree = eventTree(source);
        const data = fastData(source);
        if (!tree || data === undefined) continue;
        const document = parseChunk(text, chunk);
        assert.ok(!('tooDeepAt' in document));
        for (const at of pathsOf(data)) {
          for (const focus of [undefined, 'key', 'value'] as const) {
            total++;
            const span = eventSpan(tree, at, focus);
            if (span === undefined) continue;
            known++;
            assert.deepEqual(span, pathSpan(document, at, focus), `${file} at ${chunk.start}: ${JSON.stringify(at)} ${focus}`);
          }
        }
      }
    }
    // Most spans come from the tree: the full parse is the exception.
    assert.ok(known > total * 0.8, `${known} of ${total}`);
  });
});
