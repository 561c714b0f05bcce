import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { contentHash } from './decode.js';
import path from 'node:path';
import type { Config } from '../config/load.js';
import { BUILD, VERSION } from '../package-info.js';
import { findRepositoryRoot } from '../config/repository-root.js';
import { kindFilter } from './kind-filter.js';
import { notACache } from './cache.js';
import { DataFileError, readDataFile } from '../config/data-file.js';

/** The cache's index, inside the cache directory; its data files sit beside it there. */
const INDEX = 'cache.json';

/**
 * The default cache directory, one directory that `git status` never shows: under the
 * repository's `node_modules/.cache/meshlint` when it has node_modules (ignored there as
 * everywhere), else inside its git directory (`.git/meshlint-cache`), else the working
 * directory's `node_modules/.cache/meshlint`.
 */
export function defaultCacheDir(cwd: string): string {
  const root = findRepositoryRoot(cwd);
  if (root && !existsSync(path.join(root, 'node_modules'))) {
    const dotGit = path.join(root, '.git');
    if (statSync(dotGit, { throwIfNoEntry: false })?.isDirectory()) return path.join(dotGit, 'meshlint-cache');
    // A worktree or submodule: `.git` is a file naming the git directory.
    const pointer = /^gitdir: (.+)$/m.exec(readTextOrEmpty(dotGit))?.[1]?.trim();
    if (pointer) return path.join(path.resolve(root, pointer), 'meshlint-cache');
  }
  return path.join(root ?? cwd, 'node_modules', '.cache', 'meshlint');
}

const readTextOrEmpty = (file: string) => { try { return readFileSync(file, 'utf8'); } catch { return ''; } };

/**
 * Where the cache lives and what besides file content its entries depend on: meshlint's
 * version, the working directory (findings carry paths relative to it), the default
 * namespace, the file size limit and which documents are parsed; and, for the findings
 * kept from the last run, everything else they depend on.
 */
export function cacheFor(config: Config, cwd: string, location: string | undefined, lint: object): { file: string; key: string; resultKey: string } {
  const key = JSON.stringify({ version: VERSION, build: BUILD, cwd, defaultNamespace: config.settings.defaultNamespace, maxFileSize: config.maxFileSize, filter: kindFilter(config) });
  // Findings depend on the whole configuration, on the code of plugins, and on how lint() is called.
  const plugins = config.pluginFiles.map((file) => { try { return contentHash(readDataFile(file, 'plugin')); } catch { return 'unreadable'; } });
  // Clusters and overrides decide which world and which rules each file is linted in.
  const resultKey = JSON.stringify({ key, settings: config.settings, enabled: [...config.enabled], ignore: config.ignore, base: config.base, clusters: config.clusters, overrides: config.overrides, plugins, lint });
  // The cache is one directory: its index and data files are inside, nothing is written beside it.
  const target = path.resolve(cwd, location ?? defaultCacheDir(cwd));
  const existing = lstatSync(target, { throwIfNoEntry: false });
  // Never a file or link in its place (`--cache-location package.json`).
  if (existing && !existing.isDirectory()) {
    throw new DataFileError(`the cache location ${target} ${notACache(target) ?? 'is a file'}; meshlint does not replace it: give --cache-location a directory`);
  }
  const file = path.join(target, INDEX);
  const problem = notACache(file);
  if (problem) throw new DataFileError(`the cache location ${file} ${problem}; meshlint does not replace it: give --cache-location a new directory`);
  return { file, key, resultKey };
}
