import type { Json, JsonObject, Path } from '../../src/rule.js';
import { type Checker, arr, deletion, has, isHttpProtocol, isIp, isLabel, isPort, isTlsProtocol, nonEmpty, num, obj, protocolKnown, str, wildcardDomainProblem } from './check.js';

const CIPHERS = new Set(['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA']);
// Envoy's cipher expressions ("-X", "+X", "[A|B]") are passed through; only plain names are checked.
const cipherKnown = (cs: string) => cs === '' || cs === 'ALL' || !/^[\p{L}\p{N}]/u.test(cs) || CIPHERS.has(cs);
const UNIX = 'unix://';

/** A Gateway server host: `namespace/dnsName` or `dnsName`, an IP allowed (ValidateNamespaceSlashWildcardHostname for gateways). */
function hostProblem(host: string): string | undefined {
  const slash = host.indexOf('/');
  let name = host;
  if (slash >= 0) {
    const ns = host.slice(0, slash);
    name = host.slice(slash + 1);
    if (ns === '' || name === '') return 'has an empty namespace or host part';
    if (ns !== '*' && ns !== '.' && !isLabel(ns)) return `has the invalid namespace part "${ns}"`;
  }
  if (name !== '*' && !name.includes('.')) return 'is a short name, not a fully qualified one';
  if (wildcardDomainProblem(name) && !isIp(name)) return wildcardDomainProblem(name);
  if (name.includes('*') && name.length !== 1 && !name.startsWith('*.')) return `has the partial wildcard "${name}"`;
  return undefined;
}

function checkServerTls(c: Checker, at: Path, tls: JsonObject): void {
  const mode = str(tls.mode) ?? 'PASSTHROUGH';
  const set = (k: string) => (str(tls[k]) ?? '') !== '';
  const min = str(tls.minProtocolVersion);
  if ((min === 'TLSV1_0' || min === 'TLSV1_1') && !nonEmpty(tls.cipherSuites)) {
    c.warn([...at, 'minProtocolVersion'], `is "${min}" without cipherSuites`, 'The default ciphers no longer include ones older TLS versions can use: list compatible cipherSuites.', 'value');
  }
  const seen = new Set<string>();
  arr(tls.cipherSuites).forEach((cs, i) => {
    if (typeof cs !== 'string') return;
    if (!cipherKnown(cs)) c.warn([...at, 'cipherSuites', i], `has the unknown cipher suite "${cs}", which is ignored`, 'Use cipher names Envoy knows, such as "ECDHE-RSA-AES128-GCM-SHA256".', 'value');
    else if (seen.has(cs)) c.warn([...at, 'cipherSuites', i], `repeats the cipher suite "${cs}"`, 'List each cipher once.', 'value', undefined, deletion([...at, 'cipherSuites', i], `the repeated "${cs}"`));
    seen.add(cs);
  });
  if (mode === 'ISTIO_MUTUAL') {
    for (const k of ['serverCertificate', 'privateKey', 'caCertificates', 'credentialName']) if (set(k)) c.error([...at, k], 'is set in mode "ISTIO_MUTUAL"', 'ISTIO_MUTUAL uses the workload certificates of the mesh: drop the certificate fields.', 'key');
    for (const k of ['tlsCertificates', 'credentialNames']) if (nonEmpty(tls[k])) c.error([...at, k], 'is set in mode "ISTIO_MUTUAL"', 'ISTIO_MUTUAL uses the workload certificates of the mesh: drop the certificate fields.', 'key');
    return;
  }
  const credential = set('credentialName') || nonEmpty(tls.credentialNames);
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') && (credential || ['caCrl', 'serverCertificate', 'privateKey', 'caCertificates'].some(set) || nonEmpty(tls.tlsCertificates))) {
    c.warn([...at, 'mode'], `is "${mode}", which ignores the certificates given`, 'A passthrough server does not terminate TLS: drop the certificate fields.', 'value');
  }
  // credentialName with credentialNames or tlsCertificates is a CEL rule of the CRD; files with a credential is not.
  if (set('serverCertificate') && set('privateKey') && (credential || nonEmpty(tls.tlsCertificates))) {
    c.error([...at, 'serverCertificate'], 'is set together with another certificate source', 'Give one of credentialName, credentialNames, serverCertificate with privateKey, or tlsCertificates.', 'key');
  }
  const terminates = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  if (terminates && credential) return;
  if (terminates) {
    const label = mode === 'SIMPLE' ? 'SIMPLE' : 'MUTUAL';
    if (mode !== 'SIMPLE' && !set('caCertificates')) c.error(at, `has mode "${mode}" but no caCertificates`, 'Mutual TLS verifies clients against a CA: give caCertificates or a credentialName whose Secret holds ca.crt.');
    const certs = nonEmpty(tls.tlsCertificates) ? arr(tls.tlsCertificates).map((x, i) => [[...at, 'tlsCertificates', i] as Path, obj(x) ?? {}] as const) : [[at, tls] as const];
    for (const [p, cert] of certs) {
      const missing = ['serverCertificate', 'privateKey'].filter((k) => (str(cert[k]) ?? '') === '');
      if (missing.length > 0) c.error(p, `has mode "${mode}" but no ${missing.join(' or ')}`, `A ${label} TLS server needs its certificate and key: give credentialName (a Secret) or both file paths.`);
    }
  }
  if (set('caCrl')) {
    if (set('credentialName')) c.error([...at, 'caCrl'], 'is set together with "credentialName"', 'Put the CRL into the credential Secret (ca.crl) instead.', 'key');
    if (mode === 'SIMPLE') c.error([...at, 'caCrl'], 'is set in mode "SIMPLE"', 'A CRL is used only to check client certificates, in MUTUAL modes.', 'key');
  }
}

