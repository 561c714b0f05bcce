import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataFileError, readDataFile } from '../config/data-file.js';
import { toPosix } from '../input/discover.js';
import type { Finding, Path, RuleMeta } from '../rule.js';

/**
 * A baseline: the findings a repository had when it adopted meshlint, so that only new
 * ones are reported. Version 2 keys an entry by rule, file and a fingerprint of what the
 * finding is about (the resource and the path reported inside it), never by line or
 * message, so moving lines, rewording messages in an upgrade or changing a setting that
 * a message quotes keeps matching; identical fingerprints are counted. Version 1
 * baselines (keyed by message) are still read.
 */
export interface Baseline {
  readonly version: 1 | 2;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly rule: string;
  /** Relative to the baseline file's directory, with forward slashes. */
  readonly file: string;
  /** `Kind namespace/name`, or `''` for file-level findings. */
  readonly resource: string;
  /** Version 2: where in the resource the finding is (`spec.egress[0].hosts`); for a file-level finding its message. */
  readonly at?: string;
  /** Version 1 only: the message. */
  readonly message?: string;
  /** How many findings had this key (omitted when 1). */
  readonly count?: number;
}

/** Rules whose findings are never baselined: a file that cannot be read or parsed is not linted at all. */
const UNBASELINED = new Set(['syntax', 'unreadable', 'internal']);

/** The ids of the rules whose findings may be baselined. */
export function baselinable(rules: readonly RuleMeta[]): (f: Finding) => boolean {
  const never = new Set(rules.filter((m) => m.problems?.some((p) => UNBASELINED.has(p))).map((m) => m.id));
  return (f) => !never.has(f.ruleId);
}

/** `spec.egress[0].hosts`. */
export const pathText = (at: Path) => at.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('');

function keyOf(f: Finding, baselineFile: string, version: 1 | 2): string {
  const file = toPosix(path.relative(path.dirname(baselineFile), f.absolutePath));
  const resource = f.resource?.ref ?? '';
  return JSON.stringify([f.ruleId, file, resource, version === 1 ? f.message : f.resource ? pathText(f.at ?? []) : f.message]);
}

/** Writes the active findings that may be baselined to `file` (version 2); returns how many were written. */
export function writeBaseline(file: string, findings: readonly Finding[], rules: readonly RuleMeta[] = []): number {
  const allowed = baselinable(rules);
  const counts = new Map<string, number>();
  for (const f of findings.filter((x) => !x.suppression && allowed(x))) {
    const key = keyOf(f, file, 2);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, count]) => {
    const [rule, relative, resource, at] = JSON.parse(key) as string[];
    return { rule: rule!, file: relative!, resource: resource!, at: at!, ...(count > 1 ? { count } : {}) };
  });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ version: 2, findings: entries } satisfies Baseline, null, 2)}\n`);
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

/** What is wrong with one baseline entry, if anything. */
function entryProblem(entry: unknown, version: 1 | 2): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'is not an object';
  const fields = ['rule', 'file', 'resource', version === 1 ? 'message' : 'at'];
  const record = entry as Record<string, unknown>;
  for (const key of fields) if (typeof record[key] !== 'string') return `has no string "${key}"`;
  if ((record.rule as string) === '' || (record.file as string) === '') return 'has an empty "rule" or "file"';
  const { count } = record;
  if (count !== undefined && !(Number.isSafeInteger(count) && (count as number) >= 1)) return '"count" must be a whole number of at least 1';
  const extra = Object.keys(record).find((k) => !fields.includes(k) && k !== 'count');
  return extra === undefined ? undefined : `has the unknown key "${extra}"`;
}

/**
 * Reads a baseline: a regular file of at most MAX_DATA_FILE bytes, every entry checked.
 * Throws a DataFileError with a one-line reason (and the entry's index) when it is
 * missing, not a regular file, too large or malformed.
 */
export function readBaseline(file: string): Baseline {
  let data: unknown;
  const bytes = readDataFile(file, 'baseline');
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new DataFileError(`the baseline ${file} is not JSON: ${(error as Error).message}`);
  }
  const { version, findings } = (data ?? {}) as { version?: unknown; findings?: unknown };
  if (typeof data !== 'object' || data === null || !Array.isArray(findings) || !(version === 1 || version === 2)) {
    const newer = typeof version === 'number' && version > 2 ? `; it is version ${version}, from a newer meshlint` : '';
    throw new DataFileError(`${file} is not a meshlint baseline (an object with "version": 2 or 1 and a "findings" list)${newer}`);
  }
  findings.forEach((entry, i) => {
    const problem = entryProblem(entry, version);
    if (problem) throw new DataFileError(`${file}: baseline entry ${i} (findings[${i}]) ${problem}`);
  });
  return data as Baseline;
}

/**
 * Marks the findings the baseline lists as suppressed (kind `baseline`), as many of
 * each as the baseline counted, so they no longer count or print; SARIF still carries them.
 * Findings of files that cannot be read or parsed are never suppressed.
 */
export function applyBaseline(baseline: Baseline, file: string, findings: readonly Finding[], rules: readonly RuleMeta[] = []): number {
  const allowed = baselinable(rules);
  const left = new Map<string, number>();
  for (const e of baseline.findings) {
    const key = JSON.stringify([e.rule, e.file, e.resource, baseline.version === 1 ? e.message : e.at]);
    left.set(key, (left.get(key) ?? 0) + (e.count ?? 1));
  }
  let matched = 0;
  for (const f of findings) {
    if (f.suppression || !allowed(f)) continue;
    const key = keyOf(f, file, baseline.version);
    const n = left.get(key) ?? 0;
    if (n === 0) continue;
    left.set(key, n - 1);
    f.suppression = { kind: 'baseline', justification: `in the baseline ${toPosix(path.basename(file))}` };
    matched++;
  }
  return matched;
}
