// Go's time.ParseDuration, which Kubernetes' CEL duration() and Istio's Go-side settings
// (proxy configuration, agent flags) read: `[-+]?(\d*\.?\d+unit)+`, or a bare `0`.
// The micro sign and the Greek mu are written as escapes: the bundle stays ASCII.

const PART = /(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g;
const WHOLE = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/;
const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, '\u00b5s': 1e3, '\u03bcs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A duration in nanoseconds as Go reads it; undefined when Go rejects the text. */
export function goDurationNs(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  if (!WHOLE.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(PART)) total += Number(m[1]) * UNIT_NS[m[2]!]!;
  return text.startsWith('-') ? -total : total;
}
