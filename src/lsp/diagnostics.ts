import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
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
}

/** LSP ranges are 0-based; meshlint's locations are 1-based, both in UTF-16 code units. */
export function rangeOf(location: Location): Range {
  return {
    start: { line: location.line - 1, character: location.column - 1 },
    end: { line: location.endLine - 1, character: location.endColumn - 1 },
  };
}

/** A finding as an editor shows it: the message, the hint below it, the rule's page, related places. */
export function diagnosticOf(finding: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, line: finding.line };
  return {
    range: rangeOf(finding),
    severity: SEVERITY[finding.severity],
    source: 'meshlint',
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    message: finding.hint ? `${finding.message}\n${finding.hint}` : finding.message,
    ...(finding.related.length > 0
      ? { relatedInformation: finding.related.map((r) => ({ location: { uri: pathToFileURL(r.absolutePath).href, range: rangeOf(r) }, message: r.message })) }
      : {}),
    data,
  };
}
