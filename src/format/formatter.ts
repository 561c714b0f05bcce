import type { Finding, RuleMeta } from '../rule.js';

export interface FormatContext {
  readonly cwd: string;
  /** Metadata of every enabled rule, sorted by id. */
  readonly rules: readonly RuleMeta[];
  /** Directory SARIF URIs are relative to: the repository root, or the working directory. */
  readonly root: string;
  readonly sarifCategory?: string;
  /** For people at a terminal: whether to write colour (SGR) codes. */
  readonly color?: boolean;
  /** Whether the terminal shows OSC 8 hyperlinks; otherwise links are written as plain text. */
  readonly hyperlinks?: boolean;
  /** Whether pretty output shows each finding's hint below it (`--verbose`). */
  readonly hints?: boolean;
  /** The terminal's width, for wrapping; default 80. */
  readonly columns?: number;
}

/** Turns findings (suppressed ones included) into the text a format writes. */
export type Formatter = (findings: readonly Finding[], context: FormatContext) => string | Promise<string>;

/** The findings that count and print: those no directive, annotation, ignore entry or baseline suppressed. */
export const active = (findings: readonly Finding[]) => findings.filter((f) => !f.suppression);
