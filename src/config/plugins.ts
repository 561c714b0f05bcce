import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isObject } from '../model/resource.js';
import { ConfigError } from './errors.js';
import { repositoryRoot } from './repository-root.js';
import type { Rule } from '../rule.js';

/** A plugin module meshlint may import: where it was named, and the real path of the file. */
export interface PluginModule { readonly spec: string; readonly file: string }

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
const PACKAGE = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w.-]+)*$/i;

function realpath(file: string, spec: string, display: string): string {
  try {
    return realpathSync(file);
  } catch {
    throw new ConfigError(`${display}: plugin "${spec}" cannot be loaded: not found`);
  }
}

/**
 * Where a plugin named in `configFile` lives, or a ConfigError. Plugins are code, so they
 * load only from inside the repository that holds the configuration (the nearest directory
 * above it with `.git`, else the configuration's own directory): by a path starting with
 * `./` or `../` that stays inside it once symbolic links are resolved, or by the name of a
 * package installed in that root's own `node_modules` (never one of a parent directory's).
 */
export function resolvePlugin(spec: string, configFile: string, display: string): PluginModule {
  const root = realpathSync(repositoryRoot(path.dirname(configFile)));
  const outside = `plugins load only from inside the repository (${root})`;
  if (path.isAbsolute(spec) || path.win32.isAbsolute(spec)) {
    throw new ConfigError(`${display}: plugin "${spec}" is an absolute path; name it by a path relative to the configuration, or by package name: ${outside}`);
  }
  if (/^\.\.?([\\/]|$)/.test(spec)) {
    const file = realpath(path.resolve(path.dirname(configFile), spec), spec, display);
    if (!inside(file, root)) throw new ConfigError(`${display}: plugin "${spec}" is outside the repository: ${outside}`);
    return { spec, file };
  }
  const name = PACKAGE.test(spec) && !spec.split('/').includes('..') ? spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/') : undefined;
  if (!name) throw new ConfigError(`${display}: plugin "${spec}" is neither a path starting with "./" or "../" nor a package name`);
  const modules = path.join(root, 'node_modules');
  const packageDir = path.join(modules, name);
  if (!existsSync(packageDir)) throw new ConfigError(`${display}: plugin "${spec}" cannot be loaded: no package "${name}" in ${modules}`);
  // node_modules may itself be a link to a shared install; the package must be in it or in the repository.
  const realPackage = realpathSync(packageDir);
  if (!inside(realPackage, root) && !inside(realPackage, realpathSync(modules))) {
    throw new ConfigError(`${display}: plugin "${spec}" links out of the repository's node_modules: ${outside}`);
  }
  let resolved: string;
  try {
    // Resolution as `require` does it (Node 20 cannot resolve for `import` from another directory).
    resolved = createRequire(path.join(root, 'package.json')).resolve(spec);
  } catch (error) {
    throw new ConfigError(`${display}: plugin "${spec}" cannot be loaded: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const file = realpath(resolved, spec, display);
  if (!inside(file, realPackage)) throw new ConfigError(`${display}: plugin "${spec}" resolves outside the package ${packageDir}: ${outside}`);
  return { spec, file };
}

let importModule = (url: string): Promise<unknown> => import(url);

/**
 * Has plugins imported by this function: the bundled CLI, which V8 compiles from its code
 * cache where Node.js 20 cannot import from it, passes Node.js's own (see bin/meshlint.js).
 */
export function setPluginImporter(importer: (url: string) => Promise<unknown>): void {
  importModule = importer;
}

/** Imports checked plugin modules and returns their rules; ids must be new. */
export async function importPlugins(modules: readonly PluginModule[], display: string, builtins: readonly Rule[]): Promise<Rule[]> {
  const seen = new Set(builtins.map((r) => r.meta.id));
  const rules: Rule[] = [];
  for (const { spec, file } of modules) {
    let exported: unknown;
    try {
      exported = await importModule(pathToFileURL(file).href);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ? 'not found' : (error as Error).message;
      throw new ConfigError(`${display}: plugin "${spec}" cannot be loaded: ${reason}`);
    }
    const value = (exported as { default?: unknown }).default ?? exported;
    const list = Array.isArray(value) ? value : isObject(value) && Array.isArray((value as { rules?: unknown }).rules) ? (value as { rules: unknown[] }).rules : [value];
    for (const rule of list as Rule[]) {
      const id = rule?.meta?.id;
      if (typeof id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || (typeof rule.check !== 'function' && typeof rule.checkFile !== 'function')) {
        throw new ConfigError(`${display}: plugin "${spec}" exports something that is not a rule (a rule has meta.id in kebab-case and a check function)`);
      }
      if (seen.has(id)) throw new ConfigError(`${display}: plugin "${spec}" defines rule "${id}", which already exists`);
      seen.add(id);
      rules.push(rule);
    }
  }
  return rules;
}
