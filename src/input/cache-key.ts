import { statSync } from 'node:fs';
import { contentHash } from './decode.js';
import path from 'node:path';
import type { Config } from '../config/load.js';
import { VERSION } from '../package-info.js';
import { kindFilter } from './kind-filter.js';
import { notACache } from './cache.js';
import { DataFileError, readDataFile } from '../config/data-file.js';

export const DEFAULT_CACHE = 'node_modules/.cache/meshlint/cache.json';

/**
 * Where the cache lives and what besides file content its entries depend on: meshlint's
 * version, the working directory (findings carry paths relative to it), the default
 * namespace, the file size limit and which documents are parsed; and, for the findings
 * kept from the last run, everything else they depend on.
 */
export function cacheFor(config: Config, cwd: string, location: string | undefined, lint: object): { file: string; key: string; resultKey: string } {
  const key = JSON.stringify({ version: VERSION, cwd, defaultNamespace: config.settings.defaultNamespace, maxFileSize: config.maxFileSize, filter: kindFilter(config) });
  // Findings depend on the whole configuration, on the code of plugins, and on how lint() is called.
  const plugins = config.pluginFiles.map((file) => { try { return contentHash(readDataFile(file, 'plugin')); } catch { return 'unreadable'; } });
  // Clusters and overrides decide which world and which rules each file is linted in.
  const resultKey = JSON.stringify({ key, settings: config.settings, enabled: [...config.enabled], ignore: config.ignore, base: config.base, clusters: config.clusters, overrides: config.overrides, plugins, lint });
  // A directory (existing, or written with a trailing slash) holds the cache under its default name.
  const target = path.resolve(cwd, location ?? DEFAULT_CACHE);
  const isDir = location !== undefined && (/[\\/]$/.test(location) || statSync(target, { throwIfNoEntry: false })?.isDirectory());
  const file = isDir ? path.join(target, path.basename(DEFAULT_CACHE)) : target;
  // The cache replaces its files: never a file that is something else (`--cache-location package.json`).
  // Its data files are named after it and, when corrupt, simply rebuilt.
  const problem = notACache(file);
  if (problem) throw new DataFileError(`the cache location ${file} ${problem}; meshlint does not replace it: give --cache-location a new file or a directory`);
  return { file, key, resultKey };
}
