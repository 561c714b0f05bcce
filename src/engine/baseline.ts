import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataFileError, readDataFile } from '../config/data-file.js';
import { toPosix } from '../input/discover.js';
import type { Finding } from '../rule.js';

/**
 * A baseline: the findings a repository had when it adopted meshlint, so that only new
 * ones are reported. Entries name the rule, file, resource and message, never a line,
 * so edits that move lines keep matching.
 */
export interface Baseline {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly rule: string;
  /** Relative to the baseline file's directory, with forward slashes. */
  readonly file: string;
  /** `Kind namespace/name`, or `''` for file-level findings such as syntax errors. */
  readonly resource: string;
  readonly message: string;
  /** How many identical findings there were (omitted when 1). */
  readonly count?: number;
}

const resourceOf = (f: Finding) => f.resource?.ref ?? '';

function keyOf(f: Finding, baselineFile: string): string {
  const file = toPosix(path.relative(path.dirname(baselineFile), f.absolutePath));
  return JSON.stringify([f.ruleId, file, resourceOf(f), f.message]);
}

/** Writes the active findings to `file`; returns how many were written. */
export function writeBaseline(file: string, findings: readonly Finding[]): number {
  const counts = new Map<string, number>();
  for (const f of findings.filter((x) => !x.suppression)) {
    const key = keyOf(f, file);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, count]) => {
    const [rule, relative, resource, message] = JSON.parse(key) as string[];
    return { rule: rule!, file: relative!, resource: resource!, message: message!, ...(count > 1 ? { count } : {}) };
  });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ version: 1, findings: entries } satisfies Baseline, null, 2)}\n`);
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

const FIELDS = ['rule', 'file', 'resource', 'message'] as const;

/** What is wrong with one baseline entry, if anything. */
function entryProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'is not an object';
  const record = entry as Record<string, unknown>;
  for (const key of FIELDS) if (typeof record[key] !== 'string') return `has no string "${key}"`;
  if ((record.rule as string) === '' || (record.file as string) === '') return 'has an empty "rule" or "file"';
  const { count } = record;
  if (count !== undefined && !(Number.isSafeInteger(count) && (count as number) >= 1)) return '"count" must be a whole number of at least 1';
  const extra = Object.keys(record).find((k) => !(FIELDS as readonly string[]).includes(k) && k !== 'count');
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
  const findings = (data as Baseline | null)?.findings;
  if (typeof data !== 'object' || data === null || (data as Baseline).version !== 1 || !Array.isArray(findings)) {
    throw new DataFileError(`${file} is not a meshlint baseline (an object with "version": 1 and a "findings" list)`);
  }
  findings.forEach((entry, i) => {
    const problem = entryProblem(entry);
    if (problem) throw new DataFileError(`${file}: baseline entry ${i} (findings[${i}]) ${problem}`);
  });
  return data as Baseline;
}

/**
 * Marks the findings the baseline lists as suppressed (kind `baseline`), as many of
 * each as the baseline counted, so they no longer count or print; SARIF still carries them.
 */
export function applyBaseline(baseline: Baseline, file: string, findings: readonly Finding[]): number {
  const left = new Map<string, number>();
  for (const e of baseline.findings) {
    const key = JSON.stringify([e.rule, e.file, e.resource, e.message]);
    left.set(key, (left.get(key) ?? 0) + (e.count ?? 1));
  }
  let matched = 0;
  for (const f of findings) {
    if (f.suppression) continue;
    const key = keyOf(f, file);
    const n = left.get(key) ?? 0;
    if (n === 0) continue;
    left.set(key, n - 1);
    f.suppression = { kind: 'baseline', justification: `in the baseline ${toPosix(path.basename(file))}` };
    matched++;
  }
  return matched;
}
