// The value checks of Istio's injector (istio/istio pkg/kube/inject/validate.go), keyed by the
// name of the Go function the catalogue records for each annotation. Each returns what is wrong
// with the value, in words that complete "…: ", or undefined when Istio accepts it.
import { net } from '../../src/builtins.js';
import { proxyConfigProblem, shown } from './proxy-config.js';

export interface Validator {
  check(value: string): string | undefined;
  /** What Istio accepts, for the hint. */
  readonly expects: string;
}

/** Go's strconv.ParseUint(text, 10, bits): decimal digits only, no sign, within range. */
const parseUint = (text: string, bits: number) => /^[0-9]+$/.test(text) && BigInt(text) < 2n ** BigInt(bits);

/** Go's netip.ParsePrefix: an address (no zone), `/`, and a prefix length without sign or leading zero. */
function isPrefix(text: string): boolean {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return false;
  const [address, bits] = [text.slice(0, slash), text.slice(slash + 1)];
  const family = address.includes('%') ? 0 : net().isIP(address);
  if (family === 0 || !/^(?:0|[1-9][0-9]*)$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

function cidrList(value: string): string | undefined {
  if (value === '') return undefined;
  const bad = value.split(',').find((part) => !isPrefix(part));
  return bad === undefined ? undefined : bad === '' ? 'the list has an empty entry' : `"${shown(bad)}" is not a CIDR range`;
}

function portList(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const bad = trimmed.split(',').find((part) => !parseUint(part.trim(), 16));
  return bad === undefined ? undefined : bad.trim() === '' ? 'the list has an empty entry' : `"${shown(bad.trim())}" is not a port number`;
}

const INTERFACE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
function interfaceList(value: string): string | undefined {
  if (value === '') return undefined;
  for (const part of value.split(',').map((p) => p.trim())) {
    if (part === '') return 'the list has an empty entry';
    if (part.length > 15) return `"${shown(part)}" has more than 15 characters`;
    if (!INTERFACE.test(part)) return `"${shown(part)}" is not an interface name`;
  }
  return undefined;
}

/** Kubernetes resource.ParseQuantity: a signed decimal number, then an SI or binary suffix or an exponent. */
const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$/;
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

const CIDRS = 'CIDR ranges separated by commas and no spaces, such as "10.0.0.0/8,172.16.0.0/12" (one address is 10.1.2.3/32)';
const PORTS = 'port numbers separated by commas, such as "8080,9090"';

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  validateInterceptionMode: {
    check: (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `"${shown(v)}" is not REDIRECT, TPROXY or NONE`),
    expects: 'REDIRECT, TPROXY or NONE, in capitals',
  },
  validateStatusPort: {
    check: (v) => (parseUint(v.trim(), 16) ? undefined : `"${shown(v)}" is not a port number`),
    expects: 'a port number from 0 to 65535',
  },
  validateUInt32: {
    check: (v) => (parseUint(v, 32) ? undefined : `"${shown(v)}" is not a whole number from 0 to 4294967295`),
    expects: 'a whole number written with digits only, such as "10"',
  },
  ValidateIncludeIPRanges: { check: (v) => (v === '*' ? undefined : cidrList(v)), expects: `"*" or ${CIDRS}` },
  ValidateExcludeIPRanges: { check: cidrList, expects: CIDRS },
  ValidateIncludeInboundPorts: { check: (v) => (v === '*' ? undefined : portList(v)), expects: `"*" or ${PORTS}` },
  ValidateExcludeInboundPorts: { check: portList, expects: PORTS },
  ValidateExcludeOutboundPorts: { check: portList, expects: PORTS },
  ValidateExcludeInterfaces: {
    check: interfaceList,
    expects: 'interface names separated by commas, such as "net1,net2", each starting with a letter and at most 15 characters long',
  },
  validateBool: { check: (v) => (GO_BOOLS.has(v) ? undefined : `"${shown(v)}" is not a boolean`), expects: '"true" or "false"' },
  validateProxyConfig: {
    check: proxyConfigProblem,
    expects: 'ProxyConfig fields in YAML or JSON, which Istio merges onto the mesh\'s default ProxyConfig and then validates',
  },
  validateResourceQuantity: {
    check: (v) => (/[\u0000-\u001f\u007f-\u009f]/.test(v) ? 'it has control characters' : QUANTITY.test(v) ? undefined : `"${shown(v)}" is not a Kubernetes quantity`),
    expects: 'a Kubernetes quantity such as "100m" (CPU) or "128Mi" (memory)',
  },
};
