import type { Json, JsonObject, Path } from '../../src/rule.js';
import { type Checker, arr, deletion, checkDuration, checkTargetRefs, checkWorkloadSelector, has, isIpOrCidr, nonEmpty, obj, str } from './check.js';

const SOURCE_FIELDS = ['principals', 'requestPrincipals', 'namespaces', 'ipBlocks', 'remoteIpBlocks', 'serviceAccounts', 'trustDomains'];
const OPERATION_FIELDS = ['ports', 'methods', 'paths', 'hosts'];
const both = (fields: string[]) => fields.flatMap((f) => [f, `not${f[0]!.toUpperCase()}${f.slice(1)}`]);
const PATH_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

function ipProblem(v: string): string | undefined {
  return isIpOrCidr(v) ? undefined : v.includes('/') ? 'is not a CIDR block' : 'is not an IP address';
}

function portProblem(v: string): string | undefined {
  return /^\d+$/.test(v) && Number(v) <= 65535 ? undefined : 'is not a port number';
}

function serviceAccountProblem(v: string): string | undefined {
  if (v.includes('*')) return 'has a wildcard, which service accounts do not take';
  const parts = v.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) return 'is not "name" or "namespace/name"';
  return undefined;
}

function wildcardValueProblem(v: string): string | undefined {
  const stars = (v.match(/\*/g) ?? []).length;
  if (stars > 1) return 'has more than one "*"';
  if (stars === 1 && v !== '*' && !v.startsWith('*') && !v.endsWith('*')) return 'has a "*" in the middle';
  return undefined;
}

function trustDomainProblem(v: string): string | undefined {
  return wildcardValueProblem(v) ?? (v.includes('/') ? 'has a "/"' : undefined);
}

function pathTemplateProblem(p: string): string | undefined {
  const template = p.includes('{*}') || p.includes('{**}');
  let any = false;
  for (const glob of p.replace(/^\/+|\/+$/g, '').split('/')) {
    if ((glob === '{*}' || glob === '{**}') && any) return 'has a path template after "{**}"';
    if (glob === '{*}') continue;
    if (glob === '{**}') { any = true; continue; }
    if (/[{}]/.test(glob)) return 'has "{" or "}" outside a "{*}" or "{**}" template';
    if (template && !PATH_LITERAL.test(glob)) return `has the segment "${glob}", which a path template cannot hold`;
  }
  return undefined;
}

const HINTS = new Map<unknown, string>();
HINTS.set(ipProblem, 'Write an address such as "10.1.2.3" or a CIDR block such as "10.0.0.0/16".');
HINTS.set(portProblem, 'Write a port number from 0 to 65535, as a string.');
HINTS.set(serviceAccountProblem, 'Write "name" or "namespace/name", without wildcards.');
HINTS.set(wildcardValueProblem, 'A wildcard "*" may stand only at the start or the end, once.');
HINTS.set(trustDomainProblem, 'Write a trust domain such as "cluster.local", with at most one "*" at its start or end.');
HINTS.set(pathTemplateProblem, 'In a path template "{*}" stands for one segment and "{**}" for the rest, and "{**}" comes last.');

const mapKeyOk = (key: string) => { const open = key.indexOf('['); return key.endsWith(']') && open > 0 && open < key.length - 2; };

/** Why a `when` key is not an attribute Istio knows, or why one of its values is wrong for it (security.ValidateAttribute). */
function attributeProblem(key: string): { key?: string; value?: (v: string) => string | undefined } {
  if (key.startsWith('request.headers') || key.startsWith('request.auth.claims') || key.startsWith('experimental.envoy.filters.')) {
    return mapKeyOk(key) ? {} : { key: 'is not of the form "name[key]"' };
  }
  switch (key) {
    case 'source.ip': case 'remote.ip': case 'destination.ip': return { value: ipProblem };
    case 'source.serviceAccount': return { value: serviceAccountProblem };
    case 'source.trustDomain': return { value: wildcardValueProblem };
    case 'destination.port': return { value: portProblem };
    case 'source.namespace': case 'source.principal': case 'request.auth.principal': case 'request.auth.audiences':
    case 'request.auth.presenter': case 'connection.sni': return {};
    case 'destination.namespace': return { key: 'is no longer an attribute: the policy\'s own namespace is the destination' };
    case 'destination.name': case 'destination.user': return { key: 'was an attribute of v1alpha1 policies only' };
    default:
      return key.startsWith('destination.labels') ? { key: 'is no longer an attribute: select workloads with spec.selector' } : { key: 'is not an attribute Istio knows' };
  }
}

