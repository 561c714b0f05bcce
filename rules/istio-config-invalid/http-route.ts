import type { Json, JsonObject, Path } from '../../src/rule.js';
import { isJwtClaimRoute } from '../../src/istio/virtual-services.js';
import {
  type Checker, arr, checkDuration, checkLabels, entries, fqdnProblem, has, isLabel, isPort, nonEmpty, num, obj,
  regexProblem, str, wildcardDomainProblem,
} from './check.js';

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
// Control characters other than horizontal tab end a header value in Envoy.
const HEADER_VALUE_BAD = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);
const GRPC_STATUS = new Set(['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED']);
const RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);
// Status codes Go's net/http names (http.StatusText), which retryOn also accepts.
const HTTP_STATUS_NAMED = new Set([100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511]);

const isAuthority = (h: string) => h.toLowerCase() === ':authority' || h.toLowerCase() === 'host';

/** A StringMatch: an empty prefix or regex, or a regex RE2 does not compile (validateStringMatch). */
export function checkStringMatch(c: Checker, at: Path, v: Json | undefined, regexOnly = false): void {
  const m = obj(v);
  if (!m) return;
  if (!regexOnly && typeof m.prefix === 'string' && m.prefix === '') c.error([...at, 'prefix'], 'is an empty prefix match', 'Remove the match to match everything, or give a prefix.', 'value');
  if (typeof m.regex === 'string') {
    const problem = m.regex === '' ? 'is an empty regex match' : regexProblem(m.regex);
    if (problem) c.error([...at, 'regex'], problem, 'Envoy compiles match regexes with RE2: no lookaround or backreferences.', 'value');
  }
}

/** Header names and values of a `headers` request/response operation block. */
export function checkHeaderOps(c: Checker, at: Path, v: Json | undefined): void {
  const headers = obj(v);
  if (!headers) return;
  for (const side of ['request', 'response'] as const) {
    const ops = obj(headers[side]);
    if (!ops) continue;
    for (const op of ['set', 'add'] as const) {
      for (const [name, value] of entries(ops[op])) {
        const where = [...at, side, op, name];
        if (side === 'request' ? name.startsWith(':') && !isAuthority(name) : name.startsWith(':') || name.toLowerCase() === 'host') {
          c.error(where, `${op}s the header "${name}", which cannot be changed here`, side === 'request' ? 'Only ":authority" (or "host") may be set among the pseudo-headers: use rewrite.authority.' : 'Pseudo-headers and Host cannot be set on a response.', 'key');
        }
        if (typeof value === 'string' && HEADER_VALUE_BAD.test(value)) c.error(where, 'has a header value with a control character', 'Remove line breaks and other control characters from the value.', 'value');
      }
    }
    arr(ops.remove).forEach((name, i) => {
      if (typeof name === 'string' && (name.startsWith(':') || name.toLowerCase() === 'host')) {
        c.error([...at, side, 'remove', i], `removes the header "${name}", which cannot be removed`, 'Pseudo-headers and Host are not removable.', 'value');
      }
    });
  }
}

export function checkDestination(c: Checker, at: Path, v: Json | undefined): void {
  const d = obj(v);
  if (!d) return;
  const host = str(d.host);
  if (host !== undefined) {
    const problem = host === '*' ? 'is "*", which names no service' : wildcardDomainProblem(host);
    if (problem) c.error([...at, 'host'], problem.startsWith('is ') ? problem : `is "${host}", which ${problem}`, 'Use a service name or fully qualified host, optionally with a leading "*." wildcard.', 'value');
  }
  const subset = str(d.subset);
  if (subset !== undefined && subset !== '' && !isLabel(subset)) c.error([...at, 'subset'], `is "${subset}", not a DNS-1123 label`, 'Subset names are letters, digits and "-", starting and ending alphanumeric.', 'value');
  const port = num(obj(d.port)?.number);
  if (port !== undefined && !isPort(port)) c.error([...at, 'port', 'number'], `is ${port}, outside 1..65535`, 'Give the destination service port.', 'value');
}

