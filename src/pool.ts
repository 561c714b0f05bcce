import { Worker } from 'node:worker_threads';
import { parseFile, type ParsedFile, type ParseOptions } from './parse.js';
import { contentHash, readSource } from './read.js';

/** One input to parse: a file to read, or text already read (stdin, or a cache miss). */
export interface SourceJob {
  readonly file: string;
  readonly path?: string;
  readonly text?: string;
}

/** Parsed data plus what the cache needs to know about the content that was parsed. */
export interface SourceResult {
  readonly parsed: ParsedFile;
  readonly hash?: string;
  readonly size?: number;
  readonly mtimeMs?: number;
}

export function parseSource(job: SourceJob, options: ParseOptions): SourceResult {
  if (job.text !== undefined) return { parsed: parseFile(job.file, job.text, options), hash: contentHash(job.text) };
  const read = readSource(job.path!);
  if ('problem' in read) return { parsed: { file: job.file, resources: [], problems: [read.problem], skipped: [], directives: [] } };
  return { parsed: parseFile(job.file, read.text, options), hash: read.hash, size: read.size, mtimeMs: read.mtimeMs };
}

/** Below this many inputs, starting threads costs more than it saves. */
const INLINE_BELOW = 64;
const BATCH = 32;

/**
 * Parses inputs on `threads` worker threads (inline for small runs); results come back in
 * input order, so the output never depends on the number of threads.
 */
export async function parseAll(jobs: readonly SourceJob[], options: ParseOptions, threads: number): Promise<SourceResult[]> {
  if (threads <= 1 || jobs.length < INLINE_BELOW) return jobs.map((job) => parseSource(job, options));
  const results: SourceResult[] = new Array(jobs.length);
  let next = 0;
  const count = Math.min(threads, Math.ceil(jobs.length / BATCH));
  const url = new URL('./parse-worker.js', import.meta.url);
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(url, { workerData: options });
    const feed = () => {
      if (next >= jobs.length) { void worker.terminate().then(() => resolve()); return; }
      const batch = jobs.slice(next, next + BATCH).map((job, i) => ({ index: next + i, job }));
      next += batch.length;
      worker.postMessage(batch);
    };
    worker.on('message', (done: { index: number; result: SourceResult }[]) => {
      for (const { index, result } of done) results[index] = result;
      feed();
    });
    worker.on('error', reject);
    feed();
  })));
  return results;
}
