import { readFileSync, writeFileSync } from 'node:fs';
import { applyFixes } from '../fix/apply.js';
import { unifiedDiff } from '../fix/diff.js';
import { toPosix } from '../input/discover.js';
import { run, type RunOptions, type RunResult } from '../run.js';
import type { Finding, TextReplacement } from '../rule.js';

/** Passes of fix-and-lint before `--fix` stops: fixes that touched the same text wait for the next pass. */
const MAX_PASSES = 10;

/** The fixes of the active findings, by absolute path. */
function fixesByFile(findings: readonly Finding[]): Map<string, { file: string; fixes: TextReplacement[][] }> {
  const byFile = new Map<string, { file: string; fixes: TextReplacement[][] }>();
  for (const f of findings) {
    if (f.suppression || !f.fix?.replacements) continue;
    const entry = byFile.get(f.absolutePath) ?? byFile.set(f.absolutePath, { file: f.file, fixes: [] }).get(f.absolutePath)!;
    entry.fixes.push([...f.fix.replacements]);
  }
  return byFile;
}

/** Only UTF-8 files are rewritten (a byte order mark is kept); the offsets are into the text without it. */
function readUtf8(file: string): { bom: string; text: string } | undefined {
  const bytes = readFileSync(file);
  if (bytes[0] === 0xff || bytes[0] === 0xfe) return undefined;
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { return undefined; }
  // TextDecoder drops a BOM by default.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' : '';
  return { bom, text };
}

/**
 * `--fix`: lints, applies every fix that does not overlap another, writes the files and lints
 * again, until nothing is left to fix (at most 10 passes); the result is the last lint's.
 * `--fix-dry-run` (`write` false): lints once and returns the fixes as a unified diff.
 */
export async function runWithFixes(options: RunOptions, { write }: { write: boolean }): Promise<{ result: RunResult; diff?: string; fixed: number }> {
  let fixed = 0;
  for (let pass = 1; ; pass++) {
    const result = await run(options);
    const byFile = fixesByFile(result.findings);
    if (!write) {
      let diff = '';
      for (const [absolute, { file, fixes }] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const source = readUtf8(absolute);
        if (!source) continue;
        const after = applyFixes(source.text, fixes);
        fixed += after.applied;
        diff += unifiedDiff(toPosix(file), source.text, after.text);
      }
      return { result, diff, fixed };
    }
    let applied = 0;
    for (const [absolute, { fixes }] of byFile) {
      const source = readUtf8(absolute);
      if (!source) continue;
      const after = applyFixes(source.text, fixes);
      if (after.applied === 0 || after.text === source.text) continue;
      writeFileSync(absolute, source.bom + after.text);
      applied += after.applied;
    }
    fixed += applied;
    if (applied === 0 || pass === MAX_PASSES) return { result, fixed };
  }
}
