import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../config/load.js';
import { DataFileError } from '../config/data-file.js';
import { Progress } from './progress.js';
import { USAGE } from './usage.js';
import { colorChoice, type Env } from './terminal.js';
import { displayPath } from '../input/discover.js';
import { FORMATS, formatter, type FormatName } from '../format/index.js';
import { visible } from '../format/terminal-text.js';
import { inert, inertLines } from '../format/workflow-commands.js';
import { isSeverity } from '../model/severity.js';
import { didYouMean } from '../model/suggest.js';
import { VERSION } from '../package-info.js';
import { configure, exitCode, run, UsageError, type RunOptions, type RunResult } from '../run.js';
import type { Severity } from '../rule.js';

export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Bytes are checked for binary content and encoding like a file's; a string is taken as read. */
  readonly readStdin: () => Promise<string | Uint8Array>;
  /** Whether stderr is a terminal, where a progress indicator may be drawn. */
  readonly stderrIsTTY?: boolean;
  /** Whether stdout is a terminal: pretty output is coloured only there (or with FORCE_COLOR). */
  readonly stdoutIsTTY?: boolean;
  /** The terminal's width, for wrapping pretty output; default 80. */
  readonly columns?: number;
  /** The environment read for NO_COLOR, FORCE_COLOR and what the terminal can show; default: none. */
  readonly env?: Env;
}


