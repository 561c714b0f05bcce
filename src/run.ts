import { statSync } from 'node:fs';
import path from 'node:path';
import { rules as builtins } from '../rules/index.js';
import { nestedConfigs } from './config/clusters.js';
import { CONFIG_NAMES, defaultsOf, findConfig, loadConfig, type Config } from './config/load.js';
import { findRepositoryRoot } from './config/repository-root.js';
import { compareFindings, withDirectiveRules, type LintResult } from './engine/lint.js';
import type { LintState } from './engine/incremental.js';
import { lintWorlds, unionOf } from './engine/worlds.js';
import { compileIgnore } from './engine/suppression.js';
import { cacheFor } from './input/cache-key.js';
import { discover, displayPath } from './input/discover.js';
import { kindFilter } from './input/kind-filter.js';
import { load, type Input } from './input/load.js';
import { mapToSources } from './input/rendered-sources.js';
import { atLeast } from './model/severity.js';
import { didYouMean } from './model/suggest.js';
import type { Finding, RuleMeta, Severity } from './rule.js';

/** A problem with how meshlint was asked to run (paths, flags, the baseline file): exit code 2. */
export class UsageError extends Error {}

export interface RunOptions {
  readonly cwd: string;
  /** Files, directories and globs; `-` reads `stdin`. None: the `include` globs of .lintrc, or the working directory. */
  readonly paths: readonly string[];
  readonly stdin?: { readonly name?: string; read(): Promise<string | Uint8Array> };
  /**
   * The configuration file; `false` for none; default: the nearest .lintrc above the first
   * linted path (the working directory for none, or for stdin without a name), within its repository.
   */
  readonly config?: string | false;
  /** Load no plugin named in the configuration (plugins are code); the value names who turned them off, for messages. */
  readonly pluginsOff?: string;
  /** Report disable comments that suppress nothing. */
  readonly reportUnusedDirectives?: boolean;
  /** Read the `include` files as context for the named ones; default: when paths are named and .lintrc has `include`. */
  readonly context?: boolean;
  /** Threads that parse files; default: the available cores. */
  readonly jobs?: number;
  /** Reuse what earlier runs parsed from unchanged files, kept in `location` (default: under node_modules/.cache). */
  readonly cache?: { readonly location?: string };
  /** Report only findings the baseline file does not list; or, with `write`, write the findings to it. */
  readonly baseline?: { readonly file: string; readonly write?: boolean };
  readonly onProgress?: (done: number, total: number) => void;
  /** Severities that override the configuration's (`--rule id:severity`), in order; `off` turns a rule off. */
  readonly ruleOverrides?: readonly { readonly id: string; readonly severity: Severity | 'off' }[];
  /** A path or glob that matches no file is a usage error (default); false skips it. */
  readonly errorOnUnmatchedPattern?: boolean;
}

export interface RunResult {
  readonly configFile?: string;
  readonly config: Config;
  /** Every finding, suppressed ones included (they carry `suppression`), sorted. */
  readonly findings: Finding[];
  /** Metadata of every rule that ran, sorted by id. */
  readonly rules: readonly RuleMeta[];
  /** The directory SARIF URIs and summary links are relative to. */
  readonly root: string;
  /** Why the findings are incomplete ("2 rule failure(s)", "internal error on 1 file(s)"): the run exits 2. */
  readonly incomplete?: string;
  /** Set when the findings were written to the baseline instead of reported. */
  readonly baselineWritten?: { readonly file: string; readonly count: number };
  /** What `--verbose` tells: files excluded by the configuration, documents skipped, context files, cache reuse. */
  readonly notes: readonly string[];
}

/** Finds and reads the configuration the run would use. */
export async function configure(options: Pick<RunOptions, 'cwd' | 'config' | 'pluginsOff' | 'ruleOverrides'> & Partial<Pick<RunOptions, 'paths' | 'stdin'>>): Promise<{ configFile?: string; config: Config }> {
  const configFile = options.config === false ? undefined : options.config ? path.resolve(options.cwd, options.config) : findConfig(searchStart(options));
  const loaded = await loadConfig(configFile, options.cwd, builtins, options.pluginsOff ? { pluginsOff: options.pluginsOff } : {});
  const config = options.ruleOverrides?.length ? overridden(loaded, options.ruleOverrides) : loaded;
  return { ...(configFile ? { configFile } : {}), config };
}

