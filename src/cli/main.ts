import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rules as builtins } from '../../rules/index.js';
import { ConfigError, findConfig, loadConfig } from '../config/load.js';
import { lint, withDirectiveRules } from '../engine/lint.js';
import { Progress } from './progress.js';
import { compileIgnore } from '../engine/suppression.js';
import { discover, displayPath } from '../input/discover.js';
import { FORMATS, formatter, type FormatName } from '../format/index.js';
import { load, type Input } from '../input/load.js';
import { cacheFor } from '../input/cache-key.js';
import { kindFilter } from '../input/kind-filter.js';
import { VERSION } from '../package-info.js';
import { repositoryRoot } from '../config/repository-root.js';
import type { Finding, Severity } from '../rule.js';

export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Bytes are checked for binary content and encoding like a file's; a string is taken as read. */
  readonly readStdin: () => Promise<string | Uint8Array>;
  /** Whether stderr is a terminal, where a progress indicator may be drawn. */
  readonly stderrIsTTY?: boolean;
}

class UsageError extends Error {}

const USAGE = `Usage: meshlint [options] [file|dir|glob|-]...
       meshlint init [--force] [dir]

Lints Kubernetes and service-mesh manifests. With no path, lints the "include" globs of
.lintrc, or the working directory.

Options:
  -c, --config PATH                     use this configuration instead of the nearest .lintrc
      --no-config                       ignore every .lintrc
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
working directory); --force replaces an existing one.

Exit codes: 0 no findings at or above the fail level, 1 findings at or above it,
2 usage, configuration or internal error.
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
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

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Runs meshlint with these arguments and returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let debug = argv.includes('--debug');
  try {
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
    const failOn = flags['fail-on'] as Severity;
    if (!(failOn in RANK)) throw new UsageError(`--fail-on takes error, warning or info, not "${failOn}"`);
    const maxWarnings = flags['max-warnings'] === undefined ? undefined : Number(flags['max-warnings']);
    if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new UsageError('--max-warnings takes a whole number');
    if (flags.config && flags['no-config']) throw new UsageError('--config and --no-config cannot be used together');
    if (flags.cache && flags['no-cache']) throw new UsageError('--cache and --no-cache cannot be used together');
    const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs takes a whole number of at least 1');
    if (flags.context && flags['no-context']) throw new UsageError('--context and --no-context cannot be used together');
    if (flags['write-baseline'] && !flags.baseline) throw new UsageError('--write-baseline needs --baseline FILE');

    const configFile = flags['no-config'] ? undefined : flags.config ? path.resolve(io.cwd, flags.config) : findConfig(io.cwd);
    const configured = await loadConfig(configFile, io.cwd, builtins);
    const config = flags['report-unused-disable-directives'] ? withDirectiveRules(configured) : configured;
    if (flags['list-rules']) { io.stdout(listRules(config)); return 0; }

    const inputs = await gatherInputs(positionals, config, flags['stdin-filename'], io);
    if (flags.verbose && configFile) io.stderr(`meshlint: using ${displayPath(configFile, io.cwd)}\n`);
    const withContext = positionals.length > 0 && !flags['no-context'] && (Boolean(flags.context) || config.include.length > 0);
    const context = withContext ? await (await import('../input/context-files.js')).contextInputs(config, io.cwd, inputs.list) : [];
    if (flags.verbose && withContext) io.stderr(`meshlint: ${context.length} file(s) read as context\n`);
    const lintOptions = {
      ...(withContext ? { reportOn: new Set(inputs.list.map((i) => i.file)) } : {}),
    };
    // Only people read pretty output; machine formats and pipes get no progress line.
    const progress = io.stderrIsTTY && format === 'pretty' ? new Progress(io.stderr) : undefined;
    const loaded = await load([...inputs.list, ...context], {
      onProgress: progress && ((done, total) => progress.update(done, total)),
      defaultNamespace: config.settings.defaultNamespace, filter: kindFilter(config), maxFileSize: config.maxFileSize, jobs,
      cache: flags.cache && !flags['no-cache']
        ? cacheFor(config, io.cwd, flags['cache-location'], { ...lintOptions, reportOn: [...(lintOptions.reportOn ?? [])] })
        : undefined,
    });
    progress?.done();
    const { files, locator } = loaded;
    if (flags.verbose) {
      if (loaded.reuse) io.stderr('meshlint: no file changed since the last run with this configuration: its findings are reused\n');
      for (const file of inputs.excluded) io.stderr(`meshlint: ${file}: excluded by the configuration\n`);
      for (const file of files) for (const s of file.skipped) io.stderr(`meshlint: ${file.file}: document ${s.doc + 1} skipped: ${s.reason}\n`);
    }

    const result = loaded.reuse ?? lint(files, config, { cwd: io.cwd, locator, ignore: await compileIgnore(config.ignore, config.base, io.cwd), ...lintOptions });
    if (!loaded.reuse) loaded.remember(result.findings, result.ruleFailures);
    if (flags.baseline) {
      const { applyBaseline, readBaseline, writeBaseline } = await import('../engine/baseline.js');
      const baselineFile = path.resolve(io.cwd, flags.baseline);
      if (flags['write-baseline']) {
        io.stderr(`meshlint: wrote ${writeBaseline(baselineFile, result.findings, io.cwd)} finding(s) to ${displayPath(baselineFile, io.cwd)}\n`);
        return result.ruleFailures > 0 ? 2 : 0;
      }
      let baseline;
      try { baseline = readBaseline(baselineFile); } catch (error) { throw new UsageError((error as Error).message); }
      applyBaseline(baseline, baselineFile, result.findings, io.cwd);
    }
    const metas = config.rules.filter((r) => config.enabled.has(r.meta.id)).map((r) => r.meta);
    const output = await (await formatter(format))(result.findings, {
      cwd: io.cwd, rules: metas.sort((a, b) => (a.id < b.id ? -1 : 1)), root: repositoryRoot(io.cwd), sarifCategory: flags['sarif-category'],
    });
    if (flags.output) writeFileSync(path.resolve(io.cwd, flags.output), output);
    else io.stdout(output);

    if (result.ruleFailures > 0) {
      io.stderr(`meshlint: ${result.ruleFailures} rule failure(s); the findings above are incomplete\n`);
      return 2;
    }
    const failedFiles = files.filter((f) => f.problems.some((p) => p.code === 'internal')).length;
    if (failedFiles > 0) {
      io.stderr(`meshlint: internal error on ${failedFiles} file(s); the findings above are incomplete\n`);
      return 2;
    }
    return exitCode(result.findings, failOn, maxWarnings);
  } catch (error) {
    if (error instanceof UsageError) { io.stderr(`meshlint: ${error.message}\n\n${USAGE}`); return 2; }
    if (error instanceof ConfigError) { io.stderr(`meshlint: invalid configuration:\n${error.message}\n`); return 2; }
    io.stderr(`meshlint: internal error: ${debug ? (error as Error).stack : (error as Error).message}\n`);
    if (!debug) io.stderr('Run again with --debug for details.\n');
    return 2;
  }
}

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}

async function gatherInputs(positionals: string[], config: Awaited<ReturnType<typeof loadConfig>>, stdinName: string | undefined, io: Io) {
  const list: Input[] = [];
  const paths = positionals.filter((p) => p !== '-');
  if (positionals.includes('-')) list.push({ file: stdinName ?? '<stdin>', from: { text: await io.readStdin() } });
  else if (stdinName) throw new UsageError('--stdin-filename needs "-" among the paths');
  let excluded: string[] = [];
  if (paths.length > 0 || list.length === 0) {
    const fromConfig = paths.length === 0 && config.include.length > 0;
    const found = await discover(fromConfig ? config.include : paths.length ? paths : ['.'], {
      cwd: fromConfig ? config.base : io.cwd, base: config.base, exclude: config.exclude,
    });
    if (found.unmatched.length > 0) {
      throw new UsageError(`no files match ${found.unmatched.map((u) => `"${u}"`).join(', ')}${fromConfig ? ' (from "include" in .lintrc)' : ''}`);
    }
    list.push(...found.files.map((file) => ({ file: displayPath(file, io.cwd), from: { path: file } })));
    excluded = found.excluded.map((file) => displayPath(file, io.cwd));
  }
  return { list, excluded };
}

function exitCode(findings: readonly Finding[], failOn: Severity, maxWarnings: number | undefined): number {
  const active = findings.filter((f) => !f.suppression);
  if (active.some((f) => RANK[f.severity] >= RANK[failOn])) return 1;
  if (maxWarnings !== undefined && active.filter((f) => f.severity === 'warning').length > maxWarnings) return 1;
  return 0;
}

function listRules(config: Awaited<ReturnType<typeof loadConfig>>): string {
  const rows = config.rules.map((r) => {
    const state = config.enabled.get(r.meta.id)?.severity ?? 'off';
    return [r.meta.id, state, r.meta.istio ?? '', r.meta.description];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd()).join('\n') + '\n';
}
