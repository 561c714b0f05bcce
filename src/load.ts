import { HelmCharts } from './chart.js';
import { parseFile, unparsedFile, type ParsedFile } from './parse.js';
import { decode, DEFAULT_MAX_FILE_SIZE, readSource } from './read.js';

export interface Input {
  /** Path findings carry. */
  readonly file: string;
  /** Where to read it from; text given directly for stdin. */
  readonly from: { path: string } | { text: string | Uint8Array };
}

/** Reads and parses every input; a file that cannot be read becomes a problem of that file. */
export async function load(inputs: readonly Input[], defaultNamespace: string, options: { maxFileSize?: number } = {}): Promise<ParsedFile[]> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const charts = new HelmCharts();
  const files = await Promise.all(inputs.map(async (input) => {
    const source = 'text' in input.from
      ? decode(typeof input.from.text === 'string' ? Buffer.from(input.from.text) : input.from.text, maxFileSize)
      : await readSource(input.from.path, maxFileSize);
    if ('problem' in source) return unparsedFile(input.file, source.problem, source.skipped);
    if ('path' in input.from && charts.add(input.file, input.from.path, source.text)) return undefined;
    try {
      return parseFile(input.file, source.text, defaultNamespace);
    } catch (error) {
      // A bug must not cost the findings of every other file: this one says what happened.
      const message = `meshlint failed on this file: ${String((error as Error)?.message ?? error).split('\n')[0]}; this is a bug in meshlint`;
      return unparsedFile(input.file, { message, line: 1, column: 1, endLine: 1, endColumn: 1, category: 'internal' }, 'internal error');
    }
  }));
  return [...files.filter((f) => f !== undefined), ...charts.files()];
}
