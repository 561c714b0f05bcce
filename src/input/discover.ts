import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** Files that directories are searched for. Explicitly named files are read whatever their name. */
const MANIFEST = /\.(ya?ml|json)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

export interface Discovery {
  /** Absolute paths, sorted, without duplicates. */
  readonly files: string[];
  /** Inputs that matched nothing: a usage error. */
  readonly unmatched: string[];
  /** Files left out by `exclude`, for `--verbose`. */
  readonly excluded: string[];
}

/**
 * Expands files, directories and glob patterns. `exclude` patterns are relative to
 * `base` (the directory of `.lintrc`, or the working directory).
 */
export async function discover(inputs: readonly string[], opts: { cwd: string; base: string; exclude: readonly string[] }): Promise<Discovery> {
  const { Minimatch } = opts.exclude.length > 0 ? await import('minimatch') : { Minimatch: undefined };
  const excluders = Minimatch ? opts.exclude.map((p) => new Minimatch(p, { dot: true })) : [];
  const isExcluded = (file: string) => {
    const rel = toPosix(path.relative(opts.base, file));
    return excluders.some((m) => m.match(rel));
  };
  const found = new Set<string>();
  const unmatched: string[] = [];
  const excluded: string[] = [];
  for (const input of inputs) {
    const matches = await expand(input, opts.cwd);
    if (matches.length === 0) unmatched.push(input);
    for (const file of matches) {
      if (isExcluded(file)) excluded.push(file);
      else found.add(file);
    }
  }
  return { files: [...found].sort(), unmatched, excluded: [...new Set(excluded)].sort() };
}

async function expand(input: string, cwd: string): Promise<string[]> {
  // Braces expand first, as in shells: `deploy/{infra,shop}` names two directories, `{a,b}.yaml` two files.
  if (/\{[^{}]*,[^{}]*\}|\{\d+\.\.\d+\}/.test(input) && !statSync(path.resolve(cwd, input), { throwIfNoEntry: false })) {
    const { braceExpand } = await import('minimatch');
    const alternatives = braceExpand(input);
    if (alternatives.length > 1) return [...new Set((await Promise.all(alternatives.map((a) => expand(a, cwd)))).flat())];
  }
  const absolute = path.resolve(cwd, input);
  let stat: Stats | undefined;
  try {
    stat = statSync(absolute, { throwIfNoEntry: false });
    // A broken link named on the command line is a file that cannot be read, not a typo.
    if (!stat && lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink()) return [absolute];
  } catch {
    // A link loop or a path through a file: the reader reports why it cannot read it.
    return [absolute];
  }
  if (stat && !stat.isDirectory()) return [absolute];
  if (stat?.isDirectory()) return walk(absolute, []);
  // glob is loaded only for patterns: most runs name directories and files.
  const { glob, hasMagic } = await import('glob');
  if (!hasMagic(input)) return [];
  return glob(toPosix(input), { cwd, absolute: true, nodir: true, dot: true, ignore: ALWAYS_IGNORED });
}

/**
 * Every manifest below a directory. Links to files (and broken links, whose reading reports
 * them) are listed; links to directories are not followed, so a link cannot loop the walk.
 */
function walk(dir: string, found: string[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, found);
    } else if (MANIFEST.test(entry.name)) {
      if (entry.isSymbolicLink() && safeStat(full)?.isDirectory()) continue;
      found.push(full);
    }
  }
  return found;
}

function safeStat(file: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** The path findings carry: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return toPosix(rel.startsWith('..') || path.isAbsolute(rel) ? file : rel);
}
