import type { Config } from '../config/load.js';
import { discover, displayPath } from './discover.js';
import type { Input } from './load.js';

/**
 * The files read as context when only some files are named on the command line (as
 * pre-commit does with the staged files): the `include` globs of `.lintrc`, or its
 * directory when `--context` is asked for without `include`. Cross-resource rules see
 * their resources, so a Sidecar staged without its Namespace is judged against the
 * Namespace in the repository; findings in these files are not reported.
 */
export async function contextInputs(config: Config, cwd: string, named: readonly Input[]): Promise<Input[]> {
  const found = await discover(config.include.length > 0 ? config.include : ['.'], {
    cwd: config.base, base: config.base, exclude: config.exclude,
  });
  const seen = new Set(named.map((input) => input.file));
  return found.files
    .map((file) => ({ file: displayPath(file, cwd), from: { path: file } }))
    .filter((input) => !seen.has(input.file));
}
