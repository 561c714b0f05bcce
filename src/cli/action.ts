import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FORMATS, type FormatName } from '../format/index.js';
import { failureSummary, summary } from '../format/summary.js';
import { isSeverity } from '../model/severity.js';
import { exitCode, run, UsageError, type RunResult } from '../run.js';
import { errorText, report, skippedPlugins } from './main.js';

interface Out { stdout: (t: string) => void; stderr: (t: string) => void }

/**
 * The step of action.yml that lints, once: from the same findings it writes SARIF for
 * upload-sarif, prints the log format (annotations by default), appends a summary of every
 * finding to $GITHUB_STEP_SUMMARY (annotations stop at 10 errors and 10 warnings a step)
 * and sets every output, whatever the exit code. Exits with meshlint's exit code.
 */
export async function runAction(env: NodeJS.ProcessEnv, cwd: string, out: Out): Promise<number> {
  const input = (name: string) => (env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
  const raw = input('paths');
  const paths = (raw.includes('\n') ? raw.split('\n') : raw.split(/\s+/)).map((p) => p.trim()).filter(Boolean);
  const sarifFile = input('sarif-file') || 'meshlint.sarif';
  let result: RunResult | undefined;
  let failure: string | undefined;
  let code: number;
  try {
    const format = (input('format') || 'github') as FormatName;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"; use one of ${FORMATS.join(', ')}`);
    const failOn = input('fail-on') || 'error';
    if (!isSeverity(failOn)) throw new UsageError(`fail-on takes error, warning or info, not "${failOn}"`);
    // action.yml turns plugins off by default for pull requests from forks: plugins are code.
    const plugins = input('plugins') || 'true';
    if (plugins !== 'true' && plugins !== 'false') throw new UsageError(`the "plugins" input takes "true" or "false", not "${plugins}"`);
    result = await run({
      cwd, paths, ...(input('config') ? { config: input('config') } : {}), ...(plugins === 'false' ? { pluginsOff: '--no-plugins' } : {}),
    });
    skippedPlugins(result.config, out);
    const sarif = path.resolve(cwd, sarifFile);
    mkdirSync(path.dirname(sarif), { recursive: true });
    writeFileSync(sarif, await report(result, 'sarif', cwd, input('category') || undefined));
    out.stdout(await report(result, format, cwd));
    if (result.incomplete) out.stderr(`meshlint: ${result.incomplete}; the findings above are incomplete\n`);
    code = exitCode(result, failOn);
  } catch (error) {
    out.stderr(errorText(error));
    failure = String((error as Error)?.message ?? error).split('\n')[0];
    code = 2;
  }
  const active = result?.findings.filter((f) => !f.suppression) ?? [];
  const count = (severity: string) => String(active.filter((f) => f.severity === severity).length);
  setOutputs(env, { 'sarif-file': sarifFile, errors: count('error'), warnings: count('warning'), infos: count('info'), 'exit-code': String(code) });
  if (env.GITHUB_STEP_SUMMARY) {
    const blob = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/` : undefined;
    appendFileSync(env.GITHUB_STEP_SUMMARY, result && failure === undefined
      ? summary(result.findings, { root: result.root, ...(blob ? { blob } : {}) })
      : failureSummary(failure ?? 'see the step log'));
  }
  return code;
}

function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
}
