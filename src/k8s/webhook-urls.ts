import { net } from '../builtins.js';

/**
 * The host of a webhook `clientConfig.url`, read the way Go's url.Parse does for the
 * absolute URLs that webhooks require, or what makes it unparsable (a noun phrase).
 */
export function webhookUrlHost(url: string): { host: string; ip: boolean } | { error: string } {
  // Go rejects control characters, spaces in the host and unbalanced IPv6 brackets.
  if (/[\x00-\x1f\x7f]/.test(url)) return { error: 'a control character' };
  const match = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/([^/?#]*)/.exec(url);
  if (!match) return { host: '', ip: false };
  const authority = match[1]!.replace(/^.*@/, '');
  let host: string;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return { error: 'an unclosed "[" in its host' };
    host = authority.slice(1, end);
    const rest = authority.slice(end + 1);
    if (rest !== '' && !/^:\d*$/.test(rest)) return { error: 'an invalid port' };
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon >= 0 ? authority.slice(0, colon) : authority;
    if (colon >= 0 && !/^\d*$/.test(authority.slice(colon + 1))) return { error: 'an invalid port' };
    if (/[\s<>"{}|\\^`]/.test(host)) return { error: 'an invalid character in its host' };
  }
  return { host, ip: net().isIP(host.replace(/%.*$/, '')) !== 0 };
}
