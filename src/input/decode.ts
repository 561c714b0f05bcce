import { crypto } from '../builtins.js';
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { Lines } from '../position/spans.js';
import type { SourceProblem } from '../rule.js';

/** Default of `maxFileSize` in `.lintrc`: larger than any hand-written manifest bundle. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * The size and modification time of a file as it was read (from the descriptor it was read
 * through, before the read), and the wall-clock time just before: what the cache trusts.
 */
export interface Seen { readonly size: number; readonly mtimeMs: number; readonly at: number }

/**
 * A file's text (without a byte order mark), or the problem that kept meshlint from reading it and a short reason for
 * `--verbose`; `hash` of exactly the bytes read, and what the file looked like then, when asked.
 */
export type Source = ({ readonly text: string } | { readonly problem: SourceProblem; readonly skipped: string })
  & { readonly hash?: string; readonly seen?: Seen };

const unreadable = (message: string, hint?: string, line = 1, column = 1): SourceProblem =>
  ({ code: 'unreadable', message, ...(hint ? { hint } : {}), line, column, endLine: line, endColumn: column + 1 });

const SAVE_AS_UTF8 = 'Save it as UTF-8, the encoding kubectl and every YAML tool read.';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'permission denied', ELOOP: 'symbolic link loop',
  EISDIR: 'it is a directory', ENOENT: 'it was deleted or moved while meshlint ran',
  ENOTDIR: 'a part of its path is not a directory', EMFILE: 'too many open files', EIO: 'input/output error',
};

function cannotRead(error: unknown): Source {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code] ?? (code || (error as Error).message);
  return { problem: unreadable(`cannot read the file: ${reason}`), skipped: reason };
}

/**
 * Reads a file as text, checking what would make reading it fail, hang or blow up memory:
 * broken links and link loops, directories, pipes and devices (reading a pipe can block
 * forever), files over the size limit, binary files and text that is not UTF-8.
 */
export function readSource(file: string, maxFileSize: number, hash = false): Source {
  // Synchronous on purpose: many small files are read faster without a trip through the
  // thread pool each, and this runs on worker threads.
  try {
    let info;
    try {
      info = statSync(file);
    } catch (error) {
      const link = (error as NodeJS.ErrnoException).code === 'ENOENT' && lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink();
      if (!link) throw error;
      let target = '?';
      try { target = readlinkSync(file); } catch { /* keep "?" */ }
      return { problem: unreadable(`cannot read the file: broken symbolic link to "${target}"`), skipped: 'broken symbolic link' };
    }
    if (info.isDirectory()) return cannotRead({ code: 'EISDIR' });
    if (!info.isFile()) {
      const what = info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : 'a device';
      return { problem: unreadable(`cannot read the file: it is ${what}, not a regular file`), skipped: `${what}` };
    }
    if (info.size > maxFileSize) return tooLarge(info.size, maxFileSize);
    if (!hash) return decode(readFileSync(file), maxFileSize);
    const read = readWithStat(file);
    if (!read.seen) return { problem: unreadable('cannot read the file: it was replaced while meshlint ran'), skipped: 'replaced' };
    return { ...decode(read.bytes, maxFileSize), hash: contentHash(read.bytes), seen: read.seen };
  } catch (error) {
    return cannotRead(error);
  }
}

function tooLarge(size: number, limit: number): Source {
  return {
    problem: unreadable(`the file is ${bytes(size)}, over the limit of ${bytes(limit)}, and was not read`, 'Raise "maxFileSize" in .lintrc to lint it, or exclude the file.'),
    skipped: 'too large',
  };
}

const bytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`);

/**
 * Turns bytes into text. UTF-8 (with or without a BOM) and UTF-16 with a BOM are read, as
 * YAML allows and kubectl accepts; a NUL byte, which YAML forbids, marks a binary file.
 */
export function decode(data: Uint8Array, maxFileSize: number): Source {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buffer.length > maxFileSize) return tooLarge(buffer.length, maxFileSize);
  if (buffer[0] === 0xff && buffer[1] === 0xfe && buffer[2] === 0 && buffer[3] === 0 || buffer[0] === 0 && buffer[1] === 0 && buffer[2] === 0xfe && buffer[3] === 0xff) {
    return { problem: unreadable('the file is UTF-32, which meshlint does not read', SAVE_AS_UTF8), skipped: 'UTF-32' };
  }
  const utf16 = buffer[0] === 0xff && buffer[1] === 0xfe ? 'utf-16le' : buffer[0] === 0xfe && buffer[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    let text: string;
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(buffer);
    } catch {
      return { problem: unreadable('the file starts with a UTF-16 byte order mark but is not valid UTF-16', SAVE_AS_UTF8), skipped: 'not UTF-16' };
    }
    const nul = text.indexOf('\0');
    return nul < 0 ? { text: asYamlText(text) } : binary(text.slice(0, nul));
  }
  const nul = buffer.indexOf(0);
  if (nul >= 0) return binary(buffer.subarray(0, nul).toString('utf8'));
  if (!isUtf8(buffer)) {
    const bad = firstInvalidUtf8(buffer);
    const { line, column } = endOf(buffer.subarray(0, bad).toString('utf8'));
    const byte = buffer[bad]!.toString(16).padStart(2, '0');
    return { problem: unreadable(`the file is not UTF-8: byte 0x${byte} starts no valid character`, SAVE_AS_UTF8, line, column), skipped: 'not UTF-8' };
  }
  return { text: asYamlText(buffer.toString('utf8')) };
}

function binary(before: string): Source {
  const { line, column } = endOf(before);
  const hint = 'YAML forbids NUL bytes: the file is binary, or text in an encoding meshlint does not read (UTF-32, or UTF-16 without a byte order mark).';
  return { problem: unreadable('the file holds a NUL byte, which YAML forbids, and was not read', hint, line, column), skipped: 'binary' };
}

/** 1-based line and column just after a text (columns count from after a byte order mark). */
function endOf(before: string): { line: number; column: number } {
  const text = withoutBom(before);
  return new Lines(text).position(text.length);
}

/** The text meshlint reads: a BOM is invisible to editors, so columns count from after it. */
export const withoutBom = (text: string) => (text.startsWith('\uFEFF') ? text.slice(1) : text);

/**
 * The text as YAML reads it, without a BOM: a bare CR ends a line, as in go-yaml (and YAML
 * 1.1 and 1.2 alike), where the `yaml` library would take it for part of the line. Each is
 * replaced by LF, one character for one, so that offsets stay those of the file, and lines
 * count as an editor counts them. CRLF stays as it is.
 */
export function asYamlText(text: string): string {
  const plain = withoutBom(text);
  return plain.includes('\r') ? plain.replace(/\r(?!\n)/g, '\n') : plain;
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(buffer: Buffer): number {
  for (let i = 0; i < buffer.length;) {
    const b = buffer[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > buffer.length) return i;
    if (length > 1 && !isUtf8(buffer.subarray(i, i + length))) return i;
    i += length;
  }
  return buffer.length;
}

/**
 * A file's bytes and what it looked like before they were read, taken from the descriptor
 * they are read through: an edit during or after the read then changes the size or time
 * the cache compares, where a stat after the read could record the new time beside the old
 * content's hash, and hide the edit from every later run. `seen` is missing when the file
 * is no longer a regular file.
 */
export function readWithStat(file: string): { bytes: Buffer; seen?: Seen } {
  // Non-blocking: a file replaced by a named pipe since it was checked must not hang the open.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const at = Date.now();
    const info = fstatSync(fd);
    if (!info.isFile()) return { bytes: Buffer.alloc(0) };
    return { bytes: readFileSync(fd), seen: { size: info.size, mtimeMs: info.mtimeMs, at } };
  } finally {
    closeSync(fd);
  }
}

/** What the cache keys a file's content by. */
export const contentHash = (bytes: Uint8Array) => crypto().createHash('sha1').update(bytes).digest('hex');
