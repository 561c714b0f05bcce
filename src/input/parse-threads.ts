import { workerThreads } from '../builtins.js';
import { HelmCharts, type Template } from './helm-charts.js';
import { parseFile, unparsedFile, type ParsedFile, type ParseOptions } from './parse.js';
import { contentHash, decode, readSource, type Seen } from './decode.js';

/** One input to parse: a file to read, or content already read (stdin, or a file whose hash the cache checked). */
export interface SourceJob {
  readonly file: string;
  readonly path?: string;
  readonly content?: string | Uint8Array;
  /** For content the cache read from `path`: the file's state before that read. */
  readonly seen?: Seen;
}

export interface PoolOptions extends ParseOptions {
  readonly maxFileSize: number;
  /** Hash each file's bytes, for the cache. */
  readonly hash?: boolean;
}

/**
 * Parsed data with the text it was parsed from (kept for positions: the file is not read
 * again), or the chart template it turned out to be; for the cache, the hash of the bytes
 * parsed and the file's state before they were read.
 */
export type SourceResult =
  | { readonly parsed: ParsedFile; readonly text?: string; readonly hash?: string; readonly seen?: Seen }
  | { readonly template: Template; readonly hash?: string; readonly seen?: Seen };

const charts = new HelmCharts();

/** Reads (when needed), checks and parses one input; never throws. */
export function parseSource(job: SourceJob, options: PoolOptions): SourceResult {
  const bytes = typeof job.content === 'string' ? Buffer.from(job.content) : job.content;
  const source = bytes !== undefined
    ? { ...decode(bytes, options.maxFileSize), ...(options.hash && job.path ? { hash: contentHash(bytes), ...(job.seen ? { seen: job.seen } : {}) } : {}) }
    : readSource(job.path!, options.maxFileSize, options.hash);
  const { hash, seen } = source;
  if ('problem' in source) return { parsed: unparsedFile(job.file, source.problem, source.skipped), hash, seen };
  const template = job.path ? charts.templateOf(job.file, job.path, source.text) : undefined;
  if (template) return { template, hash, seen };
  try {
    return { parsed: parseFile(job.file, source.text, options), text: source.text, hash, seen };
  } catch (error) {
    // A bug must not cost the findings of every other file: this one says what happened.
    const reason = String((error as Error)?.message ?? error).split('\n')[0]!;
    const message = `meshlint failed on this file: ${reason.length > 100 ? `${reason.slice(0, 99)}…` : reason}`;
    const hint = 'This is a bug in meshlint, not in the file: please report it, with the file if you can.';
    return { parsed: unparsedFile(job.file, { code: 'internal', message, hint, line: 1, column: 1, endLine: 1, endColumn: 1 }, 'internal error') };
  }
}

const BATCH = 32;
/** The main thread takes small batches, to hand out work to the threads between them. */
const MAIN_BATCH = 4;
/** How long the main thread parses alone before it judges whether threads are worth starting. */
const PROBE_MS = 200;
/** A thread takes about this long to start and warm up: it pays off only for more work than this. */
const THREAD_COST_MS = 400;

/**
 * Parses inputs on up to `threads` threads. The main thread starts at once; after a short
 * while, if the work left would take it long enough to pay for their start-up, it starts
 * `threads - 1` workers that share what remains. Results come back in input order, so the
 * output never depends on the number of threads.
 */
export async function parseAll(
  jobs: readonly SourceJob[], options: PoolOptions, threads: number,
  tuning: { probeMs: number; threadCostMs: number } = { probeMs: PROBE_MS, threadCostMs: THREAD_COST_MS },
  onProgress?: (done: number, total: number) => void,
): Promise<SourceResult[]> {
  const results: SourceResult[] = new Array(jobs.length);
  let finished = 0;
  let next = 0;
  const take = (size: number) => {
    const batch = jobs.slice(next, next + size).map((job, i) => ({ index: next + i, job }));
    next += batch.length;
    return batch;
  };
  const url = new URL('./parse-worker.js', import.meta.url);
  const startWorker = () => new Promise<void>((resolve, reject) => {
    // A parse thread allocates much short-lived data; a young generation of its own default
    // size on each thread adds tens of MB of peak memory for no speed.
    const worker = new (workerThreads().Worker)(url, { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    let inFlight = 0;
    const feed = () => {
      // Smaller batches as the work runs out, so that no thread is left waiting for another.
      const batch = take(Math.max(MAIN_BATCH, Math.min(BATCH, Math.ceil((jobs.length - next) / (4 * threads)))));
      if (batch.length > 0) { inFlight++; worker.postMessage(batch); }
      else if (inFlight === 0) void worker.terminate().then(() => resolve());
    };
    worker.on('message', (done: { index: number; result: SourceResult }[]) => {
      inFlight--;
      for (const { index, result } of done) results[index] = result;
      finished += done.length;
      onProgress?.(finished, jobs.length);
      feed();
    });
    worker.on('error', reject);
    // Two batches in flight, so that a worker never waits for the main thread to hand it one.
    feed();
    feed();
  });
  const workers: Promise<void>[] = [];
  const started = Date.now();
  for (let batch = take(MAIN_BATCH); batch.length > 0; batch = take(MAIN_BATCH)) {
    for (const { index, job } of batch) results[index] = parseSource(job, options);
    finished += batch.length;
    onProgress?.(finished, jobs.length);
    const elapsed = Date.now() - started;
    if (threads > 1 && workers.length === 0 && elapsed >= tuning.probeMs && (elapsed / next) * (jobs.length - next) >= tuning.threadCostMs) {
      for (let i = 1; i < threads; i++) workers.push(startWorker());
    }
    if (workers.length > 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  return results;
}
