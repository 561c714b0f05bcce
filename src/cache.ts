import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParsedFile } from './parse.js';
import { contentHash } from './read.js';

interface Entry { hash: string; size: number; mtimeMs: number; parsed: ParsedFile }
interface CacheData { format: typeof FORMAT; key: string; written: number; entries: Record<string, Entry> }

const FORMAT = 'meshlint-cache/1';
/** Files modified this close to the last write may have changed within the clock's resolution. */
const RACY_MS = 2000;

/**
 * Parsed files, keyed by content: an entry is used only when the file's content hash
 * matches (checked through size and modification time when the file is older than the
 * cache, as git's index does). A cache written by another version or for another
 * configuration, or one that cannot be read, is ignored and rebuilt.
 */
export class ParseCache {
  private entries: Record<string, Entry> = {};
  private written = 0;
  private changed = false;

  constructor(private readonly file: string, private readonly key: string) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as CacheData;
      if (data?.format === FORMAT && data.key === key && typeof data.entries === 'object' && data.entries !== null) {
        this.entries = data.entries;
        this.written = Number(data.written) || 0;
      }
    } catch {
      // Missing, unreadable or corrupt: start afresh.
    }
  }

  /** The cached parse of a file, if its content is unchanged; `read` gives the content when needed. */
  lookup(absolute: string, read: () => string): { parsed: ParsedFile } | undefined {
    const entry = this.entries[absolute];
    if (!entry || !isEntry(entry)) return undefined;
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      return undefined;
    }
    if (entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && stat.mtimeMs < this.written - RACY_MS) {
      return { parsed: entry.parsed };
    }
    let text: string;
    try {
      text = read();
    } catch {
      return undefined;
    }
    if (entry.hash === contentHash(text)) {
      this.entries[absolute] = { ...entry, size: stat.size, mtimeMs: stat.mtimeMs };
      this.changed = true;
      return { parsed: entry.parsed };
    }
    return undefined;
  }

  store(absolute: string, hash: string | undefined, size: number | undefined, mtimeMs: number | undefined, parsed: ParsedFile): void {
    if (hash === undefined) return;
    if (size === undefined || mtimeMs === undefined) {
      try {
        ({ size, mtimeMs } = statSync(absolute));
      } catch {
        return;
      }
    }
    this.entries[absolute] = { hash, size, mtimeMs, parsed };
    this.changed = true;
  }

  /** Drops entries of files not seen in this run, and writes the cache atomically if it changed. */
  save(seen: ReadonlySet<string>): void {
    for (const file of Object.keys(this.entries)) if (!seen.has(file)) { delete this.entries[file]; this.changed = true; }
    if (!this.changed) return;
    const data: CacheData = { format: FORMAT, key: this.key, written: Date.now(), entries: this.entries };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(data));
      renameSync(temporary, this.file);
    } catch {
      // A cache that cannot be written only costs time on the next run.
    }
  }
}

function isEntry(entry: Entry): boolean {
  return typeof entry.hash === 'string' && typeof entry.size === 'number' && typeof entry.mtimeMs === 'number'
    && typeof entry.parsed === 'object' && entry.parsed !== null && Array.isArray(entry.parsed.resources)
    && Array.isArray(entry.parsed.problems) && Array.isArray(entry.parsed.skipped) && Array.isArray(entry.parsed.directives);
}
