/**
 * Cutting a YAML stream into its documents without parsing it, so that documents can be
 * parsed one by one, on any thread, and skipped when no rule reads their kind.
 *
 * YAML forbids a document marker (`---` or `...` at the start of a line, followed by a
 * space or the line's end) inside any scalar, so these lines always separate documents,
 * as the `yaml` library itself reads them. Cutting there also keeps one unterminated
 * quote from swallowing every later document of a file.
 */

import { groupKindOf } from '../model/resource.js';

/** A document's text: offsets `[start, end)` into the file's text; `start` is a line start. */
export interface Chunk {
  readonly start: number;
  readonly end: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
/** Lines that do not start a document's content: blank, comment, directive. */
const PREAMBLE = /^(?:[ \t]*(?:#.*)?|%.*)$/;

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  // A document has begun once it has content or an explicit `---`.
  let begun = false;
  const hasContent = (from: number, to: number) => {
    if (begun) return true;
    // Line by line, stopping at the first line of content: usually the first one.
    for (let at = from; at < to;) {
      const newline = text.indexOf('\n', at);
      const end = newline < 0 || newline > to ? to : newline;
      if (!PREAMBLE.test(text.slice(at, end).replace(/\r$/, ''))) return true;
      at = end + 1;
    }
    return false;
  };
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    const at = m.index;
    if (m[0] === '---') {
      if (hasContent(start, at)) { chunks.push({ start, end: at }); start = at; }
      begun = true;
    } else {
      const lineEnd = text.indexOf('\n', at);
      const end = lineEnd < 0 ? text.length : lineEnd + 1;
      if (hasContent(start, at)) chunks.push({ start, end });
      start = end;
      begun = false;
      MARKER.lastIndex = end;
    }
  }
  if (hasContent(start, text.length)) chunks.push({ start, end: text.length });
  return chunks;
}

const KIND = /^kind:[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?\r?$/m;
const API_VERSION = /^apiVersion:[ \t]*(["']?)([A-Za-z0-9.\-/]+)\1[ \t]*(?:#.*)?\r?$/m;

/**
 * The `group/Kind` and name of a document from a quick look at its top-level lines, or
 * undefined where a quick look cannot tell (flow or JSON style, anchors, odd layout).
 */
export function sniff(text: string): { groupKind: string; name: string | undefined } | undefined {
  const kind = KIND.exec(text);
  const apiVersion = API_VERSION.exec(text);
  if (!kind || !apiVersion) return undefined;
  return { groupKind: groupKindOf(apiVersion[2]!, kind[2]!), name: sniffName(text) };
}

const METADATA = /^metadata:[ \t]*(?:#.*)?\r?\n/m;

/** `metadata.name`, when it is a plain or quoted scalar on the first indentation level of metadata. */
function sniffName(text: string): string | undefined {
  const metadata = METADATA.exec(text);
  if (!metadata) return undefined;
  let indent: string | undefined;
  // Line by line from metadata on, stopping at the name or at the end of the block.
  for (let at = metadata.index + metadata[0].length; at < text.length;) {
    const newline = text.indexOf('\n', at);
    const line = text.slice(at, newline < 0 ? text.length : newline);
    at = newline < 0 ? text.length : newline + 1;
    const m = /^([ \t]+)(\S.*?)\r?$/.exec(line);
    if (!m) {
      if (/^[ \t]*(#.*)?\r?$/.test(line)) continue;
      return undefined;
    }
    indent ??= m[1];
    if (m[1] !== indent) continue;
    const name = /^name:[ \t]*(["']?)([^"'#\s]+)\1[ \t]*(?:#.*)?$/.exec(m[2]!);
    if (name) return name[2];
  }
  return undefined;
}
