import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { ParseCache } from './cache.js';
import { Locator } from './locator.js';
import type { ParsedFile, ParseOptions } from './parse.js';
import { parseAll, type SourceJob } from './pool.js';

export interface Input {
  /** Path findings carry. */
  readonly file: string;
  /** Where to read it from; text given directly for stdin. */
  readonly from: { path: string } | { text: string };
}

export interface LoadOptions extends ParseOptions {
  /** Worker threads for parsing; default: the available cores. */
  readonly jobs?: number;
  /** Cache file and the key of everything besides content that parsing depends on. */
  readonly cache?: { readonly file: string; readonly key: string };
}

export interface Loaded {
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
    if ('text' in input.from) { jobs.push({ file: input.file, text: input.from.text }); slots.push(i); return; }
    const { path } = input.from;
    const hit = cache?.lookup(path, () => readFileSync(path, 'utf8'));
    if (hit && 'parsed' in hit) { files[i] = hit.parsed; return; }
    jobs.push(hit ? { file: input.file, text: hit.text } : { file: input.file, path });
    slots.push(i);
  });
  const results = await parseAll(jobs, { defaultNamespace: options.defaultNamespace, filter: options.filter }, options.jobs ?? availableParallelism());
  results.forEach((result, j) => {
    const input = inputs[slots[j]!]!;
    files[slots[j]!] = result.parsed;
    if (cache && 'path' in input.from) cache.store(input.from.path, result.hash, result.size, result.mtimeMs, result.parsed);
  });
  cache?.save(new Set(inputs.flatMap((input) => ('path' in input.from ? [input.from.path] : []))));

  const texts = new Map(inputs.flatMap((input) => ('text' in input.from ? [[input.file, input.from.text] as const] : [])));
  const paths = new Map(inputs.flatMap((input) => ('path' in input.from ? [[input.file, input.from.path] as const] : [])));
  const locator = new Locator((file) => texts.get(file) ?? readFileSync(paths.get(file) ?? file, 'utf8'));
  return { files: files as ParsedFile[], locator };
}
