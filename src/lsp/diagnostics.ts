import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { ruleDocsUrl } from '../package-info.js';
import type { Finding, Location, Severity } from '../rule.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic keeps of its finding, for code actions. */
export interface DiagnosticData {
  readonly ruleId: string;
  readonly line: number;
  /** The fix the rule offers, as edits of the text the diagnostic was computed from. */
  readonly fix?: { readonly description: string; readonly edits: readonly TextEdit[] };
}

/** LSP ranges are 0-based; meshlint's locations are 1-based, both in UTF-16 code units. */
export function rangeOf(location: Omit<Location, 'file'>): Range {
  return {
    start: { line: location.line - 1, character: location.column - 1 },
    end: { line: location.endLine - 1, character: location.endColumn - 1 },
  };
}

/** A finding as an editor shows it: the message, the hint below it, the rule's page, related places. */
export function diagnosticOf(finding: Finding): Diagnostic {
  const replacements = finding.fix?.replacements;
  const data: DiagnosticData = {
    ruleId: finding.ruleId, line: finding.line,
    ...(finding.fix && replacements ? {
      fix: {
        description: finding.fix.description,
        edits: replacements.map((r) => ({ range: rangeOf({ line: r.region.startLine, column: r.region.startColumn, endLine: r.region.endLine, endColumn: r.region.endColumn }), newText: r.text })),
      },
    } : {}),
  };
  return {
    range: rangeOf(finding),
    severity: SEVERITY[finding.severity],
    source: 'meshlint',
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    message: [finding.cluster ? `${finding.message} (cluster ${finding.cluster})` : finding.message, ...(finding.hint ? [finding.hint] : [])].join('\n'),
    ...(finding.related.length > 0
      ? { relatedInformation: finding.related.map((r) => ({ location: { uri: pathToFileURL(r.absolutePath).href, range: rangeOf(r) }, message: r.message })) }
      : {}),
    data,
  };
}
