import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from './main.js';

/**
 * The step of action.yml that lints: writes SARIF for upload-sarif, prints the log format
 * (annotations by default), appends a summary of every finding to $GITHUB_STEP_SUMMARY
 * (annotations stop at 10 errors and 10 warnings a step) and sets the step's outputs.
 * Exits with meshlint's exit code.
 */
export async function runAction(env: NodeJS.ProcessEnv, cwd: string, out: { stdout: (t: string) => void; stderr: (t: string) => void }): Promise<number> {
  const input = (name: string) => (env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
  const raw = input('paths');
  const paths = (raw.includes('\n') ? raw.split('\n') : raw.split(/\s+/)).map((p) => p.trim()).filter(Boolean);
  const sarifFile = input('sarif-file') || 'meshlint.sarif';
  const plugins = input('plugins') || 'true';
  if (plugins !== 'true' && plugins !== 'false') {
    out.stderr(`meshlint: the "plugins" input takes "true" or "false", not "${plugins}"\n`);
    setOutputs(env, { 'sarif-file': sarifFile, 'exit-code': '2' });
    return 2;
  }
  const common = [...(input('config') ? ['--config', input('config')] : []), ...(plugins === 'false' ? ['--no-plugins'] : []), '--fail-on', input('fail-on') || 'error', ...paths];
  const io = (stdout: (t: string) => void) => ({ cwd, stdout, stderr: out.stderr, readStdin: async () => '' });

  mkdirSync(path.dirname(path.resolve(cwd, sarifFile)), { recursive: true });
  const category = input('category') ? ['--sarif-category', input('category')] : [];
  const code = await main(['--format', 'sarif', '--output', sarifFile, ...category, ...common], io(out.stdout));
  if (code === 2) {
    setOutputs(env, { 'sarif-file': sarifFile, 'exit-code': '2' });
    return 2;
  }
  await main(['--format', input('format') || 'github', ...common], io(out.stdout));

  const run = JSON.parse(readFileSync(path.resolve(cwd, sarifFile), 'utf8')).runs[0] as SarifRun;
  const active = run.results.filter((r) => !r.suppressions?.length);
  const count = (level: string) => active.filter((r) => r.level === level).length;
  setOutputs(env, {
    'sarif-file': sarifFile, errors: String(count('error')), warnings: String(count('warning')),
    infos: String(count('note')), 'exit-code': String(code),
  });
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary(run, env));
  return code;
}

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  suppressions?: unknown[];
}
interface SarifRun { results: SarifResult[] }

const SEVERITY = { error: 'error', warning: 'warning', note: 'info' } as const;
const MAX_ROWS = 1000;

/** A Markdown table of every active finding, with links to the lines when the workflow's commit is known. */
export function summary(run: SarifRun, env: NodeJS.ProcessEnv): string {
  const active = run.results.filter((r) => !r.suppressions?.length);
  const suppressed = run.results.length - active.length;
  const n = (level: SarifResult['level']) => active.filter((r) => r.level === level).length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const lines = ['## meshlint', ''];
  lines.push(active.length === 0
    ? 'No findings.'
    : `**${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('note'), 'info')}** in ${plural(new Set(active.map(uriOf)).size, 'file')}.`);
  if (suppressed) lines.push('', `${plural(suppressed, 'suppressed finding')} not shown.`);
  if (active.length) {
    lines.push('', '| severity | location | rule | message |', '|---|---|---|---|');
    const blob = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/` : undefined;
    for (const r of active.slice(0, MAX_ROWS)) {
      const line = r.locations[0]!.physicalLocation.region.startLine;
      const where = `${decodeURIComponent(uriOf(r))}:${line}`;
      const location = blob && !/^[a-z]+:/.test(uriOf(r)) ? `[${cell(where)}](${blob}${uriOf(r)}#L${line})` : cell(where);
      // SARIF text escapes brackets and links related locations as [text](id): show plain text.
      const message = r.message.text.replace(/ \(see also (?:\[(?:[^\]\\]|\\.)*\]\(\d+\)(?:, )?)+\)$/, '').replace(/\[((?:[^\]\\]|\\.)*)\]\(\d+\)/g, '$1').replace(/\\([[\]\\])/g, '$1');
      lines.push(`| ${SEVERITY[r.level]} | ${location} | \`${r.ruleId}\` | ${cell(message)} |`);
    }
    if (active.length > MAX_ROWS) lines.push('', `… and ${active.length - MAX_ROWS} more; the SARIF log has them all.`);
  }
  return `${lines.join('\n')}\n`;
}

const uriOf = (r: SarifResult) => r.locations[0]!.physicalLocation.artifactLocation.uri;
const cell = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
}
