import { Composer, isScalar, Parser, Scalar, visit, YAMLParseError, type Alias, type Document } from 'yaml';
import { findDirectives, type Directive } from '../engine/directives.js';
import { Lines, pathSpan, rangeAt, type Span } from '../position/spans.js';
import { hopelessAt, MAX_DEPTH, TOO_DEEP, tooDeep } from './nesting-bounds.js';
import { toResource } from '../model/resource.js';
import { listItems, shapeProblems } from '../model/shape.js';
import { splitDocuments, sniff, type Chunk } from './documents.js';
import type { DocumentFix, Json, Path, ProblemCode, Resource, SourceProblem } from '../rule.js';
import { wanted, type KindFilter } from './kind-filter.js';
import { asYamlText } from './decode.js';
import { badKeys, COLLECTION_KEY, COMPOSE_OPTIONS, DUPLICATE_KEY } from './yaml11.js';
import { apiVersionOk } from '../model/shape.js';
import { groupKindOf } from '../model/resource.js';
import { unrenderedProblem } from './unrendered.js';
import { fastRead } from './fast-data.js';
import { goFlowColons } from './flow-colons.js';

/** What parsing one file yields: plain data, so that it can cross threads and be cached. */
export interface ParsedFile {
  readonly file: string;
  readonly resources: Resource[];
  readonly problems: SourceProblem[];
  /** Documents that are not Kubernetes objects, or were not parsed, with the reason (for `--verbose`). */
  readonly skipped: { doc: number; reason: string }[];
  /** Its `# meshlint-disable…` comments. */
  readonly directives: Directive[];
  /**
   * Where each document starts and ends in the text parsed, so that positions are found in
   * that text without splitting it again (absent when the file was not parsed).
   */
  readonly chunks?: readonly Chunk[];
}

export interface ParseOptions {
  readonly defaultNamespace: string;
  /** Documents to parse; the others are skipped after a quick look at their kind. Default: all. */
  readonly filter?: KindFilter;
  /** Reads every document with the full parser, never the fast one (to compare the two). */
  readonly full?: boolean;
}

/** A file that was not parsed, with the problem that says why. */
export function unparsedFile(file: string, problem: SourceProblem, skipped?: string): ParsedFile {
  return { file, resources: [], problems: [problem], skipped: skipped ? [{ doc: 0, reason: skipped }] : [], directives: [] };
}


const BILLION_LAUGHS = 'Each alias repeats a list of aliases, the shape of a "billion laughs" attack that exhausts the memory of whatever expands it.';

/**
 * Parses one document of a file on its own (offsets in it are relative to the chunk), or
 * returns the offset in the chunk where it nests too deeply to be composed safely.
 */
export function parseChunk(text: string, chunk: Chunk): Document.Parsed | { tooDeepAt: number } {
  const source = text.slice(chunk.start, chunk.end);
  const tokens = [...new Parser().parse(source)];
  for (const token of tokens) {
    const at = token.type === 'document' ? tooDeep(token) : undefined;
    if (at !== undefined) return { tooDeepAt: at };
  }
  // `[001:db8::]` holds one string to go-yaml v2 (see flow-colons.ts).
  const go = goFlowColons(source, tokens);
  const [document] = [...new Composer(COMPOSE_OPTIONS).compose(go?.tokens ?? tokens, true, source.length)] as Document.Parsed[];
  go?.restore(document!);
  // The library's own check of unique keys is quadratic in the size of a mapping.
  const { duplicates, collections } = badKeys(document!.contents);
  // After a syntax error, recovery can make a collection of what was meant as a key.
  const clean = document!.errors.length === 0;
  for (const at of duplicates) document!.errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', DUPLICATE_KEY));
  if (clean) for (const at of collections) document!.errors.push(new YAMLParseError([at, at + 1], 'NON_STRING_KEY', COLLECTION_KEY));
  return document!;
}