export function checkWeights(c: Checker, at: Path, routes: Json[], gatewaySemantics: boolean, http: boolean): void {
  let total = 0;
  routes.forEach((r, i) => {
    const route = obj(r);
    if (!route) return;
    if (http) checkHeaderOps(c, [...at, i, 'headers'], route.headers);
    if (!gatewaySemantics) checkDestination(c, [...at, i, 'destination'], route.destination);
    const w = num(route.weight) ?? 0;
    if (w < 0) c.error([...at, i, 'weight'], `is ${w}, a negative weight`, 'Weights are 0 or more; Istio sends traffic in proportion to them.', 'value');
    total += w;
  });
  if (routes.length > 1 && total === 0) c.error(at, 'has destinations whose weights are all 0', 'Give at least one destination a positive weight, or omit the weights to split evenly.');
}

function checkRetries(c: Checker, at: Path, v: Json | undefined): void {
  const r = obj(v);
  if (!r) return;
  const attempts = num(r.attempts) ?? 0;
  if (attempts < 0) c.error([...at, 'attempts'], `is ${attempts}, a negative count`, 'Use 0 to disable retries, or a positive count.', 'value');
  if (attempts === 0 && (has(r, 'perTryTimeout') || (str(r.retryOn) ?? '') !== '' || has(r, 'retryRemoteLocalities'))) {
    c.error(at, 'sets retry options while attempts is 0, which disables retries', 'Set attempts to the number of retries, or drop the other retry fields.');
  }
  checkDuration(c, [...at, 'perTryTimeout'], r.perTryTimeout);
  checkDuration(c, [...at, 'backoff'], r.backoff);
  const on = str(r.retryOn);
  if (on) {
    const known = (policy: string) => RETRY_ON.has(policy) || HTTP_STATUS_NAMED.has(/^[-+]?\d+$/.test(policy) ? Number(policy) : NaN);
    // Spaces around the commas are the one mistake with a single correction.
    const trimmed = on.split(',').map((p) => p.trim());
    const fix = trimmed.every(known) ? { description: `write "${trimmed.join(',')}"`, edits: [{ at: [...at, 'retryOn'], set: trimmed.join(',') }] } : undefined;
    for (const policy of on.split(',')) {
      if (!known(policy)) {
        c.error([...at, 'retryOn'], `has "${policy}", which is not a retry condition`, 'Use Envoy retry conditions such as "5xx,connect-failure,refused-stream" or HTTP status codes, comma-separated without spaces.', 'value', fix);
      }
    }
  }
}

