import { createRequire } from 'node:module';
import type * as Re2 from 're2js';
import type { Fix, Json, JsonObject, Path, Report, Resource } from '../../src/rule.js';
import { GATEWAY_API_GATEWAY, GATEWAY_CLASS, SERVICE_ENTRY } from '../../src/istio/kinds.js';
import { goDurationNs } from '../../src/k8s/duration.js';
import { SERVICE } from '../../src/k8s/kinds.js';

/** What a policy's targetRef may name (Istio's allowedTargetRefs). */
const TARGETABLE = new Set([SERVICE, SERVICE_ENTRY, GATEWAY_API_GATEWAY, GATEWAY_CLASS]);
const GROUP_PATTERN = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND_PATTERN = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** istioctl's codes: the webhook's errors are IST0106, its warnings IST0133. */
export const ERROR_CODE = 'IST0106';
export const WARNING_CODE = 'IST0133';

/** Collects one resource's findings; each check names the field path and the reason. */
export class Checker {
  /**
   * `undecodable`: paths of values of the wrong type for the CRD's schema (the schema rule
   * reports them). Istio cannot decode such a resource, so no finding is made at, inside or
   * around them: a string where a list belongs is not also "an empty list".
   */
  constructor(readonly resource: Resource, private readonly out: (r: Report) => void, private readonly undecodable: readonly Path[] = []) {}

  /** The webhook rejects the resource because of the field at `at`; `fix`, when the one change that makes it valid keeps its meaning. */
  error(at: Path, reason: string, hint: string, focus?: 'key' | 'value', fix?: Fix): void {
    this.emit(at, reason, `Istio's validating webhook rejects the ${this.resource.kind}. ${hint}`, focus, undefined, ERROR_CODE, fix);
  }

  /** The webhook accepts the resource with a warning about the field at `at`. */
  warn(at: Path, reason: string, hint: string, focus?: 'key' | 'value', code = WARNING_CODE, fix?: Fix): void {
    this.emit(at, reason, `Istio accepts the ${this.resource.kind} with a warning. ${hint}`, focus, 'warning', code, fix);
  }

  private emit(at: Path, reason: string, hint: string, focus: 'key' | 'value' | undefined, severity: 'warning' | undefined, code: string, fix: Fix | undefined): void {
    // Go and Helm template text ("{{ .port }}") and envsubst variables are not the values the cluster will see.
    if (templated(valueAt(this.resource.body, at))) return;
    if (this.undecodable.some((bad) => prefixOf(bad, at) || prefixOf(at, bad))) return;
    this.out({
      message: `"${pathText(at)}" of ${this.resource.ref} ${reason}`, hint, at,
      ...(focus ? { focus } : {}), ...(severity ? { severity } : {}), code, ...(fix ? { fix } : {}),
    });
  }
}

const prefixOf = (prefix: Path, path: Path) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

function valueAt(body: Json, at: Path): Json | undefined {
  let v: Json | undefined = body;
  for (const p of at) v = Array.isArray(v) ? v[p as number] : obj(v)?.[p as string];
  return v;
}

/** Whether the data holds unrendered template text: a `{{` (or envsubst's `${`) in a string, or the mapping YAML makes of `{{ x }}`. */
function templated(v: Json | undefined): boolean {
  if (typeof v === 'string') return v.includes('{{') || v.includes('${');
  if (Array.isArray(v)) return v.some(templated);
  const o = obj(v);
  return o !== undefined && Object.entries(o).some(([k, x]) => k.includes('{') || templated(x));
}

