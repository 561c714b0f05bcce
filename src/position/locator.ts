import type { Document } from 'yaml';
import { Lines, pathSpan, rangeAt } from './spans.js';
import { parseChunk } from '../input/parse.js';
import { eventSpan, eventTree, type EventTree } from './event-spans.js';
import { asYamlText } from '../input/decode.js';
import { splitDocuments, type Chunk } from '../input/documents.js';
import type { Location, Path } from '../rule.js';

/** The text a file was parsed from (without a byte order mark) and, when known, its documents. */
export interface SourceText {
  readonly text: string;
  readonly chunks?: readonly Chunk[];
}

/** How many files' texts, lines and parsed documents are kept: enough for the files one file's findings point into. */
const KEPT_FILES = 64;

interface Source { lines: Lines; text: string; chunks: readonly Chunk[]; documents: Map<number, Document.Parsed | undefined>; trees: Map<number, EventTree> }

/**
 * Turns paths into positions after the rules have run, parsing again (with positions) only
 * the documents that have findings. Positions come from the text each file was parsed from,
 * as `sourceOf` gives it (a plain string is taken as such a text, split here), never from
 * the file as it is on disk by then. What it parses is kept for the files used last only:
 * findings are located file by file, and keeping every file's would hold a fifth of a large
 * run's memory to its end.
 */
export class Locator {
  /** By last use, oldest first. */
  private readonly sources = new Map<string, Source | undefined>();
  constructor(private readonly sourceOf: (file: string) => string | SourceText | undefined) {}

  /** Drops what is known of a file whose text changed (a locator kept between runs of an editor). */
  forget(file: string): void {
    this.sources.delete(file);
  }

  /**
   * Drops the documents parsed with positions, keeping the texts: a locator kept between an
   * editor's runs then holds only what the next edits need (a document is parsed again when
   * a finding in it is located again).
   */
  release(): void {
    for (const source of this.sources.values()) source?.documents.clear();
  }

  locate(file: string, doc: number, path: Path, focus?: 'key' | 'value'): Location {
    const source = this.source(file);
    const chunk = source?.chunks[doc];
    // Unknown text (a file that changed since its cached parse): its start, never a guess.
    if (!source || !chunk) return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    // Most paths are found in the cheap event tree; the others in the full document.
    if (!source.trees.has(doc)) source.trees.set(doc, eventTree(source.text.slice(chunk.start, chunk.end)));
    const tree = source.trees.get(doc);
    const span = tree ? eventSpan(tree, path, focus) : undefined;
    if (span) return { file, ...rangeAt(source.lines, span, chunk.start) };
    const document = this.parsed(source, doc, chunk);
    return { file, ...rangeAt(source.lines, document ? pathSpan(document, path, focus) : [0, 0], chunk.start) };
  }

  /** Document `doc` of a file as parsed with positions, the text of the file and where the document starts in it. */
  documentOf(file: string, doc: number): { document: Document.Parsed; text: string; start: number; end: number; lines: Lines } | undefined {
    const source = this.source(file);
    const chunk = source?.chunks[doc];
    const document = source && chunk ? this.parsed(source, doc, chunk) : undefined;
    return document && { document, text: source!.text, start: chunk!.start, end: chunk!.end, lines: source!.lines };
  }

  private parsed(source: Source, doc: number, chunk: Chunk): Document.Parsed | undefined {
    if (!source.documents.has(doc)) {
      const parsed = parseChunk(source.text, chunk);
      source.documents.set(doc, 'tooDeepAt' in parsed ? undefined : parsed);
    }
    return source.documents.get(doc);
  }

  private source(file: string): Source | undefined {
    if (this.sources.has(file)) {
      const known = this.sources.get(file);
      this.sources.delete(file);
      this.sources.set(file, known);
      return known;
    }
    let given: string | SourceText | undefined;
    try {
      given = this.sourceOf(file);
    } catch {
      // Unreadable by now: positions fall back to the file's start.
    }
    const text = typeof given === 'string' ? asYamlText(given) : given?.text;
    const chunks = typeof given === 'object' ? given.chunks : undefined;
    const source = text === undefined ? undefined : { text, lines: new Lines(text), chunks: chunks ?? splitDocuments(text), documents: new Map(), trees: new Map() };
    this.sources.set(file, source);
    if (this.sources.size > KEPT_FILES) this.sources.delete(this.sources.keys().next().value!);
    return source;
  }
}