export function checkHttpRoute(c: Checker, at: Path, route: JsonObject, delegate: boolean, appliesToGateway: boolean): void {
  const root = !delegate && has(route, 'delegate');
  const conflict = (a: string, b: string) => c.error([...at, b], `sets both "${a}" and "${b}"`, `An HTTP route takes one of route, redirect and directResponse, and ${b} cannot be combined with ${a}.`, 'key');
  if (root) {
    if (has(route, 'redirect')) c.error([...at, 'redirect'], 'sets a redirect on a route that delegates', 'A delegating route only matches: move the redirect into the delegate VirtualService.', 'key');
    if (nonEmpty(route.route)) c.error([...at, 'route'], 'sets destinations on a route that delegates', 'A delegating route only matches: move the destinations into the delegate VirtualService.', 'key');
  } else {
    if (delegate && has(route, 'delegate')) c.error([...at, 'delegate'], 'delegates again from a delegate VirtualService', 'Delegation is one level deep: route to destinations here.', 'key');
    if (has(route, 'redirect')) {
      if (nonEmpty(route.route)) conflict('redirect', 'route');
      for (const k of ['fault', 'rewrite', 'directResponse']) if (has(route, k)) conflict('redirect', k);
    } else if (has(route, 'directResponse')) {
      if (nonEmpty(route.route)) conflict('directResponse', 'route');
      for (const k of ['fault', 'rewrite']) if (has(route, k)) conflict('directResponse', k);
    } else if (!nonEmpty(route.route)) {
      c.error(at, 'has no route, redirect or directResponse', 'Give the HTTP route destinations, a redirect or a direct response.');
    }
  }
  if (has(route, 'mirror') && nonEmpty(route.mirrors)) conflict('mirror', 'mirrors');

  arr(route.match).forEach((m, mi) => {
    const match = obj(m);
    if (!match) return;
    const mat = [...at, 'match', mi];
    for (const key of ['headers', 'withoutHeaders'] as const) {
      for (const [name, sm] of entries(match[key])) {
        if (!(name !== '' && (isJwtClaimRoute(name) || PSEUDO_HEADERS.has(name) || HEADER_NAME.test(name)))) {
          c.error([...mat, key, name], `has "${name}", which is not a header name`, 'Use an HTTP header name (RFC 7230 token), a pseudo-header or "@request.auth.claims.<name>".', 'key');
        }
        if (isJwtClaimRoute(name) && !appliesToGateway) {
          c.error([...mat, key, name], `routes on the JWT claim "${name}" in a VirtualService bound to no gateway`, 'Routing on JWT claims works only on gateways: add the gateway to spec.gateways.', 'key');
        }
        if (!(key === 'withoutHeaders' && obj(sm)?.regex === '*')) checkStringMatch(c, [...mat, key, name], sm);
      }
    }
    checkStringMatch(c, [...mat, 'uri'], match.uri, true);
    for (const k of ['scheme', 'method', 'authority']) checkStringMatch(c, [...mat, k], match[k]);
    for (const [name, qp] of entries(match.queryParams)) checkStringMatch(c, [...mat, 'queryParams', name], qp);
    checkLabels(c, [...mat, 'sourceLabels'], match.sourceLabels);
    checkGatewayNames(c, [...mat, 'gateways'], match.gateways);
    const ns = str(match.sourceNamespace);
    if (ns && !isLabel(ns)) c.error([...mat, 'sourceNamespace'], `is "${ns}", not a namespace name`, 'Give the name of the namespace the requests come from.', 'value');
    const port = num(match.port);
    if (port !== undefined && port !== 0 && !isPort(port)) c.error([...mat, 'port'], `is ${port}, outside 1..65535`, 'Give the port the traffic is addressed to.', 'value');
  });

  checkHeaderOps(c, [...at, 'headers'], route.headers);
  checkAuthority(c, at, route);
  checkCors(c, [...at, 'corsPolicy'], route.corsPolicy);
  checkFault(c, [...at, 'fault'], route.fault);
  const mp = num(obj(route.mirrorPercent)?.value ?? route.mirrorPercent);
  if (mp !== undefined && mp > 100) c.error([...at, 'mirrorPercent'], `is ${mp}, above 100`, 'A mirror percentage is at most 100.', 'value');
  if (has(route, 'mirrorPercent')) {
    // Istio reads mirrorPercentage first and mirrorPercent only without it, so the move is exact when only the old field is set.
    const fix = mp !== undefined && mp >= 0 && mp <= 100 && !has(route, 'mirrorPercentage')
      ? { description: `write mirrorPercentage: {value: ${mp}}`, edits: [{ at: [...at, 'mirrorPercent'], remove: true as const }, { at: [...at, 'mirrorPercentage', 'value'], set: mp }] } : undefined;
    c.warn([...at, 'mirrorPercent'], 'uses the deprecated field "mirrorPercent"', 'Use "mirrorPercentage" ({value: <percent>}) instead.', 'key', undefined, fix);
  }
  const percentage = (p: Path, v: Json | undefined) => {
    const value = num(obj(v)?.value);
    if (value !== undefined && (value < 0 || value > 100)) c.error([...p, 'value'], `is ${value}, outside 0..100`, 'A mirror percentage is between 0 and 100.', 'value');
  };
  percentage([...at, 'mirrorPercentage'], route.mirrorPercentage);
  checkDestination(c, [...at, 'mirror'], route.mirror);
  arr(route.mirrors).forEach((m, i) => {
    checkDestination(c, [...at, 'mirrors', i, 'destination'], obj(m)?.destination);
    percentage([...at, 'mirrors', i, 'percentage'], obj(m)?.percentage);
  });
  checkRedirect(c, [...at, 'redirect'], route.redirect, arr(route.match));
  const dr = obj(route.directResponse);
  if (dr) {
    const status = num(dr.status);
    if (status !== undefined && (status < 200 || status > 600)) c.error([...at, 'directResponse', 'status'], `is ${status}, outside 200..599`, 'Give an HTTP status code from 200 to 599.', 'value');
    const body = obj(dr.body);
    const size = typeof body?.string === 'string' ? Buffer.byteLength(body.string) : typeof body?.bytes === 'string' ? Math.floor((body.bytes.length * 3) / 4) : 0;
    if (size > 1024 * 1024) c.error([...at, 'directResponse', 'body'], 'is larger than 1 MiB', 'Large direct responses load the control plane: serve the body from a backend.');
    else if (size > 100 * 1024) c.warn([...at, 'directResponse', 'body'], 'is larger than 100 KiB', 'Large direct responses load the control plane: serve the body from a backend.');
  }
  checkRetries(c, [...at, 'retries'], route.retries);
  const rw = obj(route.rewrite);
  if (rw) {
    const uri = str(rw.uri) ?? '';
    if (uri !== '' && has(rw, 'uriRegexRewrite')) c.error([...at, 'rewrite', 'uriRegexRewrite'], 'is set together with "uri"', 'A rewrite takes one of uri and uriRegexRewrite.', 'key');
    else if (uri === '' && !has(rw, 'uriRegexRewrite') && (str(rw.authority) ?? '') === '') c.error([...at, 'rewrite'], 'rewrites nothing', 'Give uri, uriRegexRewrite or authority, or drop the rewrite.');
    const rr = obj(rw.uriRegexRewrite);
    if (rr) {
      if ((str(rr.match) ?? '') === '' || (str(rr.rewrite) ?? '') === '') c.error([...at, 'rewrite', 'uriRegexRewrite'], 'lacks "match" or "rewrite"', 'A regex rewrite needs both the regex to match and its replacement.');
      else {
        const problem = regexProblem(rr.match as string);
        if (problem) c.error([...at, 'rewrite', 'uriRegexRewrite', 'match'], problem, 'Envoy compiles rewrite regexes with RE2: no lookaround or backreferences.', 'value');
      }
    }
  }
  checkWeights(c, [...at, 'route'], arr(route.route), false, true);
  checkDuration(c, [...at, 'timeout'], route.timeout);
}

