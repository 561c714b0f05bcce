import { resolve } from 'node:path';
import { clusterAssigner, DEFAULT_CLUSTER, globMatcher } from '../config/clusters.js';
import { withRuleEntries, type Config, type Enabled } from '../config/load.js';
import type { ParsedFile } from '../input/parse.js';
import { isObject } from '../model/resource.js';
import { refOf } from '../model/reference.js';
import type { Finding, Resource } from '../rule.js';
import { LintState, type SavedLint } from './incremental.js';
import { flatten, lintByFile, restoreState, type LintOptions, type LintResult } from './lint.js';

/**
 * Lints each cluster of the configuration as a world of its own: cross-resource rules see
 * only the resources of that cluster's files, and rules read that cluster's settings. Files
 * in no declared cluster form the default cluster, with the top-level settings. When
 * clusters are declared, every finding names its cluster.
 */
export async function lintWorlds(
  files: readonly ParsedFile[], config: Config, options: WorldOptions,
): Promise<LintResult> {
  const { byFile, ruleFailures, checks, restored } = await lintWorldsByFile(files, config, options);
  return { findings: flatten(byFile), ruleFailures, checks, restored };
}

type WorldOptions = Omit<LintOptions, 'enabledFor' | 'memo' | 'memoKey' | 'cluster'> & {
  /** Each world's lint, kept between runs: taken from here, and put here. */
  readonly states?: Map<string, LintState>;
  /** Lints an earlier process saved (see LintState.save), and the files as it parsed them, to take up where it left off. */
  readonly restore?: { readonly saved: ReadonlyMap<string, SavedLint>; readonly previous: (file: string) => ParsedFile | undefined };
};

/** The same as `lintWorlds`, each file's findings apart, and the files whose findings changed; with `states`, each world keeps its lint between runs. */
export async function lintWorldsByFile(
  files: readonly ParsedFile[], config: Config, options: WorldOptions,
): Promise<{ byFile: ReadonlyMap<string, Finding[]>; changed: ReadonlySet<string>; ruleFailures: number; checks: number; restored: boolean }> {
  const { worldOf, enabledFor } = await assignment(config, options.cwd);
  const worlds = new Map<string, ParsedFile[]>();
  for (const file of files) {
    const name = worldOf(file.file);
    const list = worlds.get(name);
    if (list) list.push(file); else worlds.set(name, [file]);
  }
  // lint() runs the union of what any file enables, and asks enabledFor per file.
  const union = enabledFor ? unionOf(config) : config.enabled;
  const results: { byFile: ReadonlyMap<string, Finding[]>; changed: ReadonlySet<string> }[] = [];
  let ruleFailures = 0;
  let checks = 0;
  let restored = false;
  for (const [name, list] of worlds) {
    const settings = config.clusters.find((c) => c.name === name)?.settings ?? config.settings;
    const world = settings.defaultNamespace === config.settings.defaultNamespace ? list : list.map((f) => rehomed(f, settings.defaultNamespace));
    const { states, restore, ...rest } = options;
    const worldConfig = { ...config, settings, enabled: union };
    const lintOptions = { ...rest, memoKey: config, ...(enabledFor ? { enabledFor } : {}), ...(config.clusters.length > 0 ? { cluster: name } : {}) };
    // Each world keeps its own results between runs, for as long as the configuration stays.
    let memo = states?.get(name);
    const saved = !memo && restore?.saved.get(name);
    if (saved) {
      const previous = saved.order.map((file) => restore!.previous(file));
      if (previous.every((f) => f !== undefined)) {
        const rehome = (f: ParsedFile) => (settings.defaultNamespace === config.settings.defaultNamespace ? f : rehomed(f, settings.defaultNamespace));
        memo = restoreState(saved, previous.map(rehome), worldConfig, lintOptions);
        restored ||= memo !== undefined;
      }
    }
    if (states && !memo) memo = new LintState();
    if (memo) states?.set(name, memo);
    const result = lintByFile(world, worldConfig, { ...lintOptions, ...(memo ? { memo } : {}) });
    ruleFailures += result.ruleFailures;
    checks += result.checks;
    results.push(result);
  }
  if (results.length === 1) return { ...results[0]!, ruleFailures, checks, restored };
  const byFile = new Map<string, Finding[]>();
  const changed = new Set<string>();
  for (const result of results) {
    result.byFile.forEach((findings, file) => byFile.set(file, findings));
    for (const file of result.changed) changed.add(file);
  }
  return { byFile, changed, ruleFailures, checks, restored };
}

