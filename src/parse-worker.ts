import { parentPort, workerData } from 'node:worker_threads';
import { parseSource, type PoolOptions, type SourceJob } from './pool.js';

// A parsing thread: receives batches of inputs, answers with their parsed data.
const options = workerData as PoolOptions;
parentPort!.on('message', async (batch: { index: number; job: SourceJob }[]) => {
  const done = [];
  for (const { index, job } of batch) done.push({ index, result: await parseSource(job, options) });
  parentPort!.postMessage(done);
});
