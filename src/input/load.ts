import { resolve } from 'node:path';
import { crypto, os } from '../builtins.js';
import { ParseCache } from './cache.js';
import { HelmCharts } from './helm-charts.js';
import { Locator } from '../position/locator.js';
import type { ParsedFile } from './parse.js';
import { parseAll, type PoolOptions, type SourceJob } from './parse-threads.js';
import { decode, type Seen } from './decode.js';
import { ParsedTexts } from './parsed-texts.js';
import type { Finding } from '../rule.js';
import type { LintState, SavedLint } from '../engine/incremental.js';

export interface Input {
  /** Path findings carry. */
  readonly file: string;
  /** Where to read it from; content given directly for stdin (bytes are checked like a file's). */
  readonly from: { path: string } | { text: string | Uint8Array };
}

export interface LoadOptions extends PoolOptions {
  /** What the inputs' file names are relative to. */
  readonly cwd?: string;
  /** Worker threads for parsing; default: the available cores. */
  readonly jobs?: number;
  /**
   * The cache file; `key`: everything besides content that parsing depends on; `resultKey`:
   * everything besides the inputs that the findings depend on (the whole configuration).
   */
  readonly cache?: { readonly file: string; readonly key: string; readonly resultKey: string };
  /** Called as files are parsed. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Loaded {
  /** Parsed files, in input order, then the templates of unrendered Helm charts. */
  readonly files: ParsedFile[];
  /** Turns paths inside resources into positions, in the text each file was parsed from. */
  readonly locator: Locator;
  /** The findings of an earlier run over exactly these contents and settings, when the cache has them. */
  readonly reuse?: { readonly findings: Finding[]; readonly ruleFailures: number };
  /**
   * The lint states the cache kept from the last run, and the files as that run parsed them:
   * a lint taken up from there redoes only what the changed files reach.
   */
  readonly restore?: { readonly saved: ReadonlyMap<string, SavedLint>; readonly previous: (file: string) => ParsedFile | undefined };
  /** Keeps this run's findings (and, given, its lint states) in the cache, for the next run. */
  remember(findings: readonly Finding[], ruleFailures: number, states?: ReadonlyMap<string, LintState>): void;
}

/** Reads and parses every input (from the cache where possible); a file that cannot be read becomes a problem of that file. */
export async function load(inputs: readonly Input[], options: LoadOptions): Promise<Loaded> {
  const cache = options.cache ? new ParseCache(options.cache.file, options.cache.key) : undefined;
  const paths = new Map(inputs.flatMap((input) => ('path' in input.from ? [[input.file, input.from.path] as const] : [])));
  const texts = new Map(inputs.flatMap((input) => ('text' in input.from ? [[input.file, input.from.text] as const] : [])));
  const parsedTexts = new ParsedTexts();
  const locator = new Locator(parsedTexts.sourceOf);
  const seen = new Set(paths.values());
  const digestOf = (hashes: (string | undefined)[]) => (cache && texts.size === 0 && hashes.every((h) => h !== undefined)
    ? crypto().createHash('sha1').update(options.cache!.resultKey).update(inputs.map((input, i) => `\n${input.file}\0${paths.get(input.file)}\0${hashes[i]}`).join('')).digest('hex')
    : undefined);

  // Nothing changed since the last run: its findings stand, and nothing needs parsing.
  const known = cache ? inputs.map((input) => ('path' in input.from ? cache.knownHash(input.from.path) : undefined)) : [];
  const knownDigest = digestOf(known);
  const reuse = knownDigest ? cache!.result(knownDigest) : undefined;
  if (reuse) return { files: [], locator, reuse, remember: () => {} };

  const files: (ParsedFile | undefined)[] = new Array(inputs.length);
  const hashes: (string | undefined)[] = new Array(inputs.length);
  // The lint states of the last run, and what it parsed from the files that changed since.
  const lintKey = cache && texts.size === 0 ? options.cache!.resultKey : undefined;
  const saved = lintKey !== undefined ? cache!.lint(lintKey) : undefined;
  const before = new Map<string, ParsedFile>();
  const jobs: SourceJob[] = [];
  const slots: number[] = [];
  inputs.forEach((input, i) => {
    // Bytes the cache read to check a file's hash are parsed as they are, not read again.
    let bytes: Buffer | undefined;
    let seen: Seen | undefined;
    if ('path' in input.from && cache) {
      const { path } = input.from;
      const hit = cache.lookup(path, (read) => { bytes = read.bytes; seen = read.seen; });
      if (!hit && saved) {
        const old = cache.previous(path);
        if (old) before.set(input.file, old);
      }
      if (hit) {
        files[i] = hit.parsed;
        hashes[i] = hit.hash;
        const source = bytes && decode(bytes, Infinity);
        if (source && 'text' in source) parsedTexts.keep(hit.parsed, source.text);
        else parsedTexts.trust(hit.parsed, path, hit.hash);
        return;
      }
    }
    jobs.push('text' in input.from ? { file: input.file, content: input.from.text } : { file: input.file, path: input.from.path, ...(bytes ? { content: bytes } : {}), ...(seen ? { seen } : {}) });
    slots.push(i);
  });
  const { jobs: threads = os().availableParallelism(), cache: _, onProgress, cwd: _cwd, ...poolOptions } = options;
  const results = await parseAll(jobs, { ...poolOptions, hash: Boolean(cache) }, threads, undefined, onProgress);
  const charts = new HelmCharts();
  results.forEach((result, j) => {
    const slot = slots[j]!;
    const input = inputs[slot]!;
    // A file meshlint failed on is parsed again next time, and the run's findings are not kept.
    const failed = 'parsed' in result && result.parsed.problems.some((p) => p.code === 'internal');
    hashes[slot] = failed ? undefined : result.hash;
    if (cache && 'path' in input.from && result.hash && result.seen && !failed) {
      cache.store(input.from.path, result.hash, result.seen, 'parsed' in result ? result.parsed : undefined);
    }
    if ('template' in result) charts.add(result.template);
    else {
      files[slot] = result.parsed;
      parsedTexts.keep(result.parsed, result.text);
    }
  });
  const digest = digestOf(hashes);
  const templates = charts.files();
  const parsed = [...files.filter((f): f is ParsedFile => f !== undefined), ...templates];
  // Unchanged files are the same objects as then; a file gone since is still in the cache.
  // Chart templates are made anew each run, from their paths: copies stand for the old ones.
  for (const f of files) if (f && !before.has(f.file)) before.set(f.file, f);
  for (const t of templates) before.set(t.file, { ...t });
  const previous = (file: string) => before.get(file) ?? cache!.previous(resolve(options.cwd ?? '.', file));
  return {
    files: parsed,
    locator,
    ...(saved ? { restore: { saved, previous } } : {}),
    remember(findings, ruleFailures, states) {
      if (!cache) return;
      if (digest) {
        cache.saveResult(digest, findings, ruleFailures);
        if (states && lintKey !== undefined) cache.saveLint(lintKey, new Map([...states].map(([world, state]) => [world, state.save()])));
      }
      cache.save(seen);
    },
  };
}
