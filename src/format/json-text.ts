/**
 * JSON text that is safe to print: what JSON.stringify leaves raw and a terminal or log
 * acts on (C1 controls, line separators, bidirectional marks), and the `##[` of the
 * runner's old workflow-command form, are written as `\u` escapes. Those characters only
 * occur inside strings, so the document means the same.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)
    .replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '#\\u0023[')}\n`;
}
