import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ParseCache } from './cache.js';
import { HelmCharts } from './chart.js';
import { Locator } from './locator.js';
import type { ParsedFile } from './parse.js';
import { parseAll, type PoolOptions, type SourceJob } from './pool.js';
import { decode } from './read.js';

export interface Input {
  /** Path findings carry. */
  readonly file: string;
  /** Where to read it from; content given directly for stdin (bytes are checked like a file's). */
  readonly from: { path: string } | { text: string | Uint8Array };
}

export interface LoadOptions extends PoolOptions {
  /** Worker threads for parsing; default: the available cores. */
  readonly jobs?: number;
  /** Cache file and the key of everything besides content that parsing depends on. */
  readonly cache?: { readonly file: string; readonly key: string };
}

export interface Loaded {
  /** Parsed files, in input order, then the templates of unrendered Helm charts. */
  readonly files: ParsedFile[];
  /** Turns paths into positions, reading files again as needed. */
  readonly locator: Locator;
}

/** Reads and parses every input (from the cache where possible); a file that cannot be read becomes a problem of that file. */
export async function load(inputs: readonly Input[], options: LoadOptions): Promise<Loaded> {
  const cache = options.cache ? new ParseCache(options.cache.file, options.cache.key) : undefined;
  const files: (ParsedFile | undefined)[] = new Array(inputs.length);
  const jobs: SourceJob[] = [];
  const slots: number[] = [];
  inputs.forEach((input, i) => {
    if ('text' in input.from) { jobs.push({ file: input.file, content: input.from.text }); slots.push(i); return; }
    const { path } = input.from;
    const hit = cache?.lookup(path, () => readFileSync(path, 'utf8'));
    if (hit && 'parsed' in hit) { files[i] = hit.parsed; return; }
    jobs.push({ file: input.file, path });
    slots.push(i);
  });
  const { jobs: threads = availableParallelism(), cache: _, ...poolOptions } = options;
  const results = await parseAll(jobs, poolOptions, threads);
  const charts = new HelmCharts();
  results.forEach((result, j) => {
    const input = inputs[slots[j]!]!;
    if ('template' in result) { charts.add(result.template); return; }
    files[slots[j]!] = result.parsed;
    if (cache && 'path' in input.from) cache.store(input.from.path, result.hash, undefined, undefined, result.parsed);
  });
  cache?.save(new Set(inputs.flatMap((input) => ('path' in input.from ? [input.from.path] : []))));

  const texts = new Map(inputs.flatMap((input) => ('text' in input.from ? [[input.file, input.from.text] as const] : [])));
  const paths = new Map(inputs.flatMap((input) => ('path' in input.from ? [[input.file, input.from.path] as const] : [])));
  // Read again the way the parser read it (UTF-16 decoded), so that offsets agree.
  const locator = new Locator((file) => {
    const content = texts.get(file) ?? readFileSync(paths.get(file) ?? file);
    const source = decode(typeof content === 'string' ? Buffer.from(content) : content, Infinity);
    return 'text' in source ? source.text : '';
  });
  return { files: [...files.filter((f): f is ParsedFile => f !== undefined), ...charts.files()], locator };
}
