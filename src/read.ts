import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { SourceProblem } from './types.js';

/** What reading one input gave: its text, or the problem that stopped it. */
export type ReadResult =
  | { readonly text: string; readonly hash: string; readonly size: number; readonly mtimeMs: number }
  | { readonly problem: SourceProblem };

const at1 = (message: string): SourceProblem => ({ message, line: 1, column: 1, endLine: 1, endColumn: 1 });

export const contentHash = (text: string) => createHash('sha1').update(text).digest('hex');

/** Reads a file as UTF-8; file-system errors become a problem of the file, never exceptions. */
export function readSource(path: string): ReadResult {
  try {
    const { size, mtimeMs } = statSync(path);
    const text = readFileSync(path, 'utf8');
    return { text, hash: contentHash(text), size, mtimeMs };
  } catch (error) {
    return { problem: at1(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`) };
  }
}
