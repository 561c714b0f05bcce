import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { FORMATS } from '../src/format/index.js';
import { summary } from '../src/format/summary.js';
import { visible } from '../src/format/terminal-text.js';
import { run } from '../src/run.js';
import { badSidecar, meshlint, tree } from './support/cli.js';


/**
 * The workflow command the GitHub Actions runner would read from one line, if any: `::name …::`
 * after leading whitespace, or the older `##[name …]` anywhere in the line.
 */
function commandIn(line: string): string | undefined {
  const trimmed = line.trimStart();
  const end = trimmed.startsWith('::') ? trimmed.indexOf('::', 2) : -1;
  if (end >= 0) return trimmed.slice(2, end).split(' ')[0];
  const v1 = line.indexOf('##[');
  const close = v1 < 0 ? -1 : line.indexOf(']', v1);
  return close < 0 ? undefined : line.slice(v1 + 3, close).split(' ')[0];
}

/** The runner reads output line by line, ending lines at `\n`, `\r` and `\r\n`. */
const runnerLines = (text: string) => text.split(/\r\n|\r|\n/);

/** A property of a workflow command, unescaped as the runner does. */
const unescapeProperty = (value: string) =>
  value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

// Directory names that are (or after a newline start) workflow commands, and Sidecar names that hold some too.
const HOSTILE = [
  '::add-mask::secretvalue', '::error title=Fake::Owned', ' ::warning::indented', 'newline\n::stop-commands::pause',
  'return\r::error::fake', 'old ##[add-mask]hidden', '::set-output name=x::y',
];
const NAMES = ['plain', 'line\n::error::from-name', '##[set-output name=a;]b', 'x\r::add-mask::name'];

describe('no output line of any format is a workflow command (issue 11, finding 2)', () => {
  const files: Record<string, string> = {};
  HOSTILE.forEach((dir, i) => {
    files[`${dir}/x.yaml`] = badSidecar(`ns${i}`).replace('name: default', `name: ${JSON.stringify(NAMES[i % NAMES.length])}`);
  });
  files[`${HOSTILE[0]}/values.yaml`] = 'replicaCount: 1\n';
  const dir = tree(files);

  for (const format of FORMATS) {
    test(`-f ${format}, with --verbose notes on stderr`, async () => {
      const { code, stdout, stderr } = await meshlint(['-f', format, '-v', '.'], dir);
      assert.equal(code, 1, stderr);
      const commands = runnerLines(`${stdout}\n${stderr}`).filter((line) => commandIn(line) !== undefined);
      if (format !== 'github') {
        assert.deepEqual(commands, []);
        return;
      }
      // Only meshlint's own annotations, one per finding, each naming a file that exists.
      assert.equal(commands.length, HOSTILE.length, commands.join('\n'));
      // The runner unescapes `%0A` and `%0D` back into the file's own newline and carriage return.
      const shown = new Set(HOSTILE.map((d) => visible(`${d}/x.yaml`).replace(/\\n/g, '\n').replace(/\\r/g, '\r')));
      for (const line of commands) {
        assert.equal(commandIn(line), 'error', line);
        const file = /^::error file=([^,]*),/.exec(line)?.[1];
        assert.ok(file !== undefined && shown.has(unescapeProperty(file)), line);
      }
    });
  }

  test('stdin under a hostile --stdin-filename, a usage error naming a hostile path, and meshlint init', async () => {
    const named = await meshlint(['-f', 'text', '--stdin-filename', '::add-mask::stdin.yaml', '-'], dir, badSidecar());
    assert.equal(named.code, 1);
    const missing = await meshlint(['-f', 'text', 'none\n::error::missing'], dir);
    assert.equal(missing.code, 2);
    // meshlint init names directories and manifest values in what it prints.
    const initDir = tree({ '::add-mask::secret\n::error::x/a.yaml': badSidecar(), 'values\n##[add-mask]v/b.yaml': badSidecar('b') });
    const init = await meshlint(['init', initDir], dir);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /add-mask/);
    for (const line of runnerLines(named.stdout + named.stderr + missing.stdout + missing.stderr + init.stdout + init.stderr)) assert.equal(commandIn(line), undefined, line);
  });
});

