import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../config/load.js';
import { DataFileError } from '../config/data-file.js';
import { Progress } from './progress.js';
import { displayPath } from '../input/discover.js';
import { FORMATS, formatter, type FormatName } from '../format/index.js';
import { visible } from '../format/terminal-text.js';
import { inert, inertLines } from '../format/workflow-commands.js';
import { isSeverity } from '../model/severity.js';
import { VERSION } from '../package-info.js';
import { configure, exitCode, run, UsageError, type RunOptions, type RunResult } from '../run.js';

export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Bytes are checked for binary content and encoding like a file's; a string is taken as read. */
  readonly readStdin: () => Promise<string | Uint8Array>;
  /** Whether stderr is a terminal, where a progress indicator may be drawn. */
  readonly stderrIsTTY?: boolean;
}

const USAGE = `Usage: meshlint [options] [file|dir|glob|-]...
       meshlint init [--force] [dir]
       meshlint lsp [--stdio] [--no-plugins]

Lints Kubernetes and service-mesh manifests. With no path, lints the "include" globs of
.lintrc, or the working directory.

Options:
  -c, --config PATH                     use this configuration instead of the nearest .lintrc
      --no-config                       ignore every .lintrc
      --no-plugins                      load no plugin named in .lintrc (plugins are code)
  -f, --format NAME                     pretty (default), text, json, sarif, github
  -o, --output FILE                     write the report to FILE instead of stdout
      --stdin-filename NAME             file name for findings of input read from "-"
      --fail-on LEVEL                   exit 1 on findings at or above error (default), warning or info
      --max-warnings N                  exit 1 when there are more than N warnings
      --report-unused-disable-directives
                                        report disable comments that suppress nothing
      --sarif-category ID               automationDetails.id of the SARIF run
  -j, --jobs N                          threads that parse files (default: the available cores)
      --cache                           reuse what earlier runs parsed from unchanged files
      --no-cache                        do not read or write the cache
      --cache-location PATH             cache file (default: node_modules/.cache/meshlint/cache.json)
      --context, --no-context           read the "include" files as context for the named files
                                        and report only on the named ones (default: on when
                                        files are named and .lintrc has "include")
      --baseline FILE                   report only findings that FILE does not list
      --write-baseline                  write the current findings to the --baseline FILE
      --list-rules                      print the rules and exit
  -v, --verbose                         say which files and documents were skipped, and why
      --debug                           show stack traces of internal errors
      --version                         print the version
  -h, --help                            print this help

"meshlint init" writes a starter .lintrc guessed from the manifests under dir (default: the
working directory); --force replaces an existing one. "meshlint lsp" is a language server
on stdin and stdout, for editors (see the README).

Exit codes: 0 no findings at or above the fail level, 1 findings at or above it,
2 usage, configuration or internal error.
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  'no-plugins': { type: 'boolean' },
  format: { type: 'string', short: 'f', default: 'pretty' },
  output: { type: 'string', short: 'o' },
  'stdin-filename': { type: 'string' },
  'fail-on': { type: 'string', default: 'error' },
  'max-warnings': { type: 'string' },
  'report-unused-disable-directives': { type: 'boolean' },
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
    const format = flags.format as FormatName;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"; use one of ${FORMATS.join(', ')}`);
    const failOn = flags['fail-on'];
    if (!isSeverity(failOn)) throw new UsageError(`--fail-on takes error, warning or info, not "${failOn}"`);
    const maxWarnings = flags['max-warnings'] === undefined ? undefined : Number(flags['max-warnings']);
    if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new UsageError('--max-warnings takes a whole number');
    if (flags.config && flags['no-config']) throw new UsageError('--config and --no-config cannot be used together');
    if (flags.cache && flags['no-cache']) throw new UsageError('--cache and --no-cache cannot be used together');
    const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs takes a whole number of at least 1');
    if (flags.context && flags['no-context']) throw new UsageError('--context and --no-context cannot be used together');
    if (flags['write-baseline'] && !flags.baseline) throw new UsageError('--write-baseline needs --baseline FILE');

    const config = flags['no-config'] ? false : flags.config;
    const pluginsOff = flags['no-plugins'] ? { pluginsOff: '--no-plugins' } : {};
    if (flags['list-rules']) { io.stdout(listRules(skippedPlugins((await configure({ cwd: io.cwd, config, ...pluginsOff })).config, io))); return 0; }
    // Only people read pretty output; machine formats and pipes get no progress line.
    const progress = io.stderrIsTTY && format === 'pretty' ? new Progress(io.stderr) : undefined;
    const options: RunOptions = {
      cwd: io.cwd, paths: positionals, config, ...pluginsOff,
      stdin: { ...(flags['stdin-filename'] === undefined ? {} : { name: flags['stdin-filename'] }), read: io.readStdin },
      reportUnusedDirectives: Boolean(flags['report-unused-disable-directives']),
      ...(flags.context ? { context: true } : flags['no-context'] ? { context: false } : {}),
      ...(jobs === undefined ? {} : { jobs }),
      ...(flags.cache && !flags['no-cache'] ? { cache: { ...(flags['cache-location'] === undefined ? {} : { location: flags['cache-location'] }) } } : {}),
      ...(flags.baseline ? { baseline: { file: flags.baseline, write: Boolean(flags['write-baseline']) } } : {}),
      ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    };
    let result: RunResult;
    try { result = await run(options); } finally { progress?.done(); }
    skippedPlugins(result.config, io);
    if (flags.verbose) for (const note of result.notes) io.stderr(`meshlint: ${shown(note)}\n`);
    if (result.baselineWritten) {
      const { file, count } = result.baselineWritten;
      io.stderr(`meshlint: wrote ${count} finding(s) to ${shown(displayPath(file, io.cwd))}\n`);
      return exitCode(result, failOn);
    }
    const output = await report(result, format, io.cwd, flags['sarif-category']);
    if (flags.output) writeFileSync(path.resolve(io.cwd, flags.output), output);
    else io.stdout(output);
    if (result.incomplete) io.stderr(`meshlint: ${result.incomplete}; the findings above are incomplete\n`);
    return exitCode(result, failOn, maxWarnings);
  } catch (error) {
    io.stderr(errorText(error, debug));
    return 2;
  }
}

/** A run's findings in one format. */
export async function report(result: RunResult, format: FormatName, cwd: string, sarifCategory?: string): Promise<string> {
  return (await formatter(format))(result.findings, { cwd, rules: result.rules, root: result.root, ...(sarifCategory ? { sarifCategory } : {}) });
}

/** What stderr says about an error that ends a run; every line safe for a terminal and a GitHub Actions log. */
export function errorText(error: unknown, debug = false): string {
  if (error instanceof UsageError) return `meshlint: ${shown(error.message)}\n\n${USAGE}`;
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
const shown = (text: string) => inert(visible(text));

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}

function listRules(config: Config): string {
  const rows = config.rules.map((r) => {
    const state = config.enabled.get(r.meta.id)?.severity ?? 'off';
    return [r.meta.id, state, r.meta.istio ?? '', r.meta.description];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  // Plugins bring their own ids and descriptions: each line is made safe like any other output.
  return rows.map((row) => shown(row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd())).join('\n') + '\n';
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