function checkValues(c: Checker, at: Path, values: Json | undefined, problem?: (v: string) => string | undefined): void {
  arr(values).forEach((v, i) => {
    if (typeof v !== 'string') return;
    if (v === '') { c.error([...at, i], 'is an empty value', 'Remove the empty entry: it matches nothing.', 'value', deletion([...at, i], 'the empty entry')); return; }
    const p = problem?.(v);
    if (p) c.error([...at, i], `is "${v}", which ${p}`, HINTS.get(problem) ?? 'Write the value in the form the field takes.', 'value');
  });
}

export function checkAuthorizationPolicy(c: Checker, spec: JsonObject): void {
  checkWorkloadSelector(c, ['spec', 'selector'], spec.selector);
  checkTargetRefs(c, spec);
  const action = str(spec.action) ?? 'ALLOW';
  const rules = spec.rules;
  const custom = action === 'CUSTOM';
  // An empty list decodes as no list at all, as protobuf reads YAML.
  const noRules = !nonEmpty(rules);
  if (custom && noRules) c.error(['spec'], 'has action "CUSTOM" but no rules, so it never applies', 'Add rules, or one empty rule {} to send every request to the provider.');
  else if (custom && (str(obj(spec.provider)?.name) ?? '') === '') c.error(has(spec, 'provider') ? ['spec', 'provider'] : ['spec'], 'has action "CUSTOM" but no provider name', 'Name the extension provider of the mesh config that authorizes the requests.');
  if (has(spec, 'provider') && !custom) c.error(['spec', 'provider'], `is set with action "${action}"`, 'A provider is used only with action CUSTOM: set the action or drop the provider.', 'key');
  if (action === 'DENY' && noRules) c.error(['spec'], 'has action "DENY" but no rules, so it never applies', 'Add rules, or one empty rule {} to deny every request.');

  arr(rules).forEach((r, i) => {
    const rule = obj(r);
    if (!rule) return;
    const at: Path = ['spec', 'rules', i];
    let fromHttpOnly = false, hasFrom = false, hasTo = false, toTcp = false;
    arr(rule.from).forEach((f, fi) => {
      const src = obj(obj(f)?.source);
      const p: Path = [...at, 'from', fi, 'source'];
      if (!src) { if (obj(f)) c.error([...at, 'from', fi], 'has no "source"', 'Give the source to match, or drop the entry.'); return; }
      hasFrom = true;
      if (!both(SOURCE_FIELDS).some((k) => nonEmpty(src[k]))) c.error(p, 'matches nothing: every field is empty', 'Give at least one of principals, namespaces, ipBlocks and the like.');
      for (const k of both(['ipBlocks', 'remoteIpBlocks'])) checkValues(c, [...p, k], src[k], ipProblem);
      for (const k of both(['principals', 'requestPrincipals', 'namespaces'])) checkValues(c, [...p, k], src[k]);
      for (const k of both(['serviceAccounts'])) checkValues(c, [...p, k], src[k], serviceAccountProblem);
      for (const k of both(['trustDomains'])) checkValues(c, [...p, k], src[k], trustDomainProblem);
      if (both(['principals', 'ipBlocks', 'namespaces', 'remoteIpBlocks', 'serviceAccounts']).some((k) => nonEmpty(src[k]))) fromHttpOnly = true;
      if (custom) {
        for (const k of both(['namespaces', 'serviceAccounts', 'trustDomains', 'principals', 'requestPrincipals'])) {
          if (nonEmpty(src[k])) c.error([...p, k], 'is not supported with action "CUSTOM"', 'A CUSTOM policy matches on IP blocks and operations only: move identity checks to the provider or to another policy.', 'key');
        }
      }
    });
    arr(rule.to).forEach((t, ti) => {
      const op = obj(obj(t)?.operation);
      const p: Path = [...at, 'to', ti, 'operation'];
      if (!op) { if (obj(t)) c.error([...at, 'to', ti], 'has no "operation"', 'Give the operation to match, or drop the entry.'); return; }
      hasTo = true;
      if (!both(OPERATION_FIELDS).some((k) => nonEmpty(op[k]))) c.error(p, 'matches nothing: every field is empty', 'Give at least one of hosts, ports, methods and paths.');
      for (const k of both(['ports'])) checkValues(c, [...p, k], op[k], portProblem);
      for (const k of both(['methods', 'hosts'])) checkValues(c, [...p, k], op[k]);
      for (const k of both(['paths'])) checkValues(c, [...p, k], op[k], pathTemplateProblem);
      if (nonEmpty(op.ports) || nonEmpty(op.notPorts)) toTcp = true;
    });
    arr(rule.when).forEach((w, wi) => {
      const cond = obj(w);
      const key = str(cond?.key);
      if (!cond || key === undefined) return;
      const p: Path = [...at, 'when', wi];
      if (key === '') { c.error([...p, 'key'], 'is empty', 'Give the attribute to test, e.g. "request.headers[x-token]".', 'value'); return; }
      if (custom && (['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'].includes(key) || key.startsWith('request.auth.'))) {
        c.error([...p, 'key'], `is "${key}", which is not supported with action "CUSTOM"`, 'A CUSTOM policy cannot test source identities or JWT attributes.', 'value');
      }
      if (!nonEmpty(cond.values) && !nonEmpty(cond.notValues)) { c.error(p, `tests "${key}" against no values`, 'Give values or notValues.'); return; }
      const attr = attributeProblem(key);
      if (attr.key) { c.error([...p, 'key'], `is "${key}", which ${attr.key}`, 'Use a documented condition key such as "request.headers[name]", "source.ip" or "destination.port".', 'value'); return; }
      checkValues(c, [...p, 'values'], cond.values, attr.value);
      checkValues(c, [...p, 'notValues'], cond.notValues, attr.value);
    });
    if (action === 'DENY' && ((hasFrom && !hasTo && !fromHttpOnly) || (hasTo && !toTcp))) {
      c.warn(at, 'denies with HTTP-only attributes, which denies all TCP traffic in scope', 'On TCP ports HTTP attributes never match, so the DENY applies to every connection: list the ports explicitly.');
    }
  });
}

