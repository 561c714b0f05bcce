// The Kubernetes CEL library functions the published rules use, in plain code: the CEL
// evaluator (cel.ts) registers them, and the quick evaluator (cel-lite.ts) calls them.
import { net } from '../builtins.js';

/** Kubernetes' url(): absolute URIs and absolute paths (Go's url.ParseRequestURI), as a map of its parts. */
export function parseUrl(text: string): Map<string, string> {
  const relative = text.startsWith('/');
  const parsed = relative ? new URL(text, 'http://placeholder') : new URL(text);
  return new Map<string, string>([
    ['\u0000url', text], ['scheme', relative ? '' : parsed.protocol.slice(0, -1)], ['host', relative ? '' : parsed.host],
    ['hostname', relative ? '' : parsed.hostname.replace(/^\[|\]$/g, '')], ['port', relative ? '' : parsed.port],
    ['path', parsed.pathname], ['query', parsed.search.slice(1)],
  ]);
}

/** Kubernetes' isURL(). */
export function isUrl(text: string): boolean {
  try { return /^([a-z][a-z0-9+.-]*:|\/)/i.test(text) && (parseUrl(text), true); } catch { return false; }
}

/** Kubernetes' isIP(): an IPv4 or IPv6 address, without a zone. */
export const isIp = (text: string): boolean => net().isIP(text) !== 0 && !text.includes('%');

// Go's time.ParseDuration grammar, which CEL's duration() follows: `[-+]?(\d*\.?\d+unit)+` or `0`.
const DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A duration in nanoseconds, as CEL's duration() reads it; undefined when it does not parse. */
export function durationNs(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * UNIT_NS[m[2]!]!;
  return text.startsWith('-') ? -total : total;
}
