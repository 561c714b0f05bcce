import { CONTROL } from './terminal-text.js';

/**
 * A path as the text format writes it, for editors and problem matchers. Plain paths are
 * unchanged, so jump-to-file keeps working; otherwise `%`, control and bidirectional
 * characters, a `:` before a digit, and what could start a workflow command (a leading
 * `::`, `##[`) are percent-encoded. The path then never holds `:<digit>`, so the file
 * group of problem-matcher.json ends at the real `:line:col:` (a directory named
 * `x:5:5: info y` cannot pass for file `x`, line 5), and `decodeURIComponent` gives it back.
 */
export function matcherPath(file: string): string {
  return file
    .replace(/%/g, '%25')
    .replace(CONTROL, (c) => encodeURIComponent(c))
    .replace(/:(?=\d)/g, '%3A')
    .replace(/##\[/g, '#%23[')
    .replace(/^(\s*):/, '$1%3A');
}
