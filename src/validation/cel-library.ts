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

