import { readFileSync } from 'node:fs';
import { contentHash, decode } from './decode.js';
import type { ParsedFile } from './parse.js';
import type { SourceText } from '../position/locator.js';

const needsText = (parsed: ParsedFile) => parsed.resources.length > 0 || parsed.problems.some((p) => p.fix);

/**
 * The text each file was parsed from, kept so that positions are found in that text: the
 * file is not read, decoded and split again, and an edit made during the run cannot shift
 * them. A parse taken from the cache on the word of the file's size and time had no text:
 * that file is read only if it has findings, and its text is used only if its bytes are
 * still the ones parsed.
 */
export class ParsedTexts {
  private readonly texts = new Map<string, string>();
  private readonly unread = new Map<string, { path: string; hash: string }>();
  private readonly chunks = new Map<string, ParsedFile['chunks']>();

  /** A file parsed from this text (or whose cached parse was checked against it). */
  keep(parsed: ParsedFile, text: string | undefined): void {
    // Only resources are located (findings and related locations), and the loader's fixes: other files need no text.
    if (text === undefined || !needsText(parsed)) return;
    this.chunks.set(parsed.file, parsed.chunks);
    this.texts.set(parsed.file, text);
  }

  /** A file whose cached parse, of bytes with this hash, was taken without reading it. */
  trust(parsed: ParsedFile, path: string, hash: string): void {
    if (!needsText(parsed)) return;
    this.chunks.set(parsed.file, parsed.chunks);
    this.unread.set(parsed.file, { path, hash });
  }

  /** For the locator: the text of a file, or undefined when it is not known. */
  readonly sourceOf = (file: string): SourceText | undefined => {
    let text = this.texts.get(file);
    const unread = text === undefined ? this.unread.get(file) : undefined;
    if (unread) {
      const bytes = readFileSync(unread.path);
      const source = contentHash(bytes) === unread.hash ? decode(bytes, Infinity) : undefined;
      if (source && 'text' in source) text = source.text;
    }
    return text === undefined ? undefined : { text, chunks: this.chunks.get(file) };
  };
}
