// The check of proxy.istio.io/config (validateProxyConfig in istio/istio pkg/kube/inject/validate.go):
// Istio reads the value as YAML into mesh ProxyConfig with protojson, which ignores unknown fields
// but fails on a value of the wrong type, merges it onto the default ProxyConfig, and runs
// ValidateMeshConfigProxyConfig (pkg/config/validation/agent/validation.go) on the result.
import { net } from '../../src/builtins.js';
import { parseDocument } from 'yaml';
import { CATALOGUE, type ProxyConfigField } from '../../src/istio/annotations.js';
import { isDns1123Label } from '../../src/istio/hosts.js';
import { COMPOSE_OPTIONS } from '../../src/input/yaml11.js';
import { goDurationNs } from '../../src/k8s/duration.js';

const FIELDS = new Map<string, [string, ProxyConfigField]>();
for (const [json, field] of Object.entries(CATALOGUE.proxyConfig)) {
  FIELDS.set(json, [json, field]);
  FIELDS.set(field.proto, [json, field]);
}

/** A value for a message: quoted by the caller, cut short when long. */
export const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const WORDS: Record<string, string> = {
  string: 'a string', bool: 'true or false', int: 'a whole number', uint: 'a whole number of at least 0',
  number: 'a number', duration: 'a duration such as "5s"', message: 'a mapping', map: 'a mapping',
};

/** Whether protojson can read this value as this type (when unsure, it can). */
function fits(type: string, value: unknown): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    // A quoted "true" or "7" is left alone: whether protojson takes it is not worth a finding.
    case 'bool': return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'int': return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^-?[0-9]+$/.test(value));
    case 'uint': return (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (typeof value === 'string' && /^[0-9]+$/.test(value));
    case 'number': return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)));
    case 'duration': return typeof value === 'string' && goDurationNs(value) !== undefined;
    default: return isMapping(value);
  }
}

function typeProblem(key: string, field: ProxyConfigField, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (field.repeated) {
    if (!Array.isArray(value)) return `field "${key}" is not a list`;
    const bad = value.find((item) => item !== null && typeof field.type === 'string' && !fits(field.type, item));
    return bad === undefined ? undefined : `field "${key}" has an entry that is not ${WORDS[field.type as string]}`;
  }
  if (typeof field.type === 'object') {
    return (typeof value === 'string' && field.type.enum.includes(value)) || (typeof value === 'number' && Number.isInteger(value))
      ? undefined : `field "${key}" is not one of ${field.type.enum.join(', ')}`;
  }
  if (!fits(field.type, value)) return `field "${key}" is not ${WORDS[field.type]}`;
  if (field.type === 'map' && field.values) {
    const bad = Object.entries(value as Record<string, unknown>).find(([, v]) => v !== null && !fits(field.values!, v));
    if (bad) return `field "${key}.${shown(bad[0])}" is not ${WORDS[field.values]}`;
  }
  return undefined;
}

/** What ValidateProxyAddress finds wrong with `host:port`, if anything. */
export function addressProblem(address: string): string | undefined {
  let host: string;
  let port: string;
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    if (end < 0 || address[end + 1] !== ':') return 'is not host:port';
    [host, port] = [address.slice(1, end), address.slice(end + 2)];
  } else {
    const colon = address.lastIndexOf(':');
    if (colon < 0) return 'has no port';
    [host, port] = [address.slice(0, colon), address.slice(colon + 1)];
    if (host.includes(':')) return 'has too many colons';
  }
  if (!/^[+-]?[0-9]+$/.test(port)) return `has the port "${shown(port)}", which is not a number`;
  if (Number(port) < 1 || Number(port) > 65535) return `has the port ${Number(port)}, which is not from 1 to 65535`;
  const labels = host.split('.');
  const fqdn = host !== '' && host.length <= 255 && !/^[+-]?[0-9]+$/.test(labels.at(-1)!)
    && labels.every((label, i) => (i === labels.length - 1 && label === '' && i > 0) || isDns1123Label(label));
  return fqdn || net().isIP(host) !== 0 ? undefined : `has "${shown(host)}", which is neither a host name nor an IP address`;
}

/** What Istio finds wrong with a proxy.istio.io/config value, if anything. */
export function proxyConfigProblem(text: string): string | undefined {
  const doc = parseDocument(text, COMPOSE_OPTIONS);
  if (doc.errors.length > 0) return 'it is not valid YAML';
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) return undefined;
  if (!isMapping(data)) return 'it is not a mapping of ProxyConfig fields';
  const set = new Map<string, unknown>();
  for (const [key, value] of Object.entries(data)) {
    const known = FIELDS.get(key);
    if (!known) continue; // protojson skips unknown fields
    const problem = typeProblem(key, known[1], value);
    if (problem) return problem;
    if (value !== null) set.set(known[0], value);
  }
  return validation(set);
}

// ValidateMeshConfigProxyConfig, on the fields the annotation sets (the defaults pass it).
function validation(set: ReadonlyMap<string, unknown>): string | undefined {
  for (const field of ['configPath', 'binaryPath', 'serviceCluster', 'discoveryAddress']) {
    if (set.get(field) === '') return `${field} is empty`;
  }
  const drain = set.get('drainDuration');
  if (typeof drain === 'string') {
    const ns = Math.round(goDurationNs(drain)!);
    if (ns < 1e6 || ns % 1e6 !== 0) return `drainDuration "${shown(drain)}" is not a whole number of milliseconds of at least 1`;
    if (ns % 1e9 !== 0) return `drainDuration "${shown(drain)}" is not a whole number of seconds`;
  }
  for (const field of ['proxyAdminPort', 'statusPort']) {
    const port = set.get(field);
    if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return `${field} ${String(port)} is not from 1 to 65535`;
  }
  if (set.get('controlPlaneAuthPolicy') === 'INHERIT' || set.get('controlPlaneAuthPolicy') === 2) return 'controlPlaneAuthPolicy INHERIT is not NONE or MUTUAL_TLS';
  const addresses: [string, unknown][] = [
    ['discoveryAddress', set.get('discoveryAddress')],
    ['statsdUdpAddress', set.get('statsdUdpAddress') || undefined],
    ['envoyMetricsServiceAddress', set.get('envoyMetricsServiceAddress') || undefined],
  ];
  for (const service of ['envoyMetricsService', 'envoyAccessLogService']) {
    const value = set.get(service);
    if (isMapping(value) && value.address) addresses.push([`${service}.address`, value.address]);
  }
  const tracing = set.get('tracing');
  if (isMapping(tracing)) {
    for (const tracer of ['zipkin', 'datadog']) {
      const t = tracing[tracer];
      if (isMapping(t) && typeof t.address === 'string') addresses.push([`tracing.${tracer}.address`, t.address.replace('$(HOST_IP)', '127.0.0.1')]);
    }
    const lightstep = tracing.lightstep;
    if (isMapping(lightstep)) {
      if (!lightstep.accessToken) return 'tracing.lightstep has no accessToken';
      addresses.push(['tracing.lightstep.address', lightstep.address ?? '']);
    }
  }
  for (const [name, address] of addresses) {
    if (typeof address !== 'string') continue;
    const problem = address === '' ? 'is empty' : addressProblem(address);
    if (problem) return `${name} "${shown(address)}" ${problem}`;
  }
  return undefined;
}