function checkAuthority(c: Checker, at: Path, route: JsonObject): void {
  const sources: Path[] = [];
  if ((str(obj(route.rewrite)?.authority) ?? '') !== '') sources.push([...at, 'rewrite', 'authority']);
  const req = obj(obj(route.headers)?.request);
  for (const op of ['set', 'add']) for (const [name] of entries(req?.[op])) if (isAuthority(name)) sources.push([...at, 'headers', 'request', op, name]);
  if (sources.length > 1) c.error(sources[1]!, 'sets the authority a second time', 'Set the authority once: in rewrite.authority or in one header operation.', 'key');
}

function checkCors(c: Checker, at: Path, v: Json | undefined): void {
  const cors = obj(v);
  if (!cors) return;
  arr(cors.allowOrigins).forEach((o, i) => {
    const origin = obj(o);
    if (!origin) return;
    const value = str(origin.exact) ?? str(origin.prefix) ?? str(origin.regex);
    if (value === '') c.error([...at, 'allowOrigins', i], 'is an empty origin match', 'Give the origin, e.g. exact: "https://example.com".');
    else checkStringMatch(c, [...at, 'allowOrigins', i], origin, true);
  });
  arr(cors.allowMethods).forEach((m, i) => {
    if (typeof m === 'string' && !CORS_METHODS.has(m)) c.error([...at, 'allowMethods', i], `is "${m}", not an HTTP method`, 'Use upper-case method names such as "GET" and "POST", or "*".', 'value');
  });
  for (const key of ['allowHeaders', 'exposeHeaders']) {
    arr(cors[key]).forEach((h, i) => {
      if (typeof h === 'string' && h !== '*' && !HEADER_NAME.test(h)) c.error([...at, key, i], `is "${h}", not a header name`, 'Use header names (RFC 7230 tokens) or "*".', 'value');
    });
  }
  checkDuration(c, [...at, 'maxAge'], cors.maxAge, true);
}

function checkFault(c: Checker, at: Path, v: Json | undefined): void {
  const fault = obj(v);
  if (!fault) return;
  if (!has(fault, 'abort') && !has(fault, 'delay')) c.error(at, 'injects neither an abort nor a delay', 'Give fault.abort, fault.delay or both, or drop the fault.');
  const percentage = (p: Path, x: Json | undefined) => {
    const value = num(obj(x)?.value);
    if (value !== undefined && (value < 0 || value > 100 || (value > 0 && value < 0.0001))) c.error([...p, 'value'], `is ${value}, neither 0 nor within 0.0001..100`, 'A fault percentage is 0, or from 0.0001 to 100.', 'value');
  };
  const abort = obj(fault.abort);
  if (abort) {
    percentage([...at, 'abort', 'percentage'], abort.percentage);
    if (has(abort, 'grpcStatus')) {
      const s = str(abort.grpcStatus);
      if (s !== undefined && !GRPC_STATUS.has(s)) c.error([...at, 'abort', 'grpcStatus'], `is "${s}", not a gRPC status name`, 'Use a gRPC status name such as "UNAVAILABLE" or "NOT_FOUND".', 'value');
    } else if (has(abort, 'http2Error')) {
      c.error([...at, 'abort', 'http2Error'], 'asks for an HTTP/2 abort, which Istio does not support', 'Abort with httpStatus or grpcStatus instead.', 'key');
    } else if (has(abort, 'httpStatus')) {
      const s = num(abort.httpStatus);
      if (s !== undefined && (s < 200 || s > 600)) c.error([...at, 'abort', 'httpStatus'], `is ${s}, outside 200..599`, 'Give an HTTP status code from 200 to 599.', 'value');
    } else {
      c.warn([...at, 'abort'], 'sets no error type', 'Give httpStatus or grpcStatus, or the abort does nothing.');
    }
  }
  const delay = obj(fault.delay);
  if (delay) {
    percentage([...at, 'delay', 'percentage'], delay.percentage);
    checkDuration(c, [...at, 'delay', 'fixedDelay'], delay.fixedDelay);
    if (has(delay, 'exponentialDelay')) c.error([...at, 'delay', 'exponentialDelay'], 'asks for an exponential delay, which Istio does not support', 'Use fixedDelay instead.', 'key');
  }
}

