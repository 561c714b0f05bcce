import type { Finding, RuleMeta } from '../rule.js';

export interface FormatContext {
  readonly cwd: string;
  /** Metadata of every enabled rule, sorted by id. */
  readonly rules: readonly RuleMeta[];
  /** Directory SARIF URIs are relative to: the repository root, or the working directory. */
  readonly root: string;
  readonly sarifCategory?: string;
}

/** Turns findings (suppressed ones included) into the text a format writes. */
export type Formatter = (findings: readonly Finding[], context: FormatContext) => string | Promise<string>;

export const active = (findings: readonly Finding[]) => findings.filter((f) => !f.suppression);

/**
 * Makes text from the input safe for one-line, terminal-bound formats: control
 * characters (newlines, ANSI escapes) and bidirectional overrides are written escaped.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
