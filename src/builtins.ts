import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

// Node.js built-ins that many runs never use, loaded on first use: each costs a small run's
// start-up a few milliseconds (crypto alone loads twenty internal modules).

export const crypto = (): typeof import('node:crypto') => load('node:crypto');
export const net = (): typeof import('node:net') => load('node:net');
export const os = (): typeof import('node:os') => load('node:os');
export const workerThreads = (): typeof import('node:worker_threads') => load('node:worker_threads');
