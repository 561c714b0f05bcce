import type { JsonObject, Path } from '../../src/rule.js';
import {
  type Checker, arr, checkExportTo, checkLabels, entries, fqdnProblem, has, isHttpProtocol, isIp, isIpOrCidr, isLabel, isTcpProtocol, isTlsProtocol,
  nonEmpty, obj, protocolKnown, str, wildcardDomainProblem,
} from './check.js';

const UNIX = 'unix://';

/** An endpoint of a ServiceEntry of resolution STATIC or DNS, or a WorkloadEntry's spec (validateWorkloadEntry and the DNS case). */
function checkEndpoint(c: Checker, at: Path, we: JsonObject, servicePorts: Set<string> | undefined, mode: 'static' | 'dns' | 'entry'): void {
  const address = str(we.address) ?? '';
  if (mode !== 'dns' && address === '' && (str(we.network) ?? '') !== '') c.warn(at, `has no address, only the network "${we.network}"`, 'An endpoint without an address is reached through the network\'s gateway: make sure that is intended.');
  if (address.startsWith(UNIX)) {
    if (mode === 'dns') c.error([...at, 'address'], `is the Unix socket "${address}", which DNS resolution cannot resolve`, 'With resolution DNS give host names or IP addresses: use STATIC for Unix sockets.', 'value');
    else if (servicePorts && servicePorts.size !== 1) c.error([...at, 'address'], 'is a Unix socket while the ServiceEntry has other than one port', 'A Unix-socket endpoint serves exactly one service port.', 'value');
  } else if (address !== '' && !isIp(address)) {
    if (mode === 'static') c.error([...at, 'address'], `is "${address}", not an IP address`, 'With resolution STATIC, endpoints are IP addresses: use resolution DNS for host names.', 'value');
    else if (fqdnProblem(address)) c.error([...at, 'address'], `is "${address}", neither an IP address nor a DNS name`, 'Give the endpoint\'s IP address or host name.', 'value');
  }
  for (const [name] of entries(we.ports)) {
    if (servicePorts && !servicePorts.has(name)) c.error([...at, 'ports', name], `names the port "${name}", which the ServiceEntry does not define`, 'Endpoint ports map the names of spec.ports to the endpoint\'s port numbers.', 'key');
  }
  checkLabels(c, [...at, 'labels'], we.labels);
}

