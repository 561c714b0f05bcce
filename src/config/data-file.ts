import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A file meshlint reads or replaces besides manifests (`.lintrc`, baseline, cache) that is missing, not a regular file, too large or not what it should be: exit code 2. */
export class DataFileError extends Error {}

/** Largest `.lintrc` or baseline read: far more than any real one, far less than memory. */
export const MAX_DATA_FILE = 64 * 1024 * 1024;

const CHUNK = 1 << 20;

const kindOf = (info: ReturnType<typeof fstatSync>) =>
  info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : 'a device';

const reason = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Reads a whole regular file of at most `limit` bytes, or throws a DataFileError naming
 * `what`, the file (as `file` gives it) and the reason. The file is opened without blocking (opening a named
 * pipe for reading would otherwise wait for a writer forever) and checked through the
 * open descriptor, so what is checked is what is read; a file that grows while it is read
 * is refused at the limit, never read to its end (`/dev/zero` has none).
 */
export function readDataFile(path: string, what: string, limit = MAX_DATA_FILE, file = path): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new DataFileError(`cannot read the ${what} ${file}: ${reason(error)}`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new DataFileError(`the ${what} ${file} is ${kindOf(info)}, not a regular file`);
    if (info.size > limit) throw new DataFileError(`the ${what} ${file} is ${info.size} bytes, over the limit of ${limit}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The size at open is read in one go; more means the file grew, and is read on in chunks.
      const chunk = Buffer.alloc(Math.min(limit + 1 - total, total === 0 ? info.size + 1 : CHUNK));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw new DataFileError(`the ${what} ${file} grew over the limit of ${limit} bytes while it was read`);
    }
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError(`cannot read the ${what} ${file}: ${reason(error)}`);
  } finally {
    closeSync(fd);
  }
}
