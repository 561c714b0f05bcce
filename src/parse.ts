import { parseDocument, visit, type Alias, type Document } from 'yaml';
import { findDirectives, type Directive } from './directives.js';
import { listItems, toResource } from './resource.js';
import { splitDocuments, sniff, type Chunk } from './split.js';
import type { Json, Path, Resource, SourceProblem } from './types.js';
import { wanted, type KindFilter } from './wants.js';

/** What parsing one file yields: plain data, so that it can cross threads and be cached. */
export interface ParsedFile {
  readonly file: string;
  readonly resources: Resource[];
  readonly problems: SourceProblem[];
  /** Documents that are not Kubernetes objects, or were not parsed, with the reason (for `--verbose`). */
  readonly skipped: { doc: number; reason: string }[];
  /** Its `# meshlint-disable…` comments. */
  readonly directives: Directive[];
}

export interface ParseOptions {
  readonly defaultNamespace: string;
  /** Documents to parse; the others are skipped after a quick look at their kind. Default: all. */
  readonly filter?: KindFilter;
}

const BOM = '\uFEFF';

/** The text meshlint reads: a BOM is invisible to editors, so columns count from after it. */
export const withoutBom = (text: string) => (text.startsWith(BOM) ? text.slice(1) : text);

/** Line starts of a text, for turning offsets into 1-based lines and columns. */
export class Lines {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  position(offset: number): { line: number; column: number } {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Parses one document of a file on its own; offsets in it are relative to the chunk. */
export function parseChunk(text: string, chunk: Chunk): Document.Parsed {
  return parseDocument(text.slice(chunk.start, chunk.end), { prettyErrors: false, logLevel: 'silent' });
}

/** Parses every wanted document of a file; syntax errors become problems, never exceptions. */
export function parseFile(file: string, rawText: string, options: ParseOptions): ParsedFile {
  const text = withoutBom(rawText);
  const lines = new Lines(text);
  const resources: Resource[] = [];
  const problems: SourceProblem[] = [];
  const skipped: { doc: number; reason: string }[] = [];
  const problem = (start: number, end: number, message: string) => {
    const from = lines.position(start);
    const to = lines.position(Math.max(end, start + 1));
    problems.push({ message, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
  };

  splitDocuments(text).forEach((chunk, doc) => {
    if (options.filter) {
      const seen = sniff(text.slice(chunk.start, chunk.end));
      if (seen && !wanted(options.filter, seen.groupKind, seen.name)) {
        skipped.push({ doc, reason: `not parsed: no enabled rule reads ${seen.groupKind}${seen.name ? ` "${seen.name}"` : ''}` });
        return;
      }
    }
    const document = parseChunk(text, chunk);
    if (document.errors.length > 0) {
      for (const error of document.errors) problem(chunk.start + error.pos[0], chunk.start + error.pos[1], firstLine(error.message));
      skipped.push({ doc, reason: 'syntax error' });
      return;
    }
    let data: Json;
    try {
      data = document.toJS({ maxAliasCount: 100 }) as Json;
    } catch (error) {
      const [start, end] = aliasAt(document) ?? [0, 0];
      problem(chunk.start + start, chunk.start + end, (error as Error).message);
      skipped.push({ doc, reason: 'unreadable' });
      return;
    }
    const items = listItems(data);
    const entries: [Json, Path][] = items ? items.map((item, i) => [item, ['items', i]]) : [[data, []]];
    for (const [entry, base] of entries) {
      const resource = toResource(entry, { file, doc, base }, options.defaultNamespace);
      if (typeof resource === 'string') skipped.push({ doc, reason: base.length ? `items[${base[1]}]: ${resource}` : resource });
      else resources.push(resource);
    }
  });
  return { file, resources, problems, skipped, directives: findDirectives(file, text) };
}

/** The alias that could not be expanded: the first unresolved one, else the first one. */
function aliasAt(document: Document): [number, number] | undefined {
  let first: Alias | undefined;
  let unresolved: Alias | undefined;
  visit(document, {
    Alias(_, alias) {
      first ??= alias;
      if (!unresolved && alias.resolve(document) === undefined) unresolved = alias;
    },
  });
  const alias = unresolved ?? first;
  return alias?.range ? [alias.range[0], alias.range[1]] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
