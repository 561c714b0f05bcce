import { isObject } from '../model/resource.js';
import type { Json, JsonObject, Path, Resource } from '../rule.js';

// Route rules that can never match, as Istio's VirtualService validation finds them: rules
// are tried in order, so a rule after a catch-all (no `match`) or whose every match an
// earlier rule already has is unreachable, and a match an earlier rule has (or, for HTTP, one
// whose URI prefix an earlier match's prefix covers under the same other conditions) is
// ineffective.

/** A rule that can never be reached, or a match that never decides. */
export interface RouteProblem {
  readonly type: 'unreachable' | 'ineffective';
  /** Path of the rule (unreachable) or of the match (ineffective). */
  readonly at: Path;
  /** `"name"` of the rule or `#index`. */
  readonly rule: string;
  /** For `ineffective`: the match, `"name"` or `#index`, and the earlier rule (and match) that covers it. */
  readonly match?: string;
  readonly earlier?: string;
  /** For `unreachable`: why. */
  readonly reason?: 'after-catch-all' | 'second-catch-all' | 'all-matches-used';
}

const label = (item: JsonObject, index: number) => (typeof item.name === 'string' && item.name !== '' ? `"${item.name}"` : `#${index}`);

/** JSON with sorted keys, so that two matches written in another key order compare equal. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`).join(',')}}`;
  return JSON.stringify(value);
}

/** `exact:v` or `prefix:v` of a StringMatch, `''` otherwise. */
function exactOrPrefix(match: unknown): string {
  if (!isObject(match)) return '';
  if (typeof match.exact === 'string' && match.exact !== '') return `exact:${match.exact}`;
  if (typeof match.prefix === 'string' && match.prefix !== '') return `prefix:${match.prefix}`;
  return '';
}

interface PrefixMatch { readonly rule: string; readonly match: string; readonly at: Path; readonly prefix: string; readonly port: string; readonly method: string; readonly authority: string; readonly maps: Record<string, string>[] }

function prefixMatch(rule: string, match: JsonObject, matchLabel: string, at: Path): PrefixMatch | undefined {
  const prefix = isObject(match.uri) && typeof match.uri.prefix === 'string' ? match.uri.prefix : '';
  if (prefix === '') return undefined;
  const map = (value: unknown) => Object.fromEntries(Object.entries(isObject(value) ? value : {}).map(([k, v]) => [k, exactOrPrefix(v)]));
  return {
    rule, match: matchLabel, at, prefix, port: String(match.port ?? ''),
    // Istio reads a match without a method as one on GET.
    method: exactOrPrefix(match.method) || 'exact:GET', authority: exactOrPrefix(match.authority),
    maps: [map(match.headers), map(match.queryParams), map(match.withoutHeaders)],
  };
}

// Istio's coveredValidation: `a` comes first and takes every request `b` would.
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return a.maps.every((am, i) => {
    const bm = b.maps[i]!;
    if (Object.keys(am).length !== Object.keys(bm).length) return false;
    return Object.entries(am).every(([k, v]) => Object.hasOwn(bm, k) && (v === bm[k] || v.startsWith(bm[k]!)));
  });
}

/** The problems of the `http`, `tcp` and `tls` rules of a VirtualService, in order. */
export function routeProblems(vs: Resource): RouteProblem[] {
  const spec = isObject(vs.body.spec) ? vs.body.spec : {};
  const problems: RouteProblem[] = [];
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    const rules = spec[protocol];
    if (!Array.isArray(rules)) continue;
    const seen = new Map<string, string>();
    const prefixes: PrefixMatch[] = [];
    let catchAll = false;
    rules.forEach((rule, i) => {
      if (!isObject(rule)) return;
      const at = ['spec', protocol, i];
      const name = label(rule, i);
      const matches = Array.isArray(rule.match) ? rule.match : [];
      if (matches.length === 0) {
        if (catchAll) problems.push({ type: 'unreachable', at, rule: name, reason: 'second-catch-all' });
        catchAll = true;
        return;
      }
      let duplicates = 0;
      matches.forEach((match, j) => {
        if (catchAll) { problems.push({ type: 'unreachable', at, rule: name, reason: 'after-catch-all' }); return; }
        const m = isObject(match) ? match : {};
        const { name: _ignored, ...traffic } = m;
        const key = canonical(protocol === 'http' ? traffic : m);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          problems.push({ type: 'ineffective', at: [...at, 'match', j], rule: name, match: label(m, j), earlier });
          duplicates++;
          return;
        }
        seen.set(key, name);
        const p = protocol === 'http' ? prefixMatch(name, m, label(m, j), [...at, 'match', j]) : undefined;
        if (p) prefixes.push(p);
      });
      if (duplicates === matches.length) problems.push({ type: 'unreachable', at, rule: name, reason: 'all-matches-used' });
    });
    prefixes.forEach((a, i) => {
      for (const b of prefixes.slice(i + 1)) {
        if (b.prefix !== a.prefix && covers(a, b)) problems.push({ type: 'ineffective', at: b.at, rule: b.rule, match: `${b.match} (prefix "${b.prefix}")`, earlier: `${a.rule} (prefix "${a.prefix}")` });
      }
    });
  }
  return problems;
}