const assignments = new WeakMap<Config, { cwd: string; worldOf: (file: string) => string; enabledFor?: (file: string) => Enabled }>();

/** Which world each file is linted in, and which rules it enables, worked out once per file for a configuration. */
async function assignment(config: Config, cwd: string): Promise<{ worldOf: (file: string) => string; enabledFor?: (file: string) => Enabled }> {
  const known = assignments.get(config);
  if (known?.cwd === cwd) return known;
  const absolute = (file: string) => resolve(cwd, file);
  const clusterOf = await clusterAssigner(config.clusters, config.base);
  const enabledFor = await overridesFor(config, absolute);
  const worlds = new Map<string, string>();
  const worldOf = (file: string) => worlds.get(file) ?? worlds.set(file, clusterOf(absolute(file))).get(file)!;
  const made = { cwd, worldOf, ...(enabledFor ? { enabledFor } : {}) };
  assignments.set(config, made);
  return made;
}

/** Every rule enabled at the top level or by any `overrides` block. */
export function unionOf(config: Config): Enabled {
  const union = new Map(config.enabled);
  for (const override of config.overrides) {
    for (const [id, entry] of withRuleEntries(new Map(), override.rules, config.rules)) if (!union.has(id)) union.set(id, entry);
  }
  return union;
}

/** The rules enabled for each file after the `overrides` blocks that match it; undefined without blocks. */
async function overridesFor(config: Config, absolute: (file: string) => string): Promise<((file: string) => Enabled) | undefined> {
  if (config.overrides.length === 0) return undefined;
  const matches = await globMatcher(config.base);
  const byBlocks = new Map<string, Enabled>();
  const byFile = new Map<string, Enabled>();
  return (file) => {
    let enabled = byFile.get(file);
    if (enabled) return enabled;
    const path = absolute(file);
    const blocks = config.overrides.filter((o) => matches(o.files, path) && !matches(o.excludedFiles, path));
    const key = blocks.map((b) => config.overrides.indexOf(b)).join(',');
    enabled = byBlocks.get(key);
    if (!enabled) {
      enabled = blocks.reduce((e, block) => withRuleEntries(e, block.rules, config.rules), config.enabled);
      byBlocks.set(key, enabled);
    }
    byFile.set(file, enabled);
    return enabled;
  };
}

const homes = new WeakMap<ParsedFile, { namespace: string; file: ParsedFile }>();

/**
 * The file with the cluster's default namespace given to the namespaced objects that set
 * none; the same object for the same file, so that kept lints see it unchanged.
 */
function rehomed(file: ParsedFile, defaultNamespace: string): ParsedFile {
  const known = homes.get(file);
  if (known?.namespace === defaultNamespace) return known.file;
  const made = rehome(file, defaultNamespace);
  homes.set(file, { namespace: defaultNamespace, file: made });
  return made;
}

function rehome(file: ParsedFile, defaultNamespace: string): ParsedFile {
  const resources = file.resources.map((r): Resource => {
    const metadata = isObject(r.body.metadata) ? r.body.metadata : {};
    if (r.namespace === undefined || (typeof metadata.namespace === 'string' && metadata.namespace !== '')) return r;
    return { ...r, namespace: defaultNamespace, ref: refOf({ group: r.group, kind: r.kind, namespace: defaultNamespace, name: r.name }) };
  });
  return { ...file, resources };
}

export { DEFAULT_CLUSTER };
