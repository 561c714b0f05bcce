import { defaultsOf, type Config, type Enabled } from '../config/load.js';
import type { Locator } from '../position/locator.js';
import type { ParsedFile } from '../input/parse.js';
import type { Finding } from '../rule.js';
import type { CompiledIgnore } from './suppression.js';
import { LintState, type SavedLint, type StateOptions } from './incremental.js';
import { compareFindings } from './assemble.js';

export interface LintOptions {
  readonly cwd: string;
  /** Turns the paths rules report into positions. */
  readonly locator: Locator;
  /** `.lintrc` `ignore` entries, compiled with `compileIgnore`. */
  readonly ignore?: readonly CompiledIgnore[];
  /**
   * Files to report on; the other files are read-only context (rules see their resources,
   * related locations may point into them, but their own findings are dropped).
   */
  readonly reportOn?: ReadonlySet<string>;
  /**
   * A lint kept from earlier runs, to redo only what the changes reach (see LintState): the
   * same findings as a run without it.
   */
  readonly memo?: LintState;
  /** What the kept results depend on besides the files (default: `config`); they are dropped when it changes. */
  readonly memoKey?: unknown;
  /**
   * The rules enabled for a file, where `overrides` blocks change them; `config.enabled` must
   * then hold every rule enabled for any file.
   */
  readonly enabledFor?: (file: string) => Enabled;
  /** The cluster the files are linted as, named in every finding. */
  readonly cluster?: string;
}

export interface LintResult {
  /** Every finding, suppressed ones included (they carry `suppression`), sorted. */
  readonly findings: Finding[];
  /** Rules that threw: their findings are in the list, and the run must exit 2. */
  readonly ruleFailures: number;
  /** How many rule checks ran, and whether a lint saved by an earlier process was taken up. */
  readonly checks?: number;
  readonly restored?: boolean;
}

/** Runs every enabled rule over the parsed files, then applies suppressions and sorts. */
export function lint(files: readonly ParsedFile[], config: Config, options: LintOptions): LintResult {
  const { byFile, ruleFailures } = lintByFile(files, config, options);
  return { findings: flatten(byFile), ruleFailures };
}

/**
 * The same as `lint`, each file's findings apart (sorted), and the files whose findings
 * changed since the last run of `memo` (a file whose findings did not change keeps its
 * array). The map belongs to `memo`, which changes it in its next run.
 */
export function lintByFile(files: readonly ParsedFile[], config: Config, options: LintOptions): { byFile: ReadonlyMap<string, Finding[]>; changed: ReadonlySet<string>; ruleFailures: number; checks: number } {
  return (options.memo ?? new LintState(false)).run(files, config, stateOptions(config, options));
}

/** A lint state an earlier process saved, over the files as it parsed them, for runs with these options; undefined when it does not fit. */
export function restoreState(saved: SavedLint, files: readonly ParsedFile[], config: Config, options: LintOptions): LintState | undefined {
  return LintState.restore(saved, files, config, stateOptions(config, options));
}

function stateOptions(config: Config, options: LintOptions): StateOptions {
  return {
    key: options.memoKey ?? config, cwd: options.cwd, locator: options.locator, ignore: options.ignore ?? [],
    enabledFor: options.enabledFor ?? (() => config.enabled),
    ...(options.reportOn ? { reportOn: options.reportOn } : {}), ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
  };
}

/** Every file's findings in one sorted list (each file's are sorted, and the order starts with the file). */
export function flatten(byFile: ReadonlyMap<string, readonly Finding[]>): Finding[] {
  const files = [...byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return files.flatMap((file) => byFile.get(file)!);
}

/**
 * The configuration with every rule that checks disable directives turned on, at the
 * severity `.lintrc` gives it or its default: what `--report-unused-disable-directives` asks.
 */
export function withDirectiveRules(config: Config): Config {
  const enabled = new Map(config.enabled);
  for (const rule of config.rules) {
    if (rule.checkDirectives && !enabled.has(rule.meta.id)) enabled.set(rule.meta.id, { severity: rule.meta.severity, options: defaultsOf(rule.meta.options) });
  }
  return { ...config, enabled };
}

export { compareFindings };