function checkRedirect(c: Checker, at: Path, v: Json | undefined, matches: Json[]): void {
  const r = obj(v);
  if (!r) return;
  const uri = str(r.uri) ?? '';
  const prefix = str(r.prefixRewrite) ?? '';
  if (uri !== '' && prefix !== '') {
    c.error([...at, 'prefixRewrite'], 'is set together with "uri"', 'A redirect takes one of uri and prefixRewrite.', 'key');
    return;
  }
  if (prefix !== '' && matches.some((m) => has(obj(m), 'uri') && !has(obj(obj(m)!.uri), 'prefix'))) {
    c.error([...at, 'prefixRewrite'], 'is used with a URI match that is not a prefix match', 'prefixRewrite replaces the matched prefix: match every URI by prefix, or redirect to a fixed uri.', 'key');
    return;
  }
  if (uri === '' && prefix === '' && (str(r.authority) ?? '') === '' && !has(r, 'port') && !has(r, 'derivePort') && (str(r.scheme) ?? '') === '') {
    c.error(at, 'changes neither URI, authority, scheme nor port', 'Give the redirect a target: uri, prefixRewrite, authority, scheme or port.');
    return;
  }
  const code = num(r.redirectCode);
  if (code !== undefined && code !== 0 && (code < 300 || code > 399)) {
    c.error([...at, 'redirectCode'], `is ${code}, not a 3xx code`, 'Use a redirect status such as 301, 302, 307 or 308.', 'value');
    return;
  }
  const scheme = str(r.scheme) ?? '';
  if (scheme !== '' && scheme !== 'http' && scheme !== 'https') {
    c.error([...at, 'scheme'], `is "${scheme}", neither "http" nor "https"`, 'Redirect to "http" or "https".', 'value');
    return;
  }
  const port = num(r.port);
  if (port !== undefined && port > 0 && !isPort(port)) c.error([...at, 'port'], `is ${port}, outside 1..65535`, 'Give the port to redirect to.', 'value');
}

/** Gateway references `namespace/name`, `mesh` or a legacy FQDN (validateGatewayNames). */
export function checkGatewayNames(c: Checker, at: Path, v: Json | undefined): void {
  const names = arr(v);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name !== 'string') continue;
    const slash = name.indexOf('/');
    if (slash < 0) {
      if (name.includes('.')) {
        const parts = name.split('.');
        c.warn([...at, i], `uses the legacy gateway name form "${name}"`, `Write it as "namespace/name", e.g. "${parts[1]}/${parts[0]}".`, 'value');
      }
      const problem = fqdnProblem(name);
      if (problem) c.error([...at, i], `is "${name}", which ${problem}`, 'Write a gateway as "namespace/name", or "mesh" for the sidecars.', 'value');
      // Istio checks no further names once it meets one without a namespace.
      return;
    }
    const ns = name.slice(0, slash);
    const gw = name.slice(slash + 1);
    if (!isLabel(ns)) c.error([...at, i], `is "${name}", whose namespace "${ns}" is not a namespace name`, 'Write a gateway as "namespace/name".', 'value');
    else if (!isLabel(gw)) c.error([...at, i], `is "${name}", whose gateway name "${gw}" is not a DNS-1123 label`, 'Write a gateway as "namespace/name" with the Gateway\'s metadata.name.', 'value');
  }
}
