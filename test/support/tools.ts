/**
 * External programs some tests drive (pre-commit, git, Neovim, the SARIF Multitool's .NET binary).
 * On a machine without them those tests skip with a one-line reason, so `npm test` passes on
 * a fresh machine; CI sets MESHLINT_REQUIRE_TOOLS=1 (.ci/run installs them), and then a
 * missing program fails the test file instead.
 */
import { spawnSync } from 'node:child_process';
import { multitoolPath } from './sarif-multitool.js';

export type Tool = 'git' | 'pre-commit' | 'sarif-multitool' | 'nvim';

export const REQUIRE_TOOLS = 'MESHLINT_REQUIRE_TOOLS';

const runs = (command: string, args: string[], env?: NodeJS.ProcessEnv) =>
  spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, ...(env ? { env } : {}) }).status === 0;

const checks: Record<Tool, () => boolean> = {
  git: () => runs('git', ['--version']),
  'pre-commit': () => runs('pre-commit', ['--version']),
  nvim: () => runs('nvim', ['--version']),
  // The npm package ships a self-contained binary per platform; it runs only where its
  // platform package installed and the machine can start it.
  'sarif-multitool': () => {
    try {
      return runs(multitoolPath(), ['--version'], { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' });
    } catch {
      return false;
    }
  },
};

/** The tools of this list that cannot be run here. */
export function missingTools(tools: readonly Tool[], check: (tool: Tool) => boolean = (t) => checks[t]()): Tool[] {
  return tools.filter((tool) => !check(tool));
}

/** A skip reason for a missing tool ("pre-commit is not installed"), or false when all run. */
export function skipReason(missing: readonly Tool[], required = Boolean(process.env[REQUIRE_TOOLS])): string | false {
  if (missing.length === 0) return false;
  const programs = missing.filter((t) => t !== 'sarif-multitool');
  const reason = [
    ...(programs.length ? [`${programs.join(' and ')} ${programs.length > 1 ? 'are' : 'is'} not installed`] : []),
    // Installed with the npm packages, but a self-contained binary that not every machine can start.
    ...(missing.includes('sarif-multitool') ? ['the SARIF Multitool cannot run here'] : []),
  ].join('; ');
  if (required) throw new Error(`${reason}, and ${REQUIRE_TOOLS} is set: install what is missing (as .ci/run does)`);
  return reason;
}

/** The `skip` option of tests that need these programs. */
export const skipWithout = (...tools: Tool[]): string | false => skipReason(missingTools(tools));