export function checkServiceEntry(c: Checker, spec: JsonObject): void {
  const hosts = arr(spec.hosts).filter((h): h is string => typeof h === 'string');
  const resolution = str(spec.resolution) ?? 'NONE';
  const selector = obj(spec.workloadSelector);
  if (selector && !nonEmpty(selector.labels)) c.warn(['spec', 'workloadSelector'], 'selects by no labels, so it selects every workload in the namespace', 'Give workloadSelector.labels, or drop it.');
  arr(spec.hosts).forEach((h, i) => {
    if (typeof h !== 'string' || h === '*') return; // "*" is a CEL rule of the CRD.
    const problem = wildcardDomainProblem(h);
    if (problem) c.error(['spec', 'hosts', i], `is "${h}", which ${problem}`, 'Use a fully qualified host, optionally with a leading "*." wildcard.', 'value');
    else if (resolution !== 'DYNAMIC_DNS' && h.includes('*') && !h.startsWith('*.')) c.warn(['spec', 'hosts', i], `is "${h}", a partial wildcard`, 'Only a whole leading label "*." is a wildcard: write "*.example.com".', 'value');
  });
  arr(spec.addresses).forEach((a, i) => {
    if (typeof a === 'string' && !isIpOrCidr(a)) c.error(['spec', 'addresses', i], `is "${a}", neither an IP address nor a CIDR block`, 'Give virtual IPs such as "240.0.0.1" or blocks such as "10.1.0.0/16".', 'value');
  });
  // CIDR addresses outside NONE/STATIC, NONE with endpoints, one endpoint for DNS_ROUND_ROBIN, duplicate port numbers: CEL rules of the CRD.
  const ports = arr(spec.ports).map(obj).filter((p): p is JsonObject => p !== undefined);
  const names = new Set<string>();
  arr(spec.ports).forEach((p, i) => {
    const port = obj(p);
    if (!port) return;
    const name = str(port.name);
    const at: Path = ['spec', 'ports', i];
    if (name !== undefined) {
      // A repeated name is a list-map key of the CRD schema.
      if (!names.has(name) && !isLabel(name)) c.error([...at, 'name'], `is "${name}", not a DNS-1123 label`, 'Port names are letters, digits and "-", starting and ending alphanumeric.', 'value');
      names.add(name);
    }
    const protocol = str(port.protocol) ?? '';
    if (protocol !== '' && !protocolKnown(protocol)) c.error([...at, 'protocol'], `is "${protocol}", not a protocol Istio knows`, 'Use HTTP, HTTPS, HTTP2, GRPC, TLS, TCP, MONGO, REDIS or MYSQL, or leave it empty to detect it.', 'value');
  });
  if (resolution === 'NONE') {
    if (selector) c.warn(['spec', 'workloadSelector'], 'is set while resolution is "NONE"', 'With resolution NONE the selected workloads are not used as endpoints: use STATIC.', 'key');
  } else if (resolution === 'STATIC') {
    arr(spec.endpoints).forEach((e, i) => { const ep = obj(e); if (ep) checkEndpoint(c, ['spec', 'endpoints', i], ep, names, 'static'); });
  } else if (resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') {
    if (!nonEmpty(spec.endpoints)) {
      const i = hosts.findIndex((h) => fqdnProblem(h) !== undefined);
      if (i >= 0) c.error(['spec', 'hosts', i], `is "${hosts[i]}", which DNS resolution cannot look up without endpoints`, 'Give fully qualified hosts, or endpoints to resolve instead.', 'value');
    }
    arr(spec.endpoints).forEach((e, i) => { const ep = obj(e); if (ep) checkEndpoint(c, ['spec', 'endpoints', i], ep, names, 'dns'); });
    if (nonEmpty(spec.addresses) && hosts.length > 1 && ports.some((p) => isTcpProtocol(str(p.protocol) ?? ''))) {
      c.warn(['spec', 'hosts'], 'lists several hosts together with addresses and a TCP port', 'TCP traffic is told apart by address and port only: use one host per ServiceEntry.');
    }
  } else if (resolution === 'DYNAMIC_DNS') {
    arr(spec.hosts).forEach((h, i) => { if (typeof h === 'string' && !h.startsWith('*')) c.error(['spec', 'hosts', i], `is "${h}", not a wildcard host as resolution "DYNAMIC_DNS" needs`, 'DYNAMIC_DNS resolves the hosts a wildcard matches: write "*.example.com".', 'value'); });
    if (nonEmpty(spec.addresses)) c.error(['spec', 'addresses'], 'is set while resolution is "DYNAMIC_DNS"', 'DYNAMIC_DNS routes by host name: drop the addresses.', 'key');
    if (nonEmpty(spec.endpoints)) c.error(['spec', 'endpoints'], 'is set while resolution is "DYNAMIC_DNS"', 'DYNAMIC_DNS finds the destination from the host name: drop the endpoints.', 'key');
    ports.forEach((p, i) => {
      const protocol = (str(p.protocol) ?? '').toUpperCase();
      if (!['HTTP', 'TLS', 'GRPC', 'HTTP2'].includes(protocol)) c.error(['spec', 'ports', i, ...(has(p, 'protocol') ? ['protocol'] : [])], `has protocol "${str(p.protocol) ?? ''}", which resolution "DYNAMIC_DNS" does not support`, 'With DYNAMIC_DNS use HTTP, HTTP2, GRPC or TLS ports.');
    });
    const location = str(spec.location) ?? 'MESH_EXTERNAL';
    if (location !== 'MESH_EXTERNAL' && location !== 'MESH_INTERNAL') c.error(['spec', 'location'], `is "${location}", which resolution "DYNAMIC_DNS" does not support`, 'Use MESH_EXTERNAL or MESH_INTERNAL.', 'value');
  }
  if (resolution !== 'NONE' && hosts.length > 1) {
    const i = ports.findIndex((p) => { const pr = str(p.protocol) ?? ''; return !isHttpProtocol(pr) && !isTlsProtocol(pr); });
    if (i >= 0) c.error(['spec', 'ports', i], 'is neither HTTP nor TLS in a ServiceEntry with several hosts and a resolution', 'Traffic on other protocols cannot tell the hosts apart: use one host per ServiceEntry, or resolution NONE.');
  }
  checkExportTo(c, ['spec', 'exportTo'], spec.exportTo, { serviceEntry: true });
}

export function checkWorkloadEntry(c: Checker, spec: JsonObject): void {
  // A missing address and network, Unix socket paths and ports, port names and numbers: CEL rules of the CRD.
  checkEndpoint(c, ['spec'], spec, undefined, 'entry');
}

export function checkWorkloadGroup(c: Checker, spec: JsonObject): void {
  checkLabels(c, ['spec', 'metadata', 'labels'], obj(spec.metadata)?.labels);
  // Istio does not validate the template's address: each WorkloadEntry made from it is validated.
  const probe = obj(spec.probe);
  if (!probe) return;
  // Negative timings and thresholds: the CRD's minimum of 0.
  if (!['httpGet', 'tcpSocket', 'exec', 'grpc'].some((k) => has(probe, k))) c.error(['spec', 'probe'], 'has no httpGet, tcpSocket, exec or grpc check', 'Give the probe one health check method.');
}
