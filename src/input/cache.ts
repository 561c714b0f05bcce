import { crypto } from '../builtins.js';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readDataFile } from '../config/data-file.js';
import type { ParsedFile } from './parse.js';
import { contentHash, readWithStat, type Seen } from './decode.js';
import type { Finding } from '../rule.js';
import type { SavedLint } from '../engine/incremental.js';

interface Known extends Seen { hash: string }
interface Index {
  format: typeof FORMAT; key: string; written: number;
  files: Record<string, Known>;
  /** The findings of the last run, for the inputs and settings whose digest is given. */
  result?: { digest: string; findings: Finding[]; ruleFailures: number };
}
interface Data { format: typeof FORMAT; key: string; entries: Record<string, { hash: string; parsed: ParsedFile }> }
/** The lint states of the last run (one per world), and the settings they were made with. */
interface LintData { format: typeof FORMAT; key: string; lint: string; worlds: [string, SavedLint][] }

/** Also the start of every file the cache writes, by which a cache location is recognised. */
export const FORMAT = 'meshlint-cache/4';
/** Largest cache file read; a larger one is ignored and rebuilt. */
const MAX_CACHE_FILE = 512 * 1024 * 1024;
/** Parsed data is split over this many files, so that one changed file rewrites a sixteenth of it. */
const SHARDS = 16;
const shardOf = (absolute: string) => parseInt(crypto().createHash('sha1').update(absolute).digest('hex').slice(0, 4), 16) % SHARDS;
/**
 * A file modified this close before it was read may be modified again within the same
 * tick of a coarse file-system clock, unseen by its time: its hash is checked on the next
 * run instead of trusted (git's "racily clean" entries).
 */
const RACY_MS = 2000;

const lintFile = (index: string) => `${index.replace(/\.json$/, '')}.lint.json`;
const shardFile = (index: string, shard: number) => `${index.replace(/\.json$/, '')}.data-${shard}.json`;

