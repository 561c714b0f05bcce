import { Worker } from 'node:worker_threads';
import { HelmCharts, type Template } from './chart.js';
import { parseFile, unparsedFile, type ParsedFile, type ParseOptions } from './parse.js';
import { contentHash, decode, readSource } from './read.js';

/** One input to parse: a file to read, or content already read (stdin, or a cache miss). */
export interface SourceJob {
  readonly file: string;
  readonly path?: string;
  readonly content?: string | Uint8Array;
}

export interface PoolOptions extends ParseOptions {
  readonly maxFileSize: number;
}

/** Parsed data, the hash of the content parsed (for the cache), or the chart template it turned out to be. */
export type SourceResult =
  | { readonly parsed: ParsedFile; readonly hash?: string }
  | { readonly template: Template };

const charts = new HelmCharts();

/** Reads (when needed), checks and parses one input; never throws. */
export function parseSource(job: SourceJob, options: PoolOptions): SourceResult {
  const source = job.content !== undefined
    ? decode(typeof job.content === 'string' ? Buffer.from(job.content) : job.content, options.maxFileSize)
    : readSource(job.path!, options.maxFileSize);
  if ('problem' in source) return { parsed: unparsedFile(job.file, source.problem, source.skipped) };
  const template = job.path ? charts.templateOf(job.file, job.path, source.text) : undefined;
  if (template) return { template };
  try {
    return { parsed: parseFile(job.file, source.text, options), hash: contentHash(source.text) };
  } catch (error) {
    // A bug must not cost the findings of every other file: this one says what happened.
    const message = `meshlint failed on this file: ${String((error as Error)?.message ?? error).split('\n')[0]}; this is a bug in meshlint`;
    return { parsed: unparsedFile(job.file, { message, line: 1, column: 1, endLine: 1, endColumn: 1, category: 'internal' }, 'internal error') };
  }
}

/** Below this many inputs, starting threads costs more than it saves. */
const INLINE_BELOW = 64;
const BATCH = 32;

/**
 * Parses inputs on `threads` worker threads (inline for small runs); results come back in
 * input order, so the output never depends on the number of threads.
 */
export async function parseAll(jobs: readonly SourceJob[], options: PoolOptions, threads: number): Promise<SourceResult[]> {
  if (threads <= 1 || jobs.length < INLINE_BELOW) {
    return jobs.map((job) => parseSource(job, options));
  }
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
