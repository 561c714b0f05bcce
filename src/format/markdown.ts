import { visible } from './terminal-text.js';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from the input as Markdown that renders as exactly that text and stays in its
 * table cell: control characters (a lone `\r` ends a line for CommonMark) are made
 * visible, HTML's `& < >` become entities, and every character that opens an inline
 * construct (emphasis, code, links and images, strikethrough, math, the cell's `|`, a
 * backslash) is backslash-escaped.
 */
export function markdownText(text: string): string {
  return visible(text).replace(/[&<>]/g, (c) => ENTITY[c]!).replace(/[\\`*_~[\]!|$]/g, '\\$&');
}

/**
 * A code span holding `text`: fenced with more backticks than it holds, padded where it
 * starts or ends with one, with the table's `|` escaped (GFM splits cells before it
 * parses code spans) and control characters made visible.
 */
export function codeSpan(text: string): string {
  const shown = visible(text).replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = /^`|`$/.test(shown) ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** A URL path from path segments, with everything but unreserved characters percent-encoded (`(` and `)` end a Markdown link). */
export function urlPath(segments: readonly string[]): string {
  return segments.map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}
