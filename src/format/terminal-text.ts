/**
 * Characters a terminal or log viewer acts on instead of showing: C0 and C1 controls
 * (newlines, ESC sequences that retitle windows or clear screens), Unicode line and
 * paragraph separators, and bidirectional marks and overrides that reorder what is shown.
 */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from the input (paths, names, messages built from manifest values) made safe for
 * one line of a terminal or log: each control character is written as an escape.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