describe('pretty output of file names with escape sequences (issue 11, finding 3)', () => {
  test('has no raw ESC or BEL of its own, and shows the name escaped', async () => {
    const dir = tree({
      'title\u001b]0;owned\u0007/x.yaml': badSidecar('a'),
      'clear\u001b[2J\u001b[H/x.yaml': badSidecar('b'),
      'bidi\u202eyaml.exe/x.yaml': badSidecar('c'),
    });
    const { stdout } = await meshlint(['-f', 'pretty', '.'], dir);
    // What eslint-formatter-pretty adds itself when colours or hyperlinks are on.
    const own = stdout.replace(/\u001b\[[0-9;]*m|\u001b\]8;;[^\u0007]*\u0007/g, '');
    assert.doesNotMatch(own, /[\u0007\u001b\u202e]/);
    assert.ok(own.includes('title\\u001b]0;owned\\u0007/x.yaml'), own);
    assert.ok(own.includes('clear\\u001b[2J\\u001b[H/x.yaml'), own);
    assert.ok(own.includes('bidi\\u202eyaml.exe/x.yaml'), own);
    for (const format of ['text', 'github']) {
      assert.doesNotMatch((await meshlint(['-f', format, '.'], dir)).stdout, /[\u0007\u001b\u202e]/, format);
    }
  });
});

interface Token { type: string; tag: string; content: string; attrGet(name: string): string | null; children: Token[] | null }
const require = createRequire(import.meta.url);
const MarkdownIt = require('markdown-it') as new (options: object) => { parse(text: string, env: object): Token[]; render(text: string): string };
// HTML on, as GitHub renders the inline HTML it allows; typographer off, so text comes back as written.
const markdown = new MarkdownIt({ html: true });

/** The cells of each body row of the first table in `text`, as inline token lists. */
function tableRows(text: string): Token[][][] {
  const rows: Token[][][] = [];
  let inBody = false;
  for (const token of markdown.parse(text, {})) {
    if (token.type === 'tbody_open') inBody = true;
    else if (token.type === 'tbody_close') inBody = false;
    else if (inBody && token.type === 'tr_open') rows.push([]);
    else if (inBody && token.type === 'inline') rows.at(-1)!.push(token.children ?? []);
  }
  return rows;
}

/** A cell's text as a reader sees it, and the kinds of markup it holds besides plain text. */
const textOf = (cell: Token[]) => cell.map((t) => t.content).join('');
const markupOf = (cell: Token[]) => [...new Set(cell.map((t) => t.type).filter((t) => t !== 'text' && t !== 'text_special'))];

describe('the job summary keeps every value in its table cell (issue 11, finding 4)', () => {
  const NAME = 'evil\r# Heading\r![img](https://x.example/i.png) [link](https://x.example) `code` <b>bold</b> | pipe \\ $x$ ~~s~~ *e* _u_';

  test('a Sidecar name with \\r [ ] ! ` <b> | stays one cell of one row, as text', async () => {
    const dir = tree({ 'ok/a.yaml': badSidecar('a'), 'odd [dir]!/b.yaml': badSidecar('b').replace('name: default', `name: ${JSON.stringify(NAME)}`) });
    const result = await run({ cwd: dir, paths: ['.'] });
    const findings = result.findings.filter((f) => !f.suppression);
    assert.equal(findings.length, 2);
    const text = summary(findings, { root: dir, blob: 'https://github.com/acme/mesh/blob/0123abc/' });
    assert.doesNotMatch(text, /\r/);
    const rows = tableRows(text);
    assert.equal(rows.length, 2, text);
    const odd = rows.find((cells) => textOf(cells[1]!).startsWith('odd'))!;
    assert.equal(odd.length, 4);
    assert.equal(textOf(odd[1]!), 'odd [dir]!/b.yaml:8');
    assert.deepEqual(markupOf(odd[1]!), ['link_open', 'link_close'], 'the location is the only link');
    assert.equal(odd[1]!.find((t) => t.type === 'link_open')!.attrGet('href'), 'https://github.com/acme/mesh/blob/0123abc/odd%20%5Bdir%5D%21/b.yaml#L8');
    assert.deepEqual(markupOf(odd[2]!), ['code_inline']);
    const message = findings.find((f) => f.file.startsWith('odd'))!.message;
    assert.equal(textOf(odd[3]!), visible(message));
    assert.deepEqual(markupOf(odd[3]!), [], 'no heading, image, link, code, HTML, math or emphasis');
    const body = markdown.render(text).split('<tbody>')[1]!;
    assert.doesNotMatch(body, /<(img|h\d|b|em|s|del|strong)\b/);
  });
});
