import { readFile } from 'node:fs/promises';
import { parseFile, type ParsedFile } from './parse.js';

export interface Input {
  /** Path findings carry. */
  readonly file: string;
  /** Where to read it from; text given directly for stdin. */
  readonly from: { path: string } | { text: string };
}

/** Reads and parses every input; a file that cannot be read becomes a problem of that file. */
export async function load(inputs: readonly Input[], defaultNamespace: string): Promise<ParsedFile[]> {
  return Promise.all(inputs.map(async (input) => {
    let text: string;
    try {
      text = 'text' in input.from ? input.from.text : await readFile(input.from.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      const parsed = parseFile(input.file, '', defaultNamespace);
      parsed.problems.push({ message: `cannot read the file: ${code}`, line: 1, column: 1, endLine: 1, endColumn: 1 });
      return parsed;
    }
    return parseFile(input.file, text, defaultNamespace);
  }));
}
