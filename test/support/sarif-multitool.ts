/**
 * Runs Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`, a self-contained
 * .NET 8 single-file binary shipped inside the npm package) over a SARIF file and
 * returns what it found, so tests can assert that meshlint's SARIF passes the same
 * checks GitHub code scanning documents.
 *
 * The command it runs, from the repository root:
 *
 *   node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool validate \
 *     --config test/support/sarif-multitool-github.xml --rule-kind "Gh;Sarif" \
 *     --level "Error;Warning;Note" --log ForceOverwrite --quiet true --output OUT.sarif IN.sarif
 *
 * Quirks this module handles (see test/fixtures/sarif/NOTES.md for the details):
 * - The exit code is 0 even when the log has errors; it is non-zero only when the
 *   tool itself fails (bad arguments, output file exists without ForceOverwrite).
 *   So the verdict comes from the result log, never from the exit code.
 * - The result log is SARIF whose messages carry `id` + `arguments` instead of
 *   `text`; the text is the rule's `messageStrings[id]` with `{n}` filled in.
 * - GH1001-GH1007 are disabled by default; the config file turns them on.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './repo-root.js';

/** One finding of the validator. */
export interface ValidatorMessage {
  /** Validator rule id, e.g. `GH1003`, `SARIF1004`, `JSON1002`. */
  ruleId: string;
  /** Validator rule name, e.g. `ProvideRequiredRegionProperties`. */
  ruleName: string;
  level: 'error' | 'warning' | 'note';
  /** Message text with its arguments filled in; starts with the JSON pointer of the offending node. */
  message: string;
  /** Line and column in the validated file, when the validator gives them. */
  line?: number;
  column?: number;
}

export interface ValidationReport {
  errors: ValidatorMessage[];
  warnings: ValidatorMessage[];
  /** Suggestions (snippets, message ids, version control provenance); not GitHub requirements. */
  notes: ValidatorMessage[];
  /** Tool notifications (e.g. WRN999 for the rule the config disables); not about the file. */
  toolNotifications: string[];
  /** The validator's own SARIF result log, as written. */
  raw: string;
}

/** The validator's policy file: enables GH1001-GH1007, disables the network-bound SARIF2006. */
export const SARIF_VALIDATION_CONFIG = 'test/support/sarif-multitool-github.xml';

/** Absolute path of the platform's Sarif.Multitool executable, made executable if needed. */
export function multitoolPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = `@microsoft/sarif-multitool-${process.platform}`;
  let dir: string;
  try {
    dir = resolve(require.resolve(`${pkg}/package.json`), '..');
  } catch {
    throw new Error(`${pkg} is not installed; run npm install (it is an optional dependency of @microsoft/sarif-multitool)`);
  }
  const bin = join(dir, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  if (process.platform !== 'win32') {
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      // The package's postinstall is `chmod u+x Sarif.Multitool`; npm 11 skips install
      // scripts of packages not listed in allowScripts. The 5.7.0 tarball already carries
      // mode 0744, so this is a safety net for other tarballs or stricter umasks.
      chmodSync(bin, statSync(bin).mode | 0o755);
    }
  }
  return bin;
}

interface SarifLogLike {
  runs?: {
    tool?: { driver?: { rules?: { id: string; name?: string; messageStrings?: Record<string, { text: string }> }[] } };
    results?: {
      ruleId?: string;
      ruleIndex?: number;
      level?: string;
      message?: { text?: string; id?: string; arguments?: string[] };
      locations?: { physicalLocation?: { region?: { startLine?: number; startColumn?: number } } }[];
    }[];
    invocations?: {
      executionSuccessful?: boolean;
      toolConfigurationNotifications?: { message?: { text?: string }; descriptor?: { id?: string } }[];
      toolExecutionNotifications?: { message?: { text?: string }; descriptor?: { id?: string }; level?: string }[];
    }[];
  }[];
}

