import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { Lines, spanOf } from '../position/spans.js';
import { isObject } from '../model/resource.js';
import { DEFAULT_MAX_FILE_SIZE } from '../input/decode.js';
import { DataFileError, readDataFile } from './data-file.js';
import { ConfigError } from './errors.js';
import { clustersOf, DEFAULT_CLUSTER, escapesRoot, overridesOf, settingsOf, type ClusterConfig, type Override } from './clusters.js';
import { importPlugins, resolvePlugin } from './plugins.js';
import { repositoryRoot } from './repository-root.js';
import { validate, type ConfigProblem } from './validate.js';
import { defaultSeverity, type JsonObject, type Rule, type Settings, type Severity } from '../rule.js';

export { ConfigError } from './errors.js';

export const CONFIG_NAMES = ['.lintrc', '.lintrc.yaml', '.lintrc.yml', '.lintrc.json'];

export interface IgnoreEntry { rule: string; resource?: string; file?: string; reason: string }

export interface Config {
  /** The `.lintrc` read, if any. */
  readonly file?: string;
  /** Directory that relative paths in the configuration are resolved against. */
  readonly base: string;
  readonly settings: Settings;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly ignore: readonly IgnoreEntry[];
  /** Largest file read, in bytes. */
  readonly maxFileSize: number;
  /** Absolute (real) paths of the plugin modules loaded. */
  readonly pluginFiles: readonly string[];
  /** Plugins the configuration names that were not loaded because plugins are off. */
  readonly pluginsSkipped: readonly string[];
  /** Every rule known to this run (built-in and plugins), in id order. */
  readonly rules: readonly Rule[];
  /** Effective severity and options of each enabled rule. */
  readonly enabled: ReadonlyMap<string, { severity: Severity; options: Record<string, unknown> }>;
  /** Declared clusters, in order; files in none belong to the default cluster. */
  readonly clusters: readonly ClusterConfig[];
  /** `overrides` blocks, in order. */
  readonly overrides: readonly Override[];
}

export type Enabled = Config['enabled'];

export interface ConfigOptions {
  /** Set when plugins are off: what turned them off (`--no-plugins`), for the messages. */
  readonly pluginsOff?: string;
}

/**
 * Walks up from `dir` to the first `.lintrc`, never above the repository root (the nearest
 * directory holding `.git`): a configuration outside the repository is not the repository's
 * to choose. The nearest file is the only one read, so one with `root: true` ends the search
 * by being found.
 */
export function findConfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(path.join(current, '.git')) || path.dirname(current) === current) return undefined;
  }
}

/**
 * Reads and validates a configuration. It is data first: the whole of it is validated before
 * any plugin is imported, so a rejected configuration runs no code. Only the rule entries
 * that name no built-in rule wait: their ids can only be known once the plugins that define
 * them are loaded, so they are checked for shape first, and strictly after the import.
 */