/** Parses every wanted document of a file; syntax errors become problems, never exceptions. */
export function parseFile(file: string, rawText: string, options: ParseOptions): ParsedFile {
  const text = asYamlText(rawText);
  const lines = new Lines(text);
  const resources: Resource[] = [];
  const problems: SourceProblem[] = [];
  const skipped: { doc: number; reason: string }[] = [];
  // Syntax errors span at least one character, so that an error at the end still shows.
  const problem = (code: ProblemCode, span: Span, start: number, message: string, hint?: string, fix?: DocumentFix) => {
    problems.push({ code, message, ...(hint ? { hint } : {}), ...rangeAt(lines, span, start, code === 'syntax' ? 1 : 0), ...(fix ? { fix } : {}) });
  };

  const chunks = splitDocuments(text);
  const lightly = options.filter !== undefined && !options.filter.all && options.filter.everyDocument === false;
  chunks.forEach((chunk, doc) => {
    if (lightly) {
      const body = text.slice(chunk.start, chunk.end);
      // Without both words, no key can name them: Helm values, CI files, API documents.
      if (!body.includes('kind') || !body.includes('apiVersion')) {
        skipped.push({ doc, reason: 'no apiVersion or kind' });
        return;
      }
      const seen = sniff(body);
      if (seen && !wanted(options.filter!, seen.groupKind, seen.name)) {
        skipped.push({ doc, reason: `not parsed: no enabled rule reads ${seen.groupKind}${seen.name ? ` "${seen.name}"` : ''}` });
        return;
      }
    }
    const hopeless = hopelessAt(text, chunk);
    // Most documents are read fast, without positions; the others, and positions, by the full parser.
    const fast = hopeless === undefined && !options.full ? fastRead(text.slice(chunk.start, chunk.end)) : undefined;
    if (fast && 'duplicates' in fast) {
      for (const at of fast.duplicates) problem('syntax', [at, at + 1], chunk.start, DUPLICATE_KEY);
      skipped.push({ doc, reason: 'syntax error' });
      return;
    }
    let data = fast?.data;
    let document: Document.Parsed | undefined;
    if (data === undefined) {
      const parsed = hopeless === undefined ? parseChunk(text, chunk) : { tooDeepAt: hopeless - chunk.start };
      if ('tooDeepAt' in parsed) {
        problem('syntax', [parsed.tooDeepAt, parsed.tooDeepAt + 1], chunk.start, TOO_DEEP);
        skipped.push({ doc, reason: 'nested too deeply' });
        return;
      }
      document = parsed;
      if (document.errors.length > 0) {
        for (const error of document.errors) problem('syntax', quoteStart(document, error.code, error.pos[0]) ?? error.pos, chunk.start, firstLine(error.message));
        skipped.push({ doc, reason: 'syntax error' });
        return;
      }
      try {
        data = document.toJS({ maxAliasCount: 100 }) as Json;
      } catch (error) {
        const bomb = /Excessive alias count/.test((error as Error).message);
        const message = error instanceof RangeError ? `aliases nest deeper than meshlint reads (${MAX_DEPTH} levels)`
          : bomb ? 'aliases expand to too many nodes, so meshlint does not expand this document'
          : (error as Error).message;
        problem('syntax', aliasAt(document) ?? [0, 0], chunk.start, message, bomb ? BILLION_LAUGHS : undefined);
        skipped.push({ doc, reason: 'unreadable' });
        return;
      }
    }
    // A document read fast has no syntax errors and nests less than MAX_DEPTH: the full parse succeeds.
    const positioned = () => (document ??= parseChunk(text, chunk) as Document.Parsed);
    const items = listItems(data);
    const entries: [Json, Path][] = items ? items.map((item, i) => [item, ['items', i]]) : [[data, []]];
    for (const [entry, base] of entries) {
      const where = base.length ? `items[${base[1]}]: ` : '';
      // Not an API object (`apiVersion: release-notes/v2`): skipped like other non-objects.
      const api = apiVersionOk(entry);
      if (api !== true) {
        skipped.push({ doc, reason: `${where}${api}` });
        continue;
      }
      // Syntax is checked in every document; objects only of the kinds the rules read.
      const read = readKind(entry, options.filter);
      if (read !== true) {
        skipped.push({ doc, reason: `${where}${read}` });
        continue;
      }
      const shape = shapeProblems(entry);
      if (shape.length > 0) {
        for (const p of shape) problem('shape', pathSpan(positioned(), [...base, ...p.at], p.focus), chunk.start, p.message, p.hint, p.quote && quoteFix(positioned(), text, chunk.start, doc, [...base, ...p.at]));
        skipped.push({ doc, reason: `${where}invalid object` });
        continue;
      }
      const resource = toResource(entry, { file, doc, base }, options.defaultNamespace);
      if (typeof resource === 'string') skipped.push({ doc, reason: `${where}${resource}` });
      else resources.push(resource);
    }
  });
  const template = unrenderedProblem(text, problems);
  if (template) {
    return { file, resources: [], problems: [...problems.filter((p) => p.code !== 'syntax' && p.code !== 'shape'), template], skipped: [{ doc: 0, reason: 'Go template, not rendered' }], directives: findDirectives(file, text), chunks };
  }
  return { file, resources, problems: capped(problems), skipped, directives: findDirectives(file, text), chunks };
}