/**
 * Validates `file` with the GitHub (`Gh`) and generic (`Sarif`) rule sets.
 * Throws when the tool itself fails; findings about the file are returned, not thrown.
 */
export function validateSarif(file: string): ValidationReport {
  const input = resolve(file);
  if (!existsSync(input)) throw new Error(`validateSarif: no such file ${input}`);
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-sarif-'));
  const output = join(dir, 'validation.sarif');
  try {
    const args = [
      'validate',
      '--config', join(repoRoot(), SARIF_VALIDATION_CONFIG),
      '--rule-kind', 'Gh;Sarif',
      '--level', 'Error;Warning;Note',
      '--log', 'ForceOverwrite',
      // Boolean options take an explicit value: a bare --quiet is rejected as "bad format".
      '--quiet', 'true',
      '--output', output,
      input,
    ];
    const run = spawnSync(multitoolPath(), args, {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        // The binary is .NET; without libicu (Debian: libicu72) it aborts at start-up with
        // "Couldn't find a valid ICU package" (exit 134). The node image has libicu72, but
        // validation needs no culture data, so invariant mode keeps the harness independent
        // of it. Checked: identical findings with and without this variable.
        DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1',
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      },
    });
    if (run.error) throw run.error;
    if (run.status !== 0 || !existsSync(output)) {
      throw new Error(`Sarif.Multitool exited ${run.status ?? run.signal}:\n${run.stdout}\n${run.stderr}`);
    }
    const raw = readFileSync(output, 'utf8');
    return parseValidationLog(raw);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Turns the validator's result log into a report. Exported for tests of the parsing itself. */
export function parseValidationLog(raw: string): ValidationReport {
  const log = JSON.parse(raw.replace(/^\uFEFF/, '')) as SarifLogLike;
  const run = log.runs?.[0];
  if (!run) throw new Error('Sarif.Multitool wrote a log without runs');
  const rules = run.tool?.driver?.rules ?? [];
  const report: ValidationReport = { errors: [], warnings: [], notes: [], toolNotifications: [], raw };
  for (const inv of run.invocations ?? []) {
    for (const n of inv.toolExecutionNotifications ?? []) {
      if (n.level === 'error') throw new Error(`Sarif.Multitool failed: ${n.descriptor?.id}: ${n.message?.text}`);
      report.toolNotifications.push(`${n.descriptor?.id ?? ''}: ${n.message?.text ?? ''}`);
    }
    for (const n of inv.toolConfigurationNotifications ?? []) {
      report.toolNotifications.push(`${n.descriptor?.id ?? ''}: ${n.message?.text ?? ''}`);
    }
    if (inv.executionSuccessful === false) throw new Error('Sarif.Multitool reports an unsuccessful execution');
  }
  for (const r of run.results ?? []) {
    const rule = r.ruleIndex !== undefined ? rules[r.ruleIndex] : rules.find((x) => x.id === r.ruleId);
    const template = r.message?.text ?? (r.message?.id && rule?.messageStrings?.[r.message.id]?.text) ?? '';
    const args = r.message?.arguments ?? [];
    const region = r.locations?.[0]?.physicalLocation?.region;
    const level = r.level === 'error' || r.level === 'note' ? r.level : 'warning'; // SARIF default is warning
    const msg: ValidatorMessage = {
      ruleId: r.ruleId ?? rule?.id ?? '?',
      ruleName: rule?.name ?? '',
      level,
      message: template.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m),
      ...(region?.startLine !== undefined ? { line: region.startLine } : {}),
      ...(region?.startColumn !== undefined ? { column: region.startColumn } : {}),
    };
    (level === 'error' ? report.errors : level === 'warning' ? report.warnings : report.notes).push(msg);
  }
  return report;
}

/** `RULE: message` lines, for assertion messages. */
export function formatMessages(messages: readonly ValidatorMessage[]): string {
  return messages.map((m) => `${m.level} ${m.ruleId} ${m.ruleName} (${m.line ?? '?'}:${m.column ?? '?'}): ${m.message}`).join('\n');
}