export async function loadConfig(file: string | undefined, cwd: string, builtins: readonly Rule[], options: ConfigOptions = {}): Promise<Config> {
  if (!file) return resolveConfig({}, undefined, cwd, builtins);
  // Relative inside the repository, as editors jump to it; absolute outside it (`/dev/zero`).
  const inRepository = !path.relative(repositoryRoot(cwd), file).startsWith(`..${path.sep}`);
  const display = (inRepository && path.relative(cwd, file)) || file;
  let text: string;
  try {
    text = readDataFile(file, 'configuration', undefined, display).toString('utf8');
  } catch (error) {
    if (error instanceof DataFileError) throw new ConfigError(error.message);
    throw error;
  }
  const lines = new Lines(text);
  const document = parseDocument(text, { prettyErrors: false, logLevel: 'error' }) as Document;
  const at = (offset: number) => {
    const { line, column } = lines.position(offset);
    return `${display}:${line}:${column}`;
  };
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`).join('\n'));
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(`${display}:1:1: ${(error as Error).message}`);
  }
  if (!isObject(data)) throw new ConfigError(`${display}:1:1: the configuration must be a mapping`);
  const fail = (problems: ConfigProblem[], note?: string): never => {
    const list = problems.map((e) => `${at((spanOf(document, e.path, e.focus) ?? [0])[0])}: ${e.message}`);
    throw new ConfigError([...list, ...(note ? [`${display}: ${note}`] : [])].join('\n'));
  };

  const specs = Array.isArray(data.plugins) ? data.plugins as string[] : [];
  const withPlugins = specs.length > 0 && !options.pluginsOff;
  const metas = builtins.map((r) => r.meta);
  const problems = await validate(data, metas, withPlugins);
  if (problems.length === 0) problems.push(...confinement(data, path.dirname(file)));
  if (problems.length > 0) {
    const unknownRule = problems.some((p) => /^unknown rule |^"ignore\.\d+\.rule" must be one of/.test(p.message));
    fail(problems, specs.length > 0 && options.pluginsOff && unknownRule
      ? `plugins are off (${options.pluginsOff}), so the rules of ${specs.map((s) => `"${s}"`).join(', ')} are unknown`
      : undefined);
  }
  if (!withPlugins) return { ...resolveConfig(data, file, path.dirname(file), builtins), pluginsSkipped: specs };

  // Every path is checked before the first module is imported.
  const modules = specs.map((spec) => resolvePlugin(spec, file, display));
  const plugins = await importPlugins(modules, display, builtins);
  const rules = [...builtins, ...plugins];
  const strict = await validate(data, rules.map((r) => r.meta));
  if (strict.length > 0) fail(strict);
  return { ...resolveConfig(data, file, path.dirname(file), rules), pluginFiles: modules.map((m) => m.file) };
}

function resolveConfig(data: JsonObject, file: string | undefined, base: string, rules: readonly Rule[]): Config {
  const settings = settingsOf(data, { defaultNamespace: 'default', rootNamespace: 'istio-system', nativeSidecars: 'auto' });
  return {
    file, base, settings, pluginFiles: [], pluginsSkipped: [], rules: [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)),
    enabled: withRuleEntries(new Map(), isObject(data.rules) ? data.rules : {}, rules, true),
    include: (data.include as string[] | undefined) ?? [],
    exclude: (data.exclude as string[] | undefined) ?? [],
    ignore: (data.ignore as unknown as IgnoreEntry[] | undefined) ?? [],
    maxFileSize: (data.maxFileSize as number | undefined) ?? DEFAULT_MAX_FILE_SIZE,
    clusters: clustersOf(data, settings),
    overrides: overridesOf(data),
  };
}

/**
 * The enabled rules after these `rules` entries. At the top level (`all`), every rule not
 * named has its default; in an `overrides` block only the rules named change: a severity
 * alone keeps the options, options replace the earlier ones.
 */
export function withRuleEntries(start: Enabled, entries: JsonObject, rules: readonly Rule[], all = false): Enabled {
  const enabled = new Map(start);
  for (const rule of rules) {
    const entry = entries[rule.meta.id];
    if (entry === undefined && !all) continue;
    const before = enabled.get(rule.meta.id);
    const severity = typeof entry === 'string' ? entry
      : isObject(entry) && typeof entry.severity === 'string' ? entry.severity : before?.severity ?? defaultSeverity(rule.meta);
    if (severity === 'off') {
      enabled.delete(rule.meta.id);
      continue;
    }
    const options = isObject(entry) && isObject(entry.options) ? { ...defaultsOf(rule.meta.options), ...entry.options } : before?.options ?? defaultsOf(rule.meta.options);
    enabled.set(rule.meta.id, { severity: severity as Severity, options });
  }
  return enabled;
}

/**
 * Paths of the configuration that lead outside the repository: a repository's configuration
 * lints that repository, and what lies elsewhere is named on the command line. Cluster names
 * are checked here as well: unique, and not the default cluster's.
 */
function confinement(data: JsonObject, base: string): ConfigProblem[] {
  const root = repositoryRoot(base);
  const problems: ConfigProblem[] = [];
  const check = (globs: unknown, at: (string | number)[]) => {
    if (!Array.isArray(globs)) return;
    globs.forEach((glob, i) => {
      if (typeof glob === 'string' && escapesRoot(glob, base, root)) {
        problems.push({ path: [...at, i], message: `"${glob}" leads outside the repository ${root}: name such files on the command line instead` });
      }
    });
  };
  check(data.include, ['include']);
  const names = new Set<string>();
  (Array.isArray(data.clusters) ? data.clusters : []).forEach((cluster, i) => {
    if (!isObject(cluster)) return;
    check(cluster.include, ['clusters', i, 'include']);
    const name = String(cluster.name);
    if (name === DEFAULT_CLUSTER) problems.push({ path: ['clusters', i, 'name'], message: `the cluster name "${name}" is the files in no cluster: choose another name` });
    else if (names.has(name)) problems.push({ path: ['clusters', i, 'name'], message: `the cluster "${name}" is declared twice` });
    names.add(name);
  });
  return problems;
}

/** The `default` of each top-level property of an options schema. */
export function defaultsOf(schema: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const properties = isObject(schema?.properties) ? schema.properties : {};
  const defaults: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (isObject(value) && 'default' in value) defaults[key] = value.default;
  }
  return defaults;
}