const SIGNATURE = /^\s*\{\s*"format"\s*:\s*"meshlint-cache\//;

/**
 * Why meshlint must not replace what is at `file` with a cache, if it must not: anything
 * but nothing, an empty file or a file that starts as a meshlint cache does (its content
 * may be corrupt or from another version: that only costs a rebuild).
 */
export function notACache(file: string): string | undefined {
  const link = lstatSync(file, { throwIfNoEntry: false });
  if (!link) return undefined;
  if (link.isSymbolicLink()) return 'is a symbolic link';
  if (link.isDirectory()) return 'is a directory';
  if (!link.isFile()) return 'is not a regular file';
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  try {
    if (!fstatSync(fd).isFile()) return 'is not a regular file';
    const head = Buffer.alloc(64);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    return text.trim() === '' || SIGNATURE.test(text) ? undefined : 'is not a meshlint cache';
  } finally {
    closeSync(fd);
  }
}

function readJson<T extends { format?: unknown; key?: unknown }>(file: string, key: string): T | undefined {
  try {
    const data = JSON.parse(readDataFile(file, 'cache', MAX_CACHE_FILE).toString('utf8')) as T;
    return data?.format === FORMAT && data.key === key ? data : undefined;
  } catch {
    return undefined; // Missing, unreadable or corrupt: start afresh.
  }
}

/**
 * What earlier runs learned, keyed by content. A small index holds each file's content
 * hash (trusted through size and modification time for files older than the index, as
 * git does) and the findings of the last run; data files beside it hold each file's
 * parsed data, and are read only when something changed. A cache written by another
 * version or for another configuration, or one that cannot be read, is ignored and rebuilt.
 */
export class ParseCache {
  private readonly index: Index;
  private shards: Data[] | undefined;
  private readonly dirty = new Set<number>();
  private changed = false;
  private lintData: string | undefined;
  private readonly stated = new Map<string, string | undefined>();

  constructor(private readonly file: string, private readonly key: string) {
    const index = readJson<Index>(file, key);
    const valid = index && typeof index.files === 'object' && index.files !== null;
    this.index = valid ? index : { format: FORMAT, key, written: 0, files: {} };
  }

  private shardFile(shard: number): string {
    return shardFile(this.file, shard);
  }

  /** The shard that holds a file's parsed data (all shards are read on first use). */
  private entries(absolute: string): Data['entries'] {
    this.shards ??= Array.from({ length: SHARDS }, (_, shard) => {
      const data = readJson<Data>(this.shardFile(shard), this.key);
      return data && typeof data.entries === 'object' && data.entries !== null ? data : { format: FORMAT, key: this.key, entries: {} };
    });
    return this.shards[shardOf(absolute)]!.entries;
  }

  /**
   * The file's content hash, if its size and modification time are those it had before the
   * bytes that were hashed were read, and it had not been modified just before that read.
   */
  knownHash(absolute: string): string | undefined {
    // Once per run: a run asks before it decides to parse, and again when it looks a file up.
    if (this.stated.has(absolute)) return this.stated.get(absolute);
    const hash = this.statedHash(absolute);
    this.stated.set(absolute, hash);
    return hash;
  }

  private statedHash(absolute: string): string | undefined {
    const known = this.index.files[absolute];
    if (!known || typeof known.hash !== 'string' || typeof known.at !== 'number') return undefined;
    const stat = statSync(absolute, { throwIfNoEntry: false });
    return stat && stat.isFile() && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.mtimeMs < known.at - RACY_MS
      ? known.hash
      : undefined;
  }

  /** The cached parse of a file whose content is unchanged; the file is read and hashed when size and time cannot tell. */
  lookup(absolute: string, onRead?: (read: { bytes: Buffer; seen?: Seen }) => void): { parsed: ParsedFile; hash: string } | undefined {
    const entry = this.entries(absolute)[absolute];
    if (!entry || typeof entry.hash !== 'string' || !isParsed(entry.parsed)) return undefined;
    if (this.knownHash(absolute) === entry.hash) return entry;
    let read;
    try {
      read = readWithStat(absolute);
    } catch {
      return undefined;
    }
    onRead?.(read);
    if (!read.seen || contentHash(read.bytes) !== entry.hash) return undefined;
    this.remember(absolute, entry.hash, read.seen);
    return entry;
  }

  /** The parse kept for a file, whatever its content now: what an earlier run linted. Read before `store` replaces it. */
  previous(absolute: string): ParsedFile | undefined {
    const entry = this.entries(absolute)[absolute];
    return entry && isParsed(entry.parsed) ? entry.parsed : undefined;
  }

  /** The lint states the last run saved (see LintState.save), if it ran with these settings (`key`). */
  lint(key: string): Map<string, SavedLint> | undefined {
    const data = readJson<LintData>(lintFile(this.file), this.key);
    return data && data.lint === key && Array.isArray(data.worlds) ? new Map(data.worlds) : undefined;
  }

  /** Keeps this run's lint states, for a run with the same settings after some files changed. */
  saveLint(key: string, worlds: ReadonlyMap<string, SavedLint>): void {
    this.lintData = JSON.stringify({ format: FORMAT, key: this.key, lint: key, worlds: [...worlds] });
  }

  /**
   * Records the hash of the bytes parsed, what the file looked like before they were read
   * (never a stat taken afterwards, which an edit in between would pair with the old
   * content), and the parsed data when there is some to keep.
   */
  store(absolute: string, hash: string, seen: Seen, parsed?: ParsedFile): void {
    this.remember(absolute, hash, seen);
    if (parsed) {
      this.entries(absolute)[absolute] = { hash, parsed };
      this.dirty.add(shardOf(absolute));
    }
  }

  private remember(absolute: string, hash: string, seen: Seen): void {
    this.index.files[absolute] = { hash, size: seen.size, mtimeMs: seen.mtimeMs, at: seen.at };
    this.changed = true;
  }

  /** The findings of the last run, if its digest (inputs, their content and the settings) is this one. */
  result(digest: string): { findings: Finding[]; ruleFailures: number } | undefined {
    const result = this.index.result;
    return result && result.digest === digest && Array.isArray(result.findings) ? result : undefined;
  }

  saveResult(digest: string, findings: readonly Finding[], ruleFailures: number): void {
    this.index.result = { digest, findings: JSON.parse(JSON.stringify(findings)) as Finding[], ruleFailures };
    this.changed = true;
  }

  /** Drops what belongs to files not seen in this run, and writes what changed, atomically. */
  save(seen: ReadonlySet<string>): void {
    for (const file of Object.keys(this.index.files)) if (!seen.has(file)) { delete this.index.files[file]; this.changed = true; }
    this.shards?.forEach((shard, i) => {
      for (const file of Object.keys(shard.entries)) if (!seen.has(file)) { delete shard.entries[file]; this.dirty.add(i); }
    });
    if (!this.changed && this.dirty.size === 0 && this.lintData === undefined) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      for (const shard of this.dirty) atomicWrite(this.shardFile(shard), JSON.stringify(this.shards![shard]));
      if (this.lintData !== undefined) atomicWrite(lintFile(this.file), this.lintData);
      atomicWrite(this.file, JSON.stringify({ ...this.index, written: Date.now() }));
    } catch {
      // A cache that cannot be written only costs time on the next run.
    }
  }
}

/**
 * Writes a new file and renames it into place: readers see the old or the new content,
 * never half of it. The temporary name is unpredictable and created exclusively (`wx`
 * fails on anything already there, a symbolic link included), and the rename replaces a
 * link at `file` rather than writing through it.
 */
function atomicWrite(file: string, text: string): void {
  const temporary = `${file}.${crypto().randomBytes(8).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: 'wx', mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    try { unlinkSync(temporary); } catch { /* never created, or already renamed */ }
    throw error;
  }
}

function isParsed(parsed: ParsedFile | undefined): parsed is ParsedFile {
  return typeof parsed === 'object' && parsed !== null && Array.isArray(parsed.resources) && Array.isArray(parsed.problems)
    && Array.isArray(parsed.skipped) && Array.isArray(parsed.directives);
}