export function checkRequestAuthentication(c: Checker, spec: JsonObject): void {
  checkWorkloadSelector(c, ['spec', 'selector'], spec.selector);
  checkTargetRefs(c, spec);
  arr(spec.jwtRules).forEach((r, i) => {
    const rule = obj(r);
    if (!rule) return;
    const at: Path = ['spec', 'jwtRules', i];
    const uri = str(rule.jwksUri) ?? str(rule.jwks_uri) ?? '';
    if ((str(rule.issuer) ?? '') === '' && uri === '') c.error(at, 'has neither an issuer nor a jwksUri', 'Give the issuer of the tokens (iss) and where to fetch its keys.');
    const jwks = str(rule.jwks);
    if (jwks !== undefined && jwks !== '') {
      let ok = false;
      try { const parsed = JSON.parse(jwks) as unknown; ok = typeof parsed === 'object' && parsed !== null; } catch { ok = false; }
      if (!ok) c.error([...at, 'jwks'], 'is not a JSON Web Key Set', 'Give the keys as a JSON object, e.g. {"keys": [...]}.', 'value');
      else {
        const keys = (JSON.parse(jwks) as { keys?: unknown }).keys;
        const list: unknown[] = Array.isArray(keys) ? keys : [JSON.parse(jwks) as unknown];
        list.forEach((k, ki) => {
          const key = k as Record<string, unknown>;
          if (key && typeof key === 'object' && (key.kty === 'oct' || 'd' in key)) c.warn([...at, 'jwks'], `holds private key material in key ${ki + 1}`, 'Token verification needs public keys only: remove private and symmetric keys from the set.', 'value');
        });
      }
    }
    checkDuration(c, [...at, 'timeout'], rule.timeout);
  });
}

export function checkPeerAuthentication(c: Checker, spec: JsonObject): void {
  // Port-level mTLS without a selector, an empty map and out-of-range ports are CEL rules of the CRD.
  checkWorkloadSelector(c, ['spec', 'selector'], spec.selector);
}
