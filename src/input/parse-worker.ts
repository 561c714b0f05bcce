import { parentPort, workerData } from 'node:worker_threads';
import { parseSource, type PoolOptions, type SourceJob } from './parse-threads.js';

// A parsing thread: receives batches of inputs, answers with their parsed data.
const options = workerData as PoolOptions;
parentPort!.on('message', (batch: { index: number; job: SourceJob }[]) => {
  parentPort!.postMessage(batch.map(({ index, job }) => ({ index, result: parseSource(job, options) })));
});