function checkServer(c: Checker, at: Path, server: JsonObject): void {
  arr(server.hosts).forEach((h, i) => {
    if (typeof h !== 'string') return;
    const problem = hostProblem(h);
    if (problem) c.error([...at, 'hosts', i], `is "${h}", which ${problem}`, 'Write a server host as "namespace/dnsName" or "dnsName" with a fully qualified name, "*" or a leading "*." wildcard.', 'value');
  });
  if (has(server, 'hosts') && !nonEmpty(server.hosts)) c.error([...at, 'hosts'], 'is empty', 'Give the server at least one host, e.g. "*".');
  const port = obj(server.port);
  const bind = str(server.bind) ?? '';
  let portOk = port !== undefined;
  if (port) {
    const protocol = str(port.protocol) ?? '';
    if (!protocolKnown(protocol)) { portOk = false; c.error([...at, 'port', 'protocol'], `is "${protocol}", not a protocol Istio knows`, 'Use HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, TLS, TCP, MONGO, REDIS or MYSQL.', 'value'); }
    const number = num(port.number) ?? 0;
    if ((number > 0 || !bind.startsWith(UNIX)) && !isPort(number)) { portOk = false; c.error([...at, 'port', 'number'], `is ${number}, outside 1..65535`, 'Give the port the gateway listens on.', 'value'); }
    if ((num(port.targetPort) ?? 0) > 0) { portOk = false; c.error([...at, 'port', 'targetPort'], 'is set on a Gateway server, where it has no effect', 'Drop targetPort: the gateway listens on port.number.', 'key', deletion([...at, 'port', 'targetPort'], 'targetPort')); }
  }
  if (bind.startsWith(UNIX)) {
    const path = bind.slice(UNIX.length);
    if (path === '' || (!path.startsWith('@') && (!path.startsWith('/') || path.endsWith('/')))) c.error([...at, 'bind'], `is "${bind}", not an absolute socket path or abstract socket`, 'Write "unix:///path/to/socket" or "unix://@name".', 'value');
    if (port && (num(port.number) ?? 0) !== 0) c.error([...at, 'port', 'number'], 'is not 0 for a server bound to a Unix socket', 'Set the port number to 0 when binding to a Unix domain socket.', 'value');
  } else if (bind !== '' && !isIp(bind)) {
    c.error([...at, 'bind'], `is "${bind}", not an IP address`, 'Bind to an IP address, or to "unix://" and a socket path.', 'value');
  }
  const tls = obj(server.tls);
  if (tls) checkServerTls(c, [...at, 'tls'], tls);
  if (!portOk || !port) return;
  const protocol = str(port.protocol) ?? '';
  if (isTlsProtocol(protocol) && !has(server, 'tls')) c.error([...at, 'port', 'protocol'], `is "${protocol}" but the server has no tls settings`, 'An HTTPS or TLS server needs tls: a mode and, to terminate, a credential.', 'value');
  else if (!isTlsProtocol(protocol) && tls) {
    const passthrough = ['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(str(tls.mode) ?? 'PASSTHROUGH');
    const redirectOnly = passthrough && !['caCertificates', 'privateKey', 'serverCertificate'].some((k) => (str(tls[k]) ?? '') !== '');
    if (!isHttpProtocol(protocol)) c.error([...at, 'tls'], `is set on a server of protocol "${protocol}"`, 'TLS settings belong to HTTPS or TLS servers: change the protocol or drop tls.', 'key');
    else if (!redirectOnly) c.error([...at, 'tls'], `is set on a plain-text server of protocol "${protocol}"`, 'On an HTTP server only tls.httpsRedirect is allowed: make it HTTPS to terminate TLS.', 'key');
  }
}

export function checkGateway(c: Checker, spec: JsonObject): void {
  if (!isLabel(c.resource.name) && c.resource.name !== '') c.error(['metadata', 'name'], `is "${c.resource.name}", not a DNS-1123 label`, 'Gateway names may not contain dots: use letters, digits and "-".', 'value');
  const servers = arr(spec.servers);
  if (servers.length === 0) c.error(has(spec, 'servers') ? ['spec', 'servers'] : ['spec'], 'has no servers', 'Give the Gateway at least one server with a port and hosts.');
  const portNames = new Map<string, number>();
  servers.forEach((s: Json, i) => {
    const server = obj(s);
    if (!server) return;
    checkServer(c, ['spec', 'servers', i], server);
    const port = obj(server.port);
    if (!port) return;
    const name = str(port.name) ?? '';
    if (portNames.has(name)) c.error(['spec', 'servers', i, 'port', 'name'], `repeats the port name "${name}" of server ${portNames.get(name)! + 1}`, 'Give each server port a distinct name.', 'value');
    else portNames.set(name, i);
    // On other protocols than HTTP and TLS, tls itself is already an error.
    const tls = obj(server.tls);
    if (isTlsProtocol(str(port.protocol) ?? '') && tls?.httpsRedirect === true) {
      // Ignored here, so deleting it changes nothing, unless it is all of tls, which the server needs.
      const fix = Object.keys(tls).length > 1 ? deletion(['spec', 'servers', i, 'tls', 'httpsRedirect'], 'httpsRedirect') : undefined;
      c.warn(['spec', 'servers', i, 'tls', 'httpsRedirect'], `is set on a server of protocol "${str(port.protocol)}"`, 'Redirects to HTTPS happen only on HTTP servers: drop httpsRedirect here.', 'key', undefined, fix);
    }
  });
}