/** The configuration with these severities put over its own; an unknown rule id is a usage error. */
function overridden(config: Config, overrides: NonNullable<RunOptions['ruleOverrides']>): Config {
  const enabled = new Map(config.enabled);
  for (const { id, severity } of overrides) {
    const rule = config.rules.find((r) => r.meta.id === id);
    if (!rule) throw new UsageError(`--rule: unknown rule "${id}"${didYouMean(id, config.rules.map((r) => r.meta.id))}`);
    if (severity === 'off') enabled.delete(id);
    else enabled.set(id, { severity, options: enabled.get(id)?.options ?? defaultsOf(rule.meta.options) });
  }
  return { ...config, enabled };
}

/** The pipeline: configuration, inputs, load (parse), lint, baseline. */
export async function run(options: RunOptions): Promise<RunResult> {
  const { cwd } = options;
  const configured = await configure(options);
  const { configFile } = configured;
  const config = options.reportUnusedDirectives ? withDirectiveRules(configured.config) : configured.config;
  const notes: string[] = [];
  if (configFile) notes.push(`using ${displayPath(configFile, cwd)}`);
  // Read before any manifest, so that a baseline that cannot be used fails at once.
  const { applyBaseline, readBaseline, writeBaseline } = await import('./engine/baseline.js');
  const baselineFile = options.baseline && path.resolve(cwd, options.baseline.file);
  const baseline = baselineFile && !options.baseline!.write ? readBaseline(baselineFile) : undefined;
  const inputs = await gatherInputs(options, config);

  const named = options.paths.length > 0;
  const withContext = named && options.context !== false && (options.context === true || config.include.length > 0);
  const context = withContext ? await (await import('./input/context-files.js')).contextInputs(config, cwd, inputs.list) : [];
  if (withContext) notes.push(`${context.length} file(s) read as context`);
  const lintOptions = {
    ...(withContext ? { reportOn: new Set(inputs.list.map((i) => i.file)) } : {}),
  };
  // Overrides may turn on rules the top level leaves off: their documents are parsed too.
  const parsing = config.overrides.length > 0 ? { ...config, enabled: unionOf(config) } : config;
  const loaded = await load([...inputs.list, ...context], {
    cwd, onProgress: options.onProgress,
    defaultNamespace: config.settings.defaultNamespace, filter: kindFilter(parsing), maxFileSize: config.maxFileSize, jobs: options.jobs,
    cache: options.cache
      ? cacheFor(parsing, cwd, options.cache.location, { ...lintOptions, reportOn: [...(lintOptions.reportOn ?? [])] })
      : undefined,
  });
  const { files, locator } = loaded;
  if (loaded.reuse) notes.push('no file changed since the last run with this configuration: its findings are reused');
  for (const file of inputs.excluded) notes.push(`${file}: excluded by the configuration`);
  if (configFile) {
    const linted = inputs.list.flatMap((i) => ('path' in i.from ? [i.from.path] : []));
    for (const nested of nestedConfigs(linted, config.base, CONFIG_NAMES, configFile)) {
      notes.push(`${displayPath(nested, cwd)}: not read, ${displayPath(configFile, cwd)} applies: write its settings as a cluster or an overrides block there`);
    }
  }
  for (const file of files) for (const s of file.skipped) notes.push(`${file.file}: document ${s.doc + 1} skipped: ${s.reason}`);

  // The repository of the configuration, or of the linted paths; outside any: the .lintrc's directory, or the working directory.
  const root = findRepositoryRoot(configFile ? path.dirname(configFile) : searchStart(options)) ?? (configFile ? path.dirname(configFile) : cwd);
  // With the cache, the lint keeps what each result read, so that the next run redoes only
  // what its changed files reach; from the last run's, when the cache has it.
  const states = options.cache ? new Map<string, LintState>() : undefined;
  const linted: LintResult = loaded.reuse ?? await lintWorlds(files, config, {
    cwd, locator, ignore: await compileIgnore(config.ignore, config.base), ...lintOptions,
    ...(states ? { states } : {}), ...(loaded.restore ? { restore: loaded.restore } : {}),
  });
  if (!loaded.reuse) loaded.remember(linted.findings, linted.ruleFailures, states);
  if (linted.restored) notes.push(`the last run's lint was taken up from the cache: ${linted.checks} rule check(s) ran again`);
  // The text each fix changes, for --fix and SARIF, found while the parsed texts are at hand.
  if (linted.findings.some((f) => f.fix)) (await import('./fix/resolve.js')).resolveFixes(linted.findings, locator);
  const failedFiles = files.filter((f) => f.problems.some((p) => p.code === 'internal')).length;
  const incomplete = linted.ruleFailures > 0
    ? `${linted.ruleFailures} rule failure(s)`
    : failedFiles > 0 ? `internal error on ${failedFiles} file(s)` : undefined;

  // config.rules is in id order.
  const rules = config.rules.filter((r) => config.enabled.has(r.meta.id)).map((r) => r.meta);
  const findings = inputs.stdinText === undefined ? linted.findings
    : (await mapToSources(linted.findings, inputs.stdinText, { cwd, root, rendered: inputs.list[0]!.file })).sort(compareFindings);
  const result = { ...(configFile ? { configFile } : {}), config, findings, rules, root, notes, ...(incomplete ? { incomplete } : {}) };
  if (!baselineFile) return result;
  if (!baseline) return { ...result, baselineWritten: { file: baselineFile, count: writeBaseline(baselineFile, findings, config.rules.map((r) => r.meta)) } };
  applyBaseline(baseline, baselineFile, findings, config.rules.map((r) => r.meta));
  return result;
}