/** `spec.http[0].route[1].weight`, as Istio and kubectl name fields. */
export function pathText(at: Path): string {
  return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A fix that deletes the map entry or sequence item at `at`. */
export const deletion = (at: Path, what: string): Fix => ({ description: `delete ${what}`, edits: [{ at, remove: true }] });

export const obj = (v: Json | undefined): JsonObject | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
export const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
export const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: Json | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
/** Present and not null: what protobuf's "is set" means for a message field read from YAML. */
export const has = (o: JsonObject | undefined, key: string): boolean => o !== undefined && o[key] !== undefined && o[key] !== null;
/** A repeated or map field with at least one element. */
export const nonEmpty = (v: Json | undefined): boolean =>
  Array.isArray(v) ? v.length > 0 : obj(v) !== undefined ? Object.keys(v as JsonObject).length > 0 : false;
export const entries = (v: Json | undefined): [string, Json][] => Object.entries(obj(v) ?? {});
/** A wrapper type (`google.protobuf.UInt32Value` and the like) written as a number or `{value: n}`. */
export const wrapped = (v: Json | undefined): number | undefined => num(v) ?? num(obj(v)?.value);

/**
 * Istio accepts durations only to the millisecond (agent.ValidateDuration); the "at least 1ms"
 * half of that check is the CRD's CEL rule, so it is not repeated here.
 */
export function checkDuration(c: Checker, at: Path, v: Json | undefined, seconds = false): void {
  const text = str(v);
  if (text === undefined) return;
  const ns = goDurationNs(text);
  if (ns === undefined || ns < 1e6) return;
  const unit = seconds ? 1e9 : 1e6;
  if (Math.round(ns) % unit !== 0) {
    c.error(at, `is "${text}", finer than ${seconds ? 'a second' : 'a millisecond'}`, `Round it to whole ${seconds ? 'seconds' : 'milliseconds'}.`, 'value');
  }
}

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

/** A DNS-1123 label as Istio's labels package checks it (either case, at most 63 characters). */
export const isLabel = (s: string): boolean => s.length <= 63 && DNS1123_LABEL.test(s);

function labelsProblem(domain: string): string | undefined {
  const parts = domain.split('.');
  const top = parts[parts.length - 1]!;
  if (/^[-+]?\d+$/.test(top)) return `has the all-numeric top-level label "${top}"`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isLabel(parts[i]!)) return `has the invalid label "${parts[i]}"`;
  }
  return undefined;
}

/** Why `domain` is not a fully qualified DNS name (agent.ValidateFQDN), or undefined. */
export function fqdnProblem(domain: string): string | undefined {
  if (domain.length === 0) return 'is empty';
  if (domain.length > 255) return 'is longer than 255 characters';
  return labelsProblem(domain);
}

