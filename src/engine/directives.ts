/** `# meshlint-disable…` comments: found while parsing, applied after the rules ran. */
/** A `# meshlint-disable…` comment. `rules` empty means every rule. */
export interface Directive {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  /** Last line it covers: the next line, or the end of its document. */
  readonly until: number;
  readonly rules: readonly string[];
  readonly reason: string;
  /** Set when the directive suppressed a finding. */
  used?: boolean;
}

const DIRECTIVE = /(?:^|\s)#\s*meshlint-disable(-next-line)?(?=\s|$)(.*)$/;
const DOCUMENT_MARKER = /^---(\s|$)/;

/** Splits `rule-a, rule-b -- reason`. */
export function parseRuleList(text: string): { rules: string[]; reason: string } {
  const [list = '', ...reason] = text.split(/\s--\s|\s--$|^--\s/);
  return { rules: list.split(/[\s,]+/).filter(Boolean), reason: reason.join(' -- ').trim() };
}

/** Finds the disable directives of a file, and how far each reaches. */
export function findDirectives(file: string, text: string): Directive[] {
  if (!text.includes('meshlint-disable')) return [];
  const lines = text.split(/\r?\n/);
  const directives: Directive[] = [];
  lines.forEach((content, i) => {
    const match = DIRECTIVE.exec(content);
    if (!match) return;
    let until = i + 2;
    if (!match[1]) {
      until = lines.length;
      for (let j = i + 1; j < lines.length; j++) if (DOCUMENT_MARKER.test(lines[j]!)) { until = j; break; }
    }
    const column = content.indexOf('#', match.index) + 1;
    directives.push({ file, line: i + 1, column, endColumn: content.length + 1, until, ...parseRuleList(match[2]!) });
  });
  return directives;
}