/**
 * The exit code of a run, the same for every format: 2 when the findings are incomplete,
 * 1 with active findings at or above `failOn` or more warnings than `maxWarnings`, else 0.
 */
export function exitCode(result: RunResult, failOn: Severity, maxWarnings?: number): number {
  if (result.incomplete) return 2;
  if (result.baselineWritten) return 0;
  const active = result.findings.filter((f) => !f.suppression);
  if (active.some((f) => atLeast(f.severity, failOn))) return 1;
  if (maxWarnings !== undefined && active.filter((f) => f.severity === 'warning').length > maxWarnings) return 1;
  return 0;
}

/**
 * Where the search for a configuration starts: the first linted path (a directory, or the
 * directory of a file or of a glob's fixed part), so that a repository's `.lintrc` applies
 * wherever meshlint runs from; stdin counts as its `--stdin-filename`.
 */
function searchStart(options: Pick<RunOptions, 'cwd'> & Partial<Pick<RunOptions, 'paths' | 'stdin'>>): string {
  const first = (options.paths ?? []).find((p) => p !== '-') ?? ((options.paths ?? []).includes('-') ? options.stdin?.name : undefined);
  if (!first) return options.cwd;
  for (let current = path.resolve(options.cwd, first.split(/[*?[{]/)[0]! || '.'); ; current = path.dirname(current)) {
    const stat = statSync(current, { throwIfNoEntry: false });
    if (stat?.isDirectory()) return current;
    if (path.dirname(current) === current) return options.cwd;
  }
}

async function gatherInputs(options: RunOptions, config: Config): Promise<{ list: Input[]; excluded: string[]; stdinText?: string }> {
  const { cwd, stdin } = options;
  const list: Input[] = [];
  const paths = options.paths.filter((p) => p !== '-');
  let stdinText: string | undefined;
  if (options.paths.includes('-')) {
    const content = stdin ? await stdin.read() : '';
    list.push({ file: stdin?.name ?? '<stdin>', from: { text: content } });
    try {
      stdinText = typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      // Bytes that are not UTF-8 are reported as such; they map to no source.
    }
  }
  else if (stdin?.name) throw new UsageError('--stdin-filename needs "-" among the paths');
  let excluded: string[] = [];
  if (paths.length > 0 || list.length === 0) {
    const fromConfig = paths.length === 0 && config.include.length > 0;
    const found = await discover(fromConfig ? config.include : paths.length ? paths : ['.'], {
      cwd: fromConfig ? config.base : cwd, base: config.base, exclude: config.exclude,
    });
    if (found.unmatched.length > 0 && options.errorOnUnmatchedPattern !== false) {
      throw new UsageError(`no files match ${found.unmatched.map((u) => `"${u}"`).join(', ')}${fromConfig ? ' (from "include" in .lintrc)' : ''}`);
    }
    list.push(...found.files.map((file) => ({ file: displayPath(file, cwd), from: { path: file } })));
    excluded = found.excluded.map((file) => displayPath(file, cwd));
  }
  return { list, excluded, ...(stdinText !== undefined ? { stdinText } : {}) };
}
