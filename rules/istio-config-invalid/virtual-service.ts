import type { JsonObject, Path } from '../../src/rule.js';
import { type Checker, arr, checkExportTo, checkLabels, deletion, isIp, isIpOrCidr, isPort, nonEmpty, num, obj, wildcardDomainProblem } from './check.js';
import { checkGatewayNames, checkHttpRoute, checkWeights } from './http-route.js';

function hostsMatch(a: string, b: string): boolean {
  const covers = (w: string, h: string) => w === h || w === '*' || (w.startsWith('*') && h.endsWith(w.slice(1)));
  return covers(a, b) || covers(b, a);
}

/** Whether every name `a` matches is matched by `b` (host.Name.SubsetOf). */
function subsetOf(a: string, b: string): boolean {
  if (b.startsWith('*')) return a.startsWith('*') ? a.slice(1).endsWith(b.slice(1)) : a.endsWith(b.slice(1));
  return a === b;
}

export function checkVirtualService(c: Checker, spec: JsonObject): void {
  const hosts = arr(spec.hosts);
  const gateways = arr(spec.gateways).filter((g): g is string => typeof g === 'string');
  const delegate = hosts.length === 0;
  if (delegate) {
    for (const key of ['gateways', 'tls', 'tcp']) if (nonEmpty(spec[key])) c.error(['spec', key], `is set on a delegate VirtualService (one without hosts)`, 'A delegate VirtualService takes HTTP routes only: move gateways, TLS and TCP routes to the root.', 'key');
  }
  checkGatewayNames(c, ['spec', 'gateways'], spec.gateways);
  const appliesToGateway = gateways.length > 0 && !gateways.includes('mesh');
  const appliesToMesh = gateways.length === 0 || !appliesToGateway;
  const sni = nonEmpty(spec.tls);
  let allValid = true;
  hosts.forEach((h, i) => {
    if (typeof h !== 'string') return;
    let problem = sni && appliesToGateway && h.startsWith('outbound_') ? undefined : wildcardDomainProblem(h);
    if (problem && isIp(h)) problem = undefined;
    if (problem) {
      allValid = false;
      c.error(['spec', 'hosts', i], `is "${h}", which ${problem}`, 'Use a service name, a fully qualified host or an IP, optionally with a leading "*." wildcard.', 'value');
    } else if (appliesToMesh && h === '*') {
      allValid = false;
      c.error(['spec', 'hosts', i], 'is "*" in a VirtualService that applies to the sidecars', 'The host "*" is allowed only when the VirtualService is bound to gateways other than "mesh".', 'value');
    }
  });
  if (allValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        const [a, b] = [hosts[i], hosts[j]];
        // A host that an earlier one already covers goes without changing what the VirtualService applies to.
        if (typeof a === 'string' && typeof b === 'string' && hostsMatch(a, b)) c.error(['spec', 'hosts', j], `is "${b}", which overlaps the host "${a}"`, 'List each host once: a wildcard already covers the hosts below it.', 'value', subsetOf(b, a) ? deletion(['spec', 'hosts', j], `"${b}"`) : undefined);
      }
    }
  }
  if (!nonEmpty(spec.http) && !nonEmpty(spec.tcp) && !nonEmpty(spec.tls)) c.error(['spec'], 'has no http, tcp or tls routes', 'A VirtualService routes traffic: add at least one route.');
  arr(spec.http).forEach((r, i) => { const route = obj(r); if (route) checkHttpRoute(c, ['spec', 'http', i], route, delegate, appliesToGateway); });
  arr(spec.tls).forEach((r, i) => {
    const route = obj(r);
    if (!route) return;
    arr(route.match).forEach((m, mi) => {
      const match = obj(m);
      if (!match) return;
      const at: Path = ['spec', 'tls', i, 'match', mi];
      arr(match.sniHosts).forEach((s, si) => {
        if (typeof s !== 'string') return;
        const problem = appliesToGateway && s.startsWith('outbound_') ? undefined : wildcardDomainProblem(s);
        if (problem && isIp(s)) { c.warn([...at, 'sniHosts', si], `is the IP address "${s}"`, 'SNI carries host names: most clients never send an IP address in it.', 'value'); return; }
        if (problem) { c.error([...at, 'sniHosts', si], `is "${s}", which ${problem}`, 'Give SNI names as DNS names, optionally with a leading "*." wildcard.', 'value'); return; }
        if (!hosts.some((h) => typeof h === 'string' && subsetOf(s, h))) {
          c.error([...at, 'sniHosts', si], `is "${s}", which none of the VirtualService's hosts covers`, 'Each SNI host must be one of spec.hosts or fall under one of its wildcards.', 'value');
        }
      });
      checkL4Match(c, at, match);
    });
    if (!nonEmpty(route.route)) c.error(['spec', 'tls', i], 'has no route', 'Give the TLS route at least one destination.');
    checkWeights(c, ['spec', 'tls', i, 'route'], arr(route.route), false, false);
  });
  arr(spec.tcp).forEach((r, i) => {
    const route = obj(r);
    if (!route) return;
    arr(route.match).forEach((m, mi) => { const match = obj(m); if (match) checkL4Match(c, ['spec', 'tcp', i, 'match', mi], match); });
    if (!nonEmpty(route.route)) c.error(['spec', 'tcp', i], 'has no route', 'Give the TCP route at least one destination.');
    checkWeights(c, ['spec', 'tcp', i, 'route'], arr(route.route), false, false);
  });
  checkExportTo(c, ['spec', 'exportTo'], spec.exportTo);
}

function checkL4Match(c: Checker, at: Path, match: JsonObject): void {
  arr(match.destinationSubnets).forEach((s, i) => {
    if (typeof s === 'string' && !isIpOrCidr(s)) c.error([...at, 'destinationSubnets', i], `is "${s}", neither an IP address nor a CIDR block`, 'Write an address such as "10.0.0.1" or a block such as "10.0.0.0/16".', 'value');
  });
  const port = num(match.port);
  if (port !== undefined && port !== 0 && !isPort(port)) c.error([...at, 'port'], `is ${port}, outside 1..65535`, 'Give the port the traffic is addressed to.', 'value');
  checkLabels(c, [...at, 'sourceLabels'], match.sourceLabels);
  checkGatewayNames(c, [...at, 'gateways'], match.gateways);
}
