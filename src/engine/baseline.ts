import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

/** Reads a baseline; throws an Error with a one-line reason when it is missing or malformed. */
export function readBaseline(file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`cannot read the baseline ${file}: ${reason}`);
  }
  const findings = (data as Baseline | null)?.findings;
  if ((data as Baseline | null)?.version !== 1 || !Array.isArray(findings)
    || !findings.every((e) => ['rule', 'file', 'resource', 'message'].every((k) => typeof (e as unknown as Record<string, unknown>)[k] === 'string'))) {
    throw new Error(`${file} is not a meshlint baseline (version 1, findings with rule, file, resource and message)`);
  }
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