const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  'no-plugins': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'print-config': { type: 'string' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  'fail-on': { type: 'string', default: 'error' },
  'max-warnings': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'report-unused-disable-directives': { type: 'boolean' },
  'no-error-on-unmatched-pattern': { type: 'boolean' },
  'sarif-category': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  cache: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  'cache-location': { type: 'string' },
  context: { type: 'boolean' },
  'no-context': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'boolean' },
  force: { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  debug: { type: 'boolean' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseCommandLine>['values'];

/** Runs meshlint with these arguments and returns the exit code: flags, then the run, the report and the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    if (argv[0] === 'lsp') return await languageServer(argv.slice(1));
    const { values: flags, positionals } = parseCommandLine(argv);
    debug = Boolean(flags.debug);
    if (flags.help) { io.stdout(USAGE); return 0; }
    if (flags.version) { io.stdout(`${VERSION}\n`); return 0; }
    if (positionals[0] === 'init') {
      if (positionals.length > 2) throw new UsageError('init takes at most one directory');
      const { init } = await import('./init.js');
      return await init(path.resolve(io.cwd, positionals[1] ?? '.'), Boolean(flags.force), io);
    }
    const format = (flags.format ?? 'pretty') as FormatName;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"${didYouMean(format, FORMATS)}; use one of ${FORMATS.join(', ')}`);
    const failOn = flags['fail-on'];
    if (!isSeverity(failOn)) throw new UsageError(`--fail-on takes error, warning or info, not "${failOn}"`);
    const maxWarnings = flags['max-warnings'] === undefined ? undefined : Number(flags['max-warnings']);
    if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new UsageError('--max-warnings takes a whole number');
    for (const [a, b] of [['config', 'no-config'], ['cache', 'no-cache'], ['context', 'no-context'], ['color', 'no-color'], ['fix', 'fix-dry-run']] as const) {
      if (flags[a] && flags[b]) throw new UsageError(`--${a} and --${b} cannot be used together`);
    }
    const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs takes a whole number of at least 1');
    if (flags['write-baseline'] && !flags.baseline) throw new UsageError('--write-baseline needs --baseline FILE');
    if ((flags.fix || flags['fix-dry-run']) && positionals.includes('-')) throw new UsageError('--fix and --fix-dry-run cannot fix input read from "-"');
    const ruleOverrides = (flags.rule ?? []).map(ruleOverride);

    const config = flags['no-config'] ? false : flags.config;
    const pluginsOff = flags['no-plugins'] ? { pluginsOff: '--no-plugins' } : {};
    if (flags['list-rules']) {
      const { listRules } = await import('./list-rules.js');
      const configured = await configure({ cwd: io.cwd, config, ...pluginsOff, ruleOverrides });
      io.stdout(listRules(skippedPlugins(configured.config, io), format === 'json' ? 'json' : 'text'));
      return 0;
    }
    if (flags['print-config'] !== undefined) {
      const { printConfig } = await import('./print-config.js');
      io.stdout(await printConfig(flags['print-config'], { cwd: io.cwd, config, ...pluginsOff, ruleOverrides }));
      return 0;
    }
    // Only people read pretty output; machine formats and pipes get no progress line.
    const progress = format === 'pretty' && io.stderrIsTTY ? new Progress(io.stderr) : undefined;
    const options: RunOptions = {
      cwd: io.cwd, paths: positionals, config, ...pluginsOff, ruleOverrides,
      stdin: { ...(flags['stdin-filename'] === undefined ? {} : { name: flags['stdin-filename'] }), read: io.readStdin },
      reportUnusedDirectives: Boolean(flags['report-unused-disable-directives']),
      ...(flags['no-error-on-unmatched-pattern'] ? { errorOnUnmatchedPattern: false } : {}),
      ...(flags.context ? { context: true } : flags['no-context'] ? { context: false } : {}),
      ...(jobs === undefined ? {} : { jobs }),
      ...(flags.cache && !flags['no-cache'] && !flags.fix && !flags['fix-dry-run'] ? { cache: { ...(flags['cache-location'] === undefined ? {} : { location: flags['cache-location'] }) } } : {}),
      ...(flags.baseline ? { baseline: { file: flags.baseline, write: Boolean(flags['write-baseline']) } } : {}),
      ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    };
    let result: RunResult;
    let diff: string | undefined;
    try {
      if (flags.fix || flags['fix-dry-run']) {
        const { runWithFixes } = await import('./fix.js');
        ({ result, diff } = await runWithFixes(options, { write: Boolean(flags.fix) }));
      } else {
        result = await run(options);
      }
    } finally { progress?.done(); }
    skippedPlugins(result.config, io);
    if (flags.verbose) for (const note of result.notes) io.stderr(`meshlint: ${shown(note)}\n`);
    if (result.baselineWritten) {
      const { file, count } = result.baselineWritten;
      io.stderr(`meshlint: wrote ${count} finding(s) to ${shown(displayPath(file, io.cwd))}\n`);
      return exitCode(result, failOn);
    }
    if (flags.quiet) result = { ...result, findings: result.findings.filter((f) => f.severity === 'error') };
    if (diff !== undefined) {
      // The diff is the dry run's output; the report goes only where -o sends it.
      io.stdout(diff);
      if (flags.output) writeOutput(path.resolve(io.cwd, flags.output), await report(result, format, io.cwd, flags['sarif-category']));
    } else {
      const toFile = flags.output !== undefined;
      const output = await report(result, format, io.cwd, flags['sarif-category'], terminalOptions(flags, io, toFile));
      if (toFile) writeOutput(path.resolve(io.cwd, flags.output!), output);
      else io.stdout(output);
    }
    if (result.incomplete) io.stderr(`meshlint: ${result.incomplete}; the findings above are incomplete\n`);
    return exitCode(result, failOn, maxWarnings);
  } catch (error) {
    io.stderr(errorText(error, debug));
    return 2;
  }
}

/** What pretty output may use: colour only on a terminal (or when forced), the terminal's width. */
function terminalOptions(flags: Flags, io: Io, toFile: boolean) {
  const choice = colorChoice({ flag: flags.color ? true : flags['no-color'] ? false : undefined, isTTY: !toFile && io.stdoutIsTTY === true, env: io.env ?? {} });
  return { ...choice, ...(flags.verbose ? { hints: true } : {}), ...(!toFile && io.columns ? { columns: Math.min(io.columns, 160) } : {}) };
}

/** Writes the report, creating missing directories, as ESLint does. */
function writeOutput(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** `--rule id:severity`. */
function ruleOverride(value: string): { id: string; severity: Severity | 'off' } {
  const at = value.lastIndexOf(':');
  const id = value.slice(0, at).trim();
  const severity = value.slice(at + 1).trim();
  if (at < 1 || !(isSeverity(severity) || severity === 'off')) {
    throw new UsageError(`--rule takes ID:SEVERITY, e.g. "RULE-ID:warning" (error, warning, info or off), not "${value}"`);
  }
  return { id, severity };
}

/** A run's findings in one format. */
export async function report(result: RunResult, format: FormatName, cwd: string, sarifCategory?: string, terminal: { color?: boolean; hyperlinks?: boolean; hints?: boolean; columns?: number } = {}): Promise<string> {
  return (await formatter(format))(result.findings, { cwd, rules: result.rules, root: result.root, ...(sarifCategory ? { sarifCategory } : {}), ...terminal });
}

/** What stderr says about an error that ends a run; every line safe for a terminal and a GitHub Actions log. */
export function errorText(error: unknown, debug = false): string {
  if (error instanceof UsageError) return `meshlint: ${shown(error.message)}\nRun "meshlint --help" for the options.\n`;
  if (error instanceof DataFileError) return `meshlint: ${shown(error.message)}\n`;
  if (error instanceof ConfigError) return inertLines(`meshlint: invalid configuration:\n${error.message.split('\n').map(visible).join('\n')}\n`);
  const text = debug ? (error as Error).stack ?? String(error) : (error as Error)?.message ?? String(error);
  return `${inertLines(`meshlint: internal error: ${text.split('\n').map(visible).join('\n')}`)}\n${debug ? '' : 'Run again with --debug for details.\n'}`;
}

/** Says on stderr which plugins --no-plugins kept from loading. */
export function skippedPlugins(config: Config, io: Pick<Io, 'stderr'>): Config {
  if (config.pluginsSkipped.length > 0) io.stderr(`meshlint: plugins are off (--no-plugins): ${config.pluginsSkipped.map((p) => `"${shown(p)}"`).join(', ')} not loaded\n`);
  return config;
}

/** A value on a line of stderr. */
export const shown = (text: string) => inert(visible(text));

const FLAG_NAMES = Object.entries(OPTIONS).flatMap(([name, o]) => [`--${name}`, ...('short' in o ? [`-${o.short}`] : [])]);

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    if (unknown) {
      const flag = unknown[1]!.split('=')[0]!;
      throw new UsageError(`unknown option "${flag}"${didYouMean(flag, FLAG_NAMES.filter((f) => f.startsWith('--')))}`);
    }
    throw new UsageError(message.replace(/\. To specify a positional.*$/, ''));
  }
}

/** `meshlint lsp`: serves editors over stdio until the client says exit. */
async function languageServer(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--stdio' && a !== '--no-plugins');
  if (unknown.length > 0) throw new UsageError(`lsp takes --stdio and --no-plugins, not "${unknown[0]}"`);
  const { startServer } = await import('../lsp/server.js');
  startServer(undefined, argv.includes('--no-plugins') ? { pluginsOff: '--no-plugins' } : {});
  // The connection ends the process when the client sends "exit".
  return new Promise<number>(() => {});
}

export { setPluginImporter } from '../config/plugins.js';
