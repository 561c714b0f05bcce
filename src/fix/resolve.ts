import type { Locator } from '../position/locator.js';
import { rangeAt } from '../position/spans.js';
import type { Finding } from '../rule.js';
import { splicesFor } from './edits.js';

/**
 * Works out the text each finding's fix replaces, in the text its file was parsed from;
 * a fix whose edits are ambiguous there is dropped, so that only fixes that apply remain.
 */
export function resolveFixes(findings: readonly Finding[], locator: Locator): void {
  for (const finding of findings) {
    if (!finding.fix) continue;
    const source = locator.documentOf(finding.file, finding.fix.doc);
    const splices = source && splicesFor(source.document, source.text.slice(source.start, source.end), finding.fix.edits);
    if (!source || !splices || splices.length === 0) { delete finding.fix; continue; }
    finding.fix.replacements = splices.map((s) => {
      const { line, column, endLine, endColumn } = rangeAt(source.lines, [s.start, s.end], source.start);
      return { offset: source.start + s.start, length: s.end - s.start, text: s.text, region: { startLine: line, startColumn: column, endLine, endColumn } };
    });
  }
}
