import { rules } from '../../rules/index.js';
import { loadConfig } from '../../src/config/load.js';
import { lint } from '../../src/engine/lint.js';
import { discover, displayPath } from '../../src/input/discover.js';
import { kindFilter } from '../../src/input/kind-filter.js';
import { load } from '../../src/input/load.js';
import type { Finding } from '../../src/rule.js';

/** The `istioctl analyze` code of each rule that has one. */
export const ISTIO_CODES: ReadonlyMap<string, string> = new Map(rules.filter((r) => r.meta.istio).map((r) => [r.meta.id, r.meta.istio!]));

/**
 * Lints these files as one run with every rule at its defaults and no `.lintrc`, as the
 * library does for the CLI; returns the findings that are not suppressed.
 */
export async function lintFiles(files: readonly string[], cwd: string, optIn = false): Promise<Finding[]> {
  const defaults = await loadConfig(undefined, cwd, rules);
  // With optIn, the opt-in rules take part too, at their severity and default options.
  const config = !optIn ? defaults : { ...defaults, enabled: new Map([...defaults.enabled, ...rules.filter((r) => r.meta.optIn).map((r) => [r.meta.id, { severity: r.meta.severity, options: {} }] as const)]) };
  const found = await discover([...files], { cwd, base: cwd, exclude: [] });
  const { files: parsed, locator } = await load(found.files.map((f) => ({ file: displayPath(f, cwd), from: { path: f } })), {
    defaultNamespace: config.settings.defaultNamespace, filter: kindFilter(config), maxFileSize: config.maxFileSize, jobs: 1,
  });
  return lint(parsed, config, { cwd, locator }).findings.filter((f) => !f.suppression);
}

/** `--name value` or `--name=value` from argv, and the positionals. */
export function parseArgs(argv: readonly string[], usage: string): { checkout: string; json: boolean; verbose: boolean; codes?: Set<string> } {
  let json = false, verbose = false, codes: Set<string> | undefined;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--verbose' || arg === '-v') verbose = true;
    else if (arg === '--codes' || arg.startsWith('--codes=')) {
      const value = arg === '--codes' ? argv[++i] : arg.slice('--codes='.length);
      if (!value) fail(usage);
      codes = new Set(value!.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean));
    } else if (arg.startsWith('-')) fail(usage);
    else positionals.push(arg);
  }
  if (positionals.length !== 1) fail(usage);
  return { checkout: positionals[0]!, json, verbose, ...(codes ? { codes } : {}) };
}

function fail(usage: string): never {
  process.stderr.write(usage);
  process.exit(2);
}

/** n / d to two decimals, or null when d is 0. */
export const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 100) / 100);
export const shown = (r: number | null) => (r === null ? 'n/a' : r.toFixed(2));
