import { existsSync } from 'node:fs';
import path from 'node:path';
import { isObject } from '../model/resource.js';
import type { JsonObject, Settings } from '../rule.js';

/** The cluster of the files that no declared cluster claims; it has the top-level settings. */
export const DEFAULT_CLUSTER = 'default';

/** A cluster of `.lintrc`: its files are linted as one world, with its own settings. */
export interface ClusterConfig {
  readonly name: string;
  /** Globs relative to the configuration's directory. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** The cluster's settings, the top level's where it sets none. */
  readonly settings: Settings;
}

/** An `overrides` block: rule entries (as under `rules`) for the files its globs match. */
export interface Override {
  readonly files: readonly string[];
  readonly excludedFiles: readonly string[];
  readonly rules: JsonObject;
}

const SETTING_KEYS = ['defaultNamespace', 'rootNamespace', 'kubernetesVersion', 'mesh', 'nativeSidecars'] as const;

/** The settings one level of the configuration (top level or a cluster) sets, over `inherited`. */
export function settingsOf(data: JsonObject, inherited: Settings): Settings {
  const own: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) if (data[key] !== undefined) own[key] = data[key];
  return { ...inherited, ...own } as Settings;
}

export function clustersOf(data: JsonObject, top: Settings): ClusterConfig[] {
  const list = Array.isArray(data.clusters) ? data.clusters.filter(isObject) : [];
  return list.map((c) => ({
    name: c.name as string,
    include: c.include as string[],
    exclude: (c.exclude as string[] | undefined) ?? [],
    settings: settingsOf(c, top),
  }));
}

export function overridesOf(data: JsonObject): Override[] {
  const list = Array.isArray(data.overrides) ? data.overrides.filter(isObject) : [];
  return list.map((o) => ({
    files: o.files as string[],
    excludedFiles: (o.excludedFiles as string[] | undefined) ?? [],
    rules: isObject(o.rules) ? o.rules : {},
  }));
}

/** A path relative to `base`, with `/` separators, as globs of the configuration are matched. */
const relativeTo = (base: string, file: string) => path.relative(base, file).split(path.sep).join('/');

/** Matches absolute file paths against globs relative to `base`. */
export async function globMatcher(base: string): Promise<(globs: readonly string[], file: string) => boolean> {
  const { Minimatch } = await import('minimatch');
  const compiled = new Map<string, InstanceType<typeof Minimatch>[]>();
  const compile = (glob: string) => {
    let list = compiled.get(glob);
    // A glob naming a directory (`clusters/dev`) claims everything below it.
    const plain = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    if (!list) compiled.set(glob, (list = [plain, `${plain}/**`].map((g) => new Minimatch(g, { dot: true }))));
    return list;
  };
  return (globs, file) => {
    const rel = relativeTo(base, file);
    return globs.some((glob) => compile(glob).some((m) => m.match(rel)));
  };
}

/**
 * Which cluster each file belongs to: the first declared cluster whose `include` matches it
 * and whose `exclude` does not, else the default cluster.
 */
export async function clusterAssigner(clusters: readonly ClusterConfig[], base: string): Promise<(file: string) => string> {
  if (clusters.length === 0) return () => DEFAULT_CLUSTER;
  const matches = await globMatcher(base);
  return (file) => clusters.find((c) => matches(c.include, file) && !matches(c.exclude, file))?.name ?? DEFAULT_CLUSTER;
}

/**
 * Whether a configuration path (an `include` glob, a cluster's files) leads outside the
 * repository `root`; globs are resolved up to their first wildcard.
 */
export function escapesRoot(glob: string, base: string, root: string): boolean {
  const fixed = glob.split(/[*?[{]/)[0]!;
  const resolved = path.resolve(base, fixed);
  const rel = path.relative(root, resolved);
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

/**
 * Configuration files below the one in use, in directories of the linted files: they are not
 * read (a repository has one configuration), which `--verbose` says, with what to do instead.
 */
export function nestedConfigs(files: readonly string[], base: string, names: readonly string[], used?: string): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  for (const file of files) {
    for (let dir = path.dirname(file); !seen.has(dir) && dir.startsWith(`${base}${path.sep}`); dir = path.dirname(dir)) {
      seen.add(dir);
      for (const name of names) {
        const candidate = path.join(dir, name);
        if (candidate !== used && existsSync(candidate)) found.add(candidate);
      }
    }
  }
  return [...found].sort();
}
