import { LineCounter, parseAllDocuments, visit, type Alias, type Document } from 'yaml';
import { listItems, toResource } from './resource.js';
import { position, spanOf } from './locate.js';
import type { Json, Location, Path, Resource, SourceProblem } from './types.js';

/** One input file, parsed, with what is needed to turn paths into positions. */
export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly resources: Resource[];
  readonly problems: SourceProblem[];
  /** Documents that are not Kubernetes objects, with the reason (for `--verbose`). */
  readonly skipped: { doc: number; reason: string }[];
  locate(doc: number, path: Path, focus?: 'key' | 'value'): Location;
}

const BOM = '\uFEFF';

function problemAt(lineCounter: LineCounter, start: number, end: number, message: string): SourceProblem {
  const from = position(lineCounter, start);
  const to = position(lineCounter, Math.max(end, start + 1));
  return { message, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** Parses every document of a file; syntax errors become problems, never exceptions. */
export function parseFile(file: string, rawText: string, defaultNamespace: string): ParsedFile {
  // A BOM is invisible to editors: columns count from the character after it.
  const text = rawText.startsWith(BOM) ? rawText.slice(1) : rawText;
  const lineCounter = new LineCounter();
  const documents: Document[] = parseAllDocuments(text, { lineCounter, prettyErrors: false }) as Document[];
  const resources: Resource[] = [];
  const problems: SourceProblem[] = [];
  const skipped: { doc: number; reason: string }[] = [];

  documents.forEach((document, doc) => {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        problems.push(problemAt(lineCounter, error.pos[0], error.pos[1], firstLine(error.message)));
      }
      skipped.push({ doc, reason: 'syntax error' });
      return;
    }
    let data: Json;
    try {
      data = document.toJS({ maxAliasCount: 100 }) as Json;
    } catch (error) {
      const docStart = document.range?.[0] ?? 0;
      const [start, end] = aliasAt(document) ?? [docStart, docStart];
      problems.push(problemAt(lineCounter, start, end, (error as Error).message));
      skipped.push({ doc, reason: 'unreadable' });
      return;
    }
    const items = listItems(data);
    const entries: [Json, Path][] = items ? items.map((item, i) => [item, ['items', i]]) : [[data, []]];
    for (const [entry, base] of entries) {
      const resource = toResource(entry, { file, doc, base }, defaultNamespace);
      if (typeof resource === 'string') skipped.push({ doc, reason: base.length ? `items[${base[1]}]: ${resource}` : resource });
      else resources.push(resource);
    }
  });

  return {
    file, text, resources, problems, skipped,
    locate(doc, path, focus) {
      const document = documents[doc];
      const span = document && (spanOf(document, path, focus) ?? document.contents?.range);
      const [start, end] = span ?? [0, 0];
      const from = position(lineCounter, start);
      const to = position(lineCounter, Math.max(end, start));
      return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
    },
  };
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
