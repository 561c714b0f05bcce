import type { Document } from 'yaml';
import { Lines, spanOf } from './spans.js';
import { parseChunk, withoutBom } from '../input/parse.js';
import { splitDocuments, type Chunk } from '../input/documents.js';
import type { Location, Path } from '../rule.js';

interface Source { lines: Lines; text: string; chunks: Chunk[]; documents: Map<number, Document.Parsed | undefined> }

/**
 * Turns paths into positions after the rules have run, parsing again (with positions) only
 * the documents that have findings; files are read again through `read`.
 */
export class Locator {
  private readonly sources = new Map<string, Source>();
  constructor(private readonly read: (file: string) => string) {}

  locate(file: string, doc: number, path: Path, focus?: 'key' | 'value'): Location {
    const source = this.source(file);
    const chunk = source.chunks[doc];
    let span: readonly [number, number] = [0, 0];
    if (chunk) {
      if (!source.documents.has(doc)) {
        const parsed = parseChunk(source.text, chunk);
        source.documents.set(doc, 'tooDeepAt' in parsed ? undefined : parsed);
      }
      const document = source.documents.get(doc);
      const [start, end] = (document && (spanOf(document, path, focus) ?? document.contents?.range)) ?? [0, 0];
      span = [chunk.start + start, chunk.start + end];
    }
    const from = source.lines.position(span[0]);
    const to = source.lines.position(Math.max(span[1], span[0]));
    return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  private source(file: string): Source {
    let source = this.sources.get(file);
    if (!source) {
      let text = '';
      try {
        text = withoutBom(this.read(file));
      } catch {
        // The file changed or vanished since it was linted: positions fall back to its start.
      }
      source = { text, lines: new Lines(text), chunks: splitDocuments(text), documents: new Map() };
      this.sources.set(file, source);
    }
    return source;
  }
}