/**
 * A number or boolean written plainly where a string belongs (`version: 1.10`), quoted as
 * written: the string the author meant, which the number it reads as has lost (`1.1`).
 */
function quoteFix(document: Document.Parsed, text: string, start: number, doc: number, at: Path): DocumentFix | undefined {
  const node = document.getIn(at, true);
  if (!isScalar(node) || node.type !== Scalar.PLAIN || !node.range) return undefined;
  const written = text.slice(start + node.range[0], start + node.range[1]);
  return written === '' || written.includes('\n') ? undefined : { description: `quote "${written}"`, doc, edits: [{ at, set: written }] };
}

/** Syntax findings a file shows before one finding counts the rest: a broken file is not a flood. */
export const SYNTAX_CAP = 10;

function capped(problems: SourceProblem[]): SourceProblem[] {
  const syntax = problems.filter((p) => p.code === 'syntax');
  if (syntax.length <= SYNTAX_CAP) return problems;
  syntax.sort((a, b) => a.line - b.line || a.column - b.column);
  const next = syntax[SYNTAX_CAP]!;
  const more: SourceProblem = {
    code: 'syntax', line: next.line, column: next.column, endLine: next.endLine, endColumn: next.endColumn,
    message: `and ${syntax.length - SYNTAX_CAP} more syntax errors in this file`,
    hint: `Only the first ${SYNTAX_CAP} syntax errors of a file are shown: fix them and run again.`,
  };
  return [...problems.filter((p) => p.code !== 'syntax'), ...syntax.slice(0, SYNTAX_CAP), more];
}

/** Whether the rules read objects of this kind and name, or why not. */
function readKind(entry: Json, filter: KindFilter | undefined): true | string {
  if (!filter || filter.all || typeof entry !== 'object' || entry === null || Array.isArray(entry)) return true;
  const { apiVersion, kind, metadata } = entry;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return true;
  const groupKind = groupKindOf(apiVersion, kind);
  const name = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
  return wanted(filter, groupKind, name) ? true : `not read: no enabled rule reads ${groupKind}${name ? ` "${name}"` : ''}`;
}

/** An unterminated quote is reported where the quoted scalar starts, not where the document ends. */
function quoteStart(document: Document, code: string, offset: number): [number, number] | undefined {
  if (code !== 'MISSING_CHAR') return undefined;
  let found: [number, number] | undefined;
  visit(document, {
    Scalar(_, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[0] < offset && node.range[1] >= offset) {
        found = [node.range[0], node.range[0] + 1];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
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
