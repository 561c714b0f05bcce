import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParsedFile } from './parse.js';
import { contentHash } from './decode.js';
import type { Finding } from '../rule.js';

interface Seen { hash: string; size: number; mtimeMs: number }
interface Index {
  format: typeof FORMAT; key: string; written: number;
  files: Record<string, Seen>;
  /** The findings of the last run, for the inputs and settings whose digest is given. */
  result?: { digest: string; findings: Finding[]; ruleFailures: number };
}
interface Data { format: typeof FORMAT; key: string; entries: Record<string, { hash: string; parsed: ParsedFile }> }

const FORMAT = 'meshlint-cache/2';
/** Parsed data is split over this many files, so that one changed file rewrites a sixteenth of it. */
const SHARDS = 16;
const shardOf = (absolute: string) => parseInt(createHash('sha1').update(absolute).digest('hex').slice(0, 4), 16) % SHARDS;
/** Files modified this close to the last write may have changed within the clock's resolution. */
const RACY_MS = 2000;

function readJson<T extends { format?: unknown; key?: unknown }>(file: string, key: string): T | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as T;
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

  constructor(private readonly file: string, private readonly key: string) {
    const index = readJson<Index>(file, key);
    const valid = index && typeof index.files === 'object' && index.files !== null;
    this.index = valid ? index : { format: FORMAT, key, written: 0, files: {} };
  }

  private shardFile(shard: number): string {
    return `${this.file.replace(/\.json$/, '')}.data-${shard}.json`;
  }

  /** The shard that holds a file's parsed data (all shards are read on first use). */
  private entries(absolute: string): Data['entries'] {
    this.shards ??= Array.from({ length: SHARDS }, (_, shard) => {
      const data = readJson<Data>(this.shardFile(shard), this.key);
      return data && typeof data.entries === 'object' && data.entries !== null ? data : { format: FORMAT, key: this.key, entries: {} };
    });
    return this.shards[shardOf(absolute)]!.entries;
  }

  /** The file's content hash, if its size and modification time say it is unchanged since it was hashed. */
  knownHash(absolute: string): string | undefined {
    const seen = this.index.files[absolute];
    if (!seen || typeof seen.hash !== 'string') return undefined;
    const stat = statSync(absolute, { throwIfNoEntry: false });
    return stat && stat.isFile() && seen.size === stat.size && seen.mtimeMs === stat.mtimeMs && stat.mtimeMs < this.index.written - RACY_MS
      ? seen.hash
      : undefined;
  }

  /** The cached parse of a file whose content is unchanged; `read` gives the content when size and time cannot tell. */
  lookup(absolute: string, read: () => Uint8Array): { parsed: ParsedFile; hash: string } | undefined {
    const entry = this.entries(absolute)[absolute];
    if (!entry || typeof entry.hash !== 'string' || !isParsed(entry.parsed)) return undefined;
    if (this.knownHash(absolute) === entry.hash) return entry;
    let bytes: Uint8Array;
    try {
      bytes = read();
    } catch {
      return undefined;
    }
    if (contentHash(bytes) !== entry.hash) return undefined;
    this.remember(absolute, entry.hash);
    return entry;
  }

  /** Records a file's content hash, and its parsed data when there is some to keep. */
  store(absolute: string, hash: string, parsed?: ParsedFile): void {
    this.remember(absolute, hash);
    if (parsed) {
      this.entries(absolute)[absolute] = { hash, parsed };
      this.dirty.add(shardOf(absolute));
    }
    this.changed = true;
  }

  private remember(absolute: string, hash: string): void {
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) return;
    this.index.files[absolute] = { hash, size: stat.size, mtimeMs: stat.mtimeMs };
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
    if (!this.changed && this.dirty.size === 0) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      for (const shard of this.dirty) atomicWrite(this.shardFile(shard), JSON.stringify(this.shards![shard]));
      atomicWrite(this.file, JSON.stringify({ ...this.index, written: Date.now() }));
    } catch {
      // A cache that cannot be written only costs time on the next run.
    }
  }
}

function atomicWrite(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function isParsed(parsed: ParsedFile | undefined): parsed is ParsedFile {
  return typeof parsed === 'object' && parsed !== null && Array.isArray(parsed.resources) && Array.isArray(parsed.problems)
    && Array.isArray(parsed.skipped) && Array.isArray(parsed.directives);
}
