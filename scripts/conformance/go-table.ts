/**
 * Reads the table of test cases of Istio's analyzer test
 * (pkg/config/analysis/analyzers/analyzers_test.go) from the Go source text: every element of
 * `testGrid` with its name, input files, mesh config files, analyzer and expected messages.
 */

export interface ExpectedMessage {
  /** The message type's name, e.g. `ReferencedResourceNotFound`. */
  readonly type: string;
  /** `Kind namespace/name`, or `Kind name` where the input gives no namespace. */
  readonly resource: string;
}

export interface AnalyzerCase {
  readonly index: number;
  readonly name: string;
  readonly inputFiles: readonly string[];
  readonly meshConfigFile?: string;
  readonly meshNetworksFile?: string;
  /** The analyzer expression, e.g. `&gateway.IngressGatewayPortAnalyzer{}`. */
  readonly analyzer: string;
  readonly expected: readonly ExpectedMessage[];
  /** Analyzers that are not among those `istioctl analyze` runs (`skipAll: true`). */
  readonly skipAll: boolean;
}

/** The text with comments blanked out (strings kept), so braces and fields can be matched. */
export function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if (c === '"' || c === '`') {
      const end = stringEnd(src, i);
      out += src.slice(i, end);
      i = end;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') { out += ' '; i++; }
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the string literal that starts at `i`. */
function stringEnd(src: string, i: number): number {
  const quote = src[i]!;
  let j = i + 1;
  while (j < src.length && src[j] !== quote) j += quote === '"' && src[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The top-level `{...}` elements of the composite literal whose `{` is at `open`. */
function elements(src: string, open: number): string[] {
  const found: string[] = [];
  let depth = 0, start = -1;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"' || c === '`') { i = stringEnd(src, i) - 1; continue; }
    if (c === '{') {
      depth++;
      if (depth === 2) start = i;
    } else if (c === '}') {
      if (depth === 2) found.push(src.slice(start, i + 1));
      depth--;
      if (depth === 0) return found;
    }
  }
  throw new Error('the testGrid literal does not end');
}

const goString = (literal: string) => (literal.startsWith('`') ? literal.slice(1, -1) : (JSON.parse(literal) as string));
const STRING = '("(?:[^"\\\\]|\\\\.)*"|`[^`]*`)';

function field(element: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}:\\s*${STRING}`).exec(element);
  return m ? goString(m[1]!) : undefined;
}

export function parseAnalyzerTable(source: string): AnalyzerCase[] {
  const src = stripComments(source);
  const start = /\bvar testGrid\s*=\s*\[\]testCase\s*\{/.exec(src);
  if (!start) throw new Error('no "var testGrid = []testCase{" in the test source');
  return elements(src, start.index + start[0].length - 1).map((element, index) => {
    const inputs = /\binputFiles:\s*\[\]string\s*\{([^}]*)\}/.exec(element);
    const analyzer = /\banalyzer:\s*(.+?),?\s*$/m.exec(element);
    if (!analyzer) throw new Error(`test case ${index + 1} names no analyzer`);
    const meshConfigFile = field(element, 'meshConfigFile');
    const meshNetworksFile = field(element, 'meshNetworksFile');
    return {
      index, name: field(element, 'name') ?? `case ${index + 1}`,
      inputFiles: inputs ? [...inputs[1]!.matchAll(new RegExp(STRING, 'g'))].map((m) => goString(m[1]!)) : [],
      ...(meshConfigFile ? { meshConfigFile } : {}), ...(meshNetworksFile ? { meshNetworksFile } : {}),
      analyzer: analyzer[1]!.trim(),
      expected: [...element.matchAll(new RegExp(`\\{\\s*msg\\.(\\w+)\\s*,\\s*${STRING}\\s*,?\\s*\\}`, 'g'))]
        .map((m) => ({ type: m[1]!, resource: goString(m[2]!) })),
      skipAll: /\bskipAll:\s*true\b/.test(element),
    };
  });
}

/**
 * Whether a finding's resource is the one the table names. The table writes `Kind ns/name`,
 * or `Kind name` where the input leaves the namespace out (meshlint then gives it one).
 */
export function sameResource(expected: string, found: { kind: string; namespace?: string; name: string }): boolean {
  const m = /^(\S+) (?:([^/\s]+)\/)?(\S+)$/.exec(expected);
  if (!m) return false;
  return m[1] === found.kind && m[3] === found.name && (m[2] === undefined || m[2] === found.namespace);
}