/** Why `domain` is not a DNS name with an optional wildcard first label (agent.ValidateWildcardDomain). */
export function wildcardDomainProblem(domain: string): string | undefined {
  if (domain.length === 0) return 'is empty';
  if (domain.length > 255) return 'is longer than 255 characters';
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!(first.length <= 63 && WILDCARD_LABEL.test(first))) return `has the invalid label "${first}"`;
  return dot < 0 ? undefined : labelsProblem(domain.slice(dot + 1));
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** An IPv4 or IPv6 address as Go's netip.ParseAddr accepts it (IPv6 zones allowed). */
export function isIp(s: string): boolean {
  if (IPV4.test(s)) return true;
  const [addr, zone] = s.split('%', 2) as [string, string | undefined];
  if (zone === '' || !addr.includes(':')) return false;
  const v4tail = /^(.*:)((?:\d+\.){3}\d+)$/.exec(addr);
  let head = addr;
  let groupsWanted = 8;
  if (v4tail) {
    if (!IPV4.test(v4tail[2]!)) return false;
    head = v4tail[1]!.endsWith('::') ? v4tail[1]! : v4tail[1]!.slice(0, -1);
    groupsWanted = 6;
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length < groupsWanted : all.length === groupsWanted;
}

/** An address or a CIDR block (agent.ValidateIPSubnet). */
export function isIpOrCidr(s: string): boolean {
  if ((s.match(/\//g) ?? []).length !== 1) return isIp(s);
  const [ip, bits] = s.split('/') as [string, string];
  if (!/^\d{1,3}$/.test(bits) || !isIp(ip) || ip.includes('%')) return false;
  return Number(bits) <= (ip.includes(':') ? 128 : 32);
}

export const isPort = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;

// Loaded on the first regex, so that runs without one do not pay for it at start-up.
const load = createRequire(import.meta.url);
let re2: typeof Re2 | undefined;

/** Why `re` would not compile as the RE2 regex Envoy builds from it, or undefined. */
export function regexProblem(re: string): string | undefined {
  // Envoy bounds a regex's program size; Istio approximates it by the length.
  if (re.length > 1024) return 'is longer than 1024 characters';
  try {
    (re2 ??= load('re2js') as typeof Re2).RE2JS.compile(re);
    return undefined;
  } catch (e) {
    return `is not an RE2 regex (${String((e as Error).message).replace(/^error parsing regexp: /, '').replace(/`/g, '').replace(/"/g, "'").slice(0, 60)})`;
  }
}

const LABEL_KEY = /^(?:[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*\/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;
const LABEL_VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Label keys and values as Istio's labels.Instance.Validate checks them (subsets, source labels, endpoints). */
export function checkLabels(c: Checker, at: Path, v: Json | undefined): void {
  for (const [k, val] of entries(v)) {
    const m = LABEL_KEY.exec(k);
    if (!m || m[1]!.length > 63 || k.length - m[1]!.length - 1 > 253) c.error([...at, k], `has the invalid label key "${k}"`, 'Use a Kubernetes label name: an optional DNS prefix and "/", then up to 63 letters, digits, "-", "_" or ".".', 'key');
    else if (typeof val === 'string' && !LABEL_VALUE.test(val)) c.error([...at, k], `has the invalid label value "${val}"`, 'A label value is empty or letters, digits, "-", "_" and "." that start and end alphanumeric.', 'value');
  }
}

/** `spec.selector` of the policy kinds: no empty keys, no wildcards, labels expected (validateWorkloadSelector). */
export function checkWorkloadSelector(c: Checker, at: Path, v: Json | undefined): void {
  const selector = obj(v);
  if (!selector) return;
  // Empty keys and "*" in keys and values are CEL rules of the CRDs.
  if (!nonEmpty(selector.matchLabels)) c.warn(at, 'selects by no labels', 'A selector without labels selects every workload in the namespace: add matchLabels or drop the selector.');
}

/** `exportTo`: no duplicates, "*" alone, "~" alone, each entry ".", "*", "~" or a namespace (validateExportTo). */
export function checkExportTo(c: Checker, at: Path, v: Json | undefined, opts: { serviceEntry?: boolean; selectorNamespace?: string } = {}): void {
  const list = arr(v);
  if (list.length === 0) return;
  const namespace = c.resource.namespace ?? '';
  const seen = new Set<string>();
  const written = new Map<string, string>();
  list.forEach((e, i) => {
    if (typeof e !== 'string') return;
    const key = e === '.' ? namespace : e;
    if (seen.has(key)) {
      const both = written.get(key) !== e;
      c.error([...at, i], both ? `lists both "." and the resource's own namespace "${namespace}"` : `lists "${e}" twice`, 'List each namespace once.', 'value', deletion([...at, i], `the repeated "${e}"`));
      return;
    }
    written.set(key, e);
    if (!(e === '.' || e === '*' || (e === '~' && opts.serviceEntry) || isLabel(e))) {
      c.error([...at, i], `has "${e}", which is not ".", "*"${opts.serviceEntry ? ', "~"' : ''} or a namespace name`, 'Use "." for this namespace, "*" for all, or namespace names.', 'value');
      return;
    }
    seen.add(key);
  });
  if (seen.has('*') && list.length > 1) c.error(at, 'mixes "*" with other entries', 'Use "*" alone, which already exports to every namespace.');
  if (seen.has('~') && list.length > 1) c.error(at, 'mixes "~" with other entries', 'Use "~" alone to export to no namespace.');
  if (opts.selectorNamespace !== undefined && seen.size > 0) {
    if (!seen.has(namespace)) c.error(at, 'exports beyond the resource\'s own namespace although it has a workloadSelector', 'A DestinationRule with a workloadSelector applies only in its namespace: use exportTo ["."].');
    else if (seen.size > 1) c.error(at, 'has more than one entry although the resource has a workloadSelector', 'A DestinationRule with a workloadSelector applies only in its namespace: use exportTo ["."].');
  }
}

/** Protocols Istio knows (protocol.Parse), in lower case, and the families its checks ask about. */
const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
export const protocolKnown = (p: string): boolean => PROTOCOLS.has(p.toLowerCase()) || p === 'DoubleHBONE';
export const isHttpProtocol = (p: string): boolean => ['http', 'http2', 'http_proxy', 'grpc', 'grpc-web'].includes(p.toLowerCase());
export const isTlsProtocol = (p: string): boolean => ['https', 'tls'].includes(p.toLowerCase());
export const isTcpProtocol = (p: string): boolean => ['tcp', 'https', 'tls', 'mongo', 'redis', 'mysql'].includes(p.toLowerCase());

/** `targetRef`/`targetRefs` of the policy kinds: only Service, ServiceEntry, Gateway API Gateway and GatewayClass. */
export function checkTargetRefs(c: Checker, spec: JsonObject): void {
  const refs: [Path, Json][] = [...(has(spec, 'targetRef') ? [[['spec', 'targetRef'], spec.targetRef!] as [Path, Json]] : []), ...arr(spec.targetRefs).map((r, i) => [['spec', 'targetRefs', i], r] as [Path, Json])];
  for (const [at, r] of refs) {
    const ref = obj(r);
    if (!ref) continue;
    const group = str(ref.group) ?? '';
    const kind = str(ref.kind) ?? '';
    // A group or kind that breaks the CRD's patterns is the schema's finding.
    if (!GROUP_PATTERN.test(group) || !KIND_PATTERN.test(kind)) continue;
    const allowed = TARGETABLE.has(group === '' ? kind : `${group}/${kind}`);
    if (!allowed) c.error([...at, 'kind'], `refers to "${group ? `${group}/` : ''}${kind}", which a policy cannot target`, 'Target a core Service, a networking.istio.io ServiceEntry, or a gateway.networking.k8s.io Gateway or GatewayClass.', 'value');
  }
}
