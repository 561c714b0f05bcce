// Preloaded with `node --import` by bench/run.mjs when GNU time is not
// available: on exit, writes the process's peak RSS (kB) and its user and system CPU
// time (seconds) to $MESHLINT_BENCH_RSS_FILE, as GNU time's `%M %U %S` does.
// Only the first Node process of a run writes: it marks the environment, so
// worker threads (which share its RSS anyway) and any child processes skip.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.MESHLINT_BENCH_RSS_FILE;
if (file && isMainThread && !process.env.MESHLINT_BENCH_RSS_CLAIMED) {
  process.env.MESHLINT_BENCH_RSS_CLAIMED = '1';
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`);
  });
}
