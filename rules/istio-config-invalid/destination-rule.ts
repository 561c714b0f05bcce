import type { Json, JsonObject, Path } from '../../src/rule.js';
import {
  type Checker, arr, checkDuration, checkExportTo, checkLabels, entries, fqdnProblem, has, isIp, isLabel, isPort, nonEmpty, num, obj, str, wildcardDomainProblem, wrapped,
} from './check.js';

const TOPOLOGY = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone']);
const POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];
const PORT_POLICY_FIELDS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'];

function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  for (let f = 3; f * f <= x; f += 2) if (x % f === 0) return false;
  return true;
}

function checkOutlier(c: Checker, at: Path, v: Json | undefined): void {
  const o = obj(v);
  if (!o) return;
  checkDuration(c, [...at, 'baseEjectionTime'], o.baseEjectionTime);
  checkDuration(c, [...at, 'interval'], o.interval);
  if ((num(o.consecutiveErrors) ?? 0) !== 0) c.warn([...at, 'consecutiveErrors'], 'uses the deprecated field "consecutiveErrors"', 'Use consecutiveGatewayErrors or consecutive5xxErrors instead.', 'key');
  if (o.splitExternalLocalOriginErrors !== true && (wrapped(o.consecutiveLocalOriginFailures) ?? 0) > 0) {
    c.error([...at, 'consecutiveLocalOriginFailures'], 'is set while splitExternalLocalOriginErrors is false', 'Local-origin failures are counted apart only with splitExternalLocalOriginErrors: true.', 'key');
  }
  for (const key of ['maxEjectionPercent', 'minHealthPercent']) {
    const p = num(o[key]);
    if (p !== undefined && (p < 0 || p > 100)) c.error([...at, key], `is ${p}, outside 0..100`, 'A percentage of the hosts is between 0 and 100.', 'value');
  }
}

function checkConnectionPool(c: Checker, at: Path, v: Json | undefined): void {
  const pool = obj(v);
  if (!pool) return;
  if (!has(pool, 'http') && !has(pool, 'tcp')) { c.error(at, 'sets neither "http" nor "tcp"', 'Give connectionPool.http or connectionPool.tcp settings, or drop it.'); return; }
  const negative = (p: Path, o: JsonObject, keys: string[]) => {
    for (const key of keys) {
      const n = num(o[key]);
      if (n !== undefined && n < 0) c.error([...p, key], `is ${n}, a negative limit`, 'Limits are 0 (the default) or more.', 'value');
    }
  };
  const http = obj(pool.http);
  if (http) {
    negative([...at, 'http'], http, ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'maxConcurrentStreams']);
    checkDuration(c, [...at, 'http', 'idleTimeout'], http.idleTimeout);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) c.error([...at, 'http', 'useClientProtocol'], 'is true while h2UpgradePolicy is "UPGRADE"', 'Either upgrade connections to HTTP/2 or keep the client\'s protocol, not both.', 'key');
    const ka = obj(http.http2KeepAlive);
    if (ka) {
      for (const key of ['interval', 'timeout']) {
        if (!has(ka, key)) c.error([...at, 'http', 'http2KeepAlive'], `has no "${key}"`, 'HTTP/2 keepalive needs both interval and timeout.');
        else checkDuration(c, [...at, 'http', 'http2KeepAlive', key], ka[key]);
      }
    }
  }
  const tcp = obj(pool.tcp);
  if (tcp) {
    negative([...at, 'tcp'], tcp, ['maxConnections']);
    checkDuration(c, [...at, 'tcp', 'connectTimeout'], tcp.connectTimeout);
    checkDuration(c, [...at, 'tcp', 'maxConnectionDuration'], tcp.maxConnectionDuration);
    checkDuration(c, [...at, 'tcp', 'idleTimeout'], tcp.idleTimeout);
    const ka = obj(tcp.tcpKeepalive);
    if (ka) { checkDuration(c, [...at, 'tcp', 'tcpKeepalive', 'time'], ka.time); checkDuration(c, [...at, 'tcp', 'tcpKeepalive', 'interval'], ka.interval); }
  }
}

function localityProblem(l: string): string | undefined {
  const stars = (l.match(/\*/g) ?? []).length;
  if (stars > 1 || (stars === 1 && !l.endsWith('*'))) return 'has a "*" that is not its single last character';
  if (l.split('/', 3).some((p) => p === '')) return 'has an empty region, zone or subzone';
  return undefined;
}

function checkLocality(c: Checker, at: Path, v: Json | undefined, outlier: boolean, zoneAware: boolean): void {
  const lb = obj(v);
  if (!lb) return;
  const failover = arr(lb.failover);
  const priority = arr(lb.failoverPriority);
  if (!zoneAware && nonEmpty(lb.distribute) && failover.length > 0) { c.error([...at, 'failover'], 'is set together with "distribute"', 'Locality load balancing takes either distribute or failover.', 'key'); return; }
  priority.forEach((p, i) => {
    if (typeof p !== 'string' || !TOPOLOGY.has(p)) return;
    if (zoneAware) c.error([...at, 'failoverPriority', i], `is the topology label "${p}"`, 'Zone-aware load balancing handles region and zone itself: list other labels only.', 'value');
    else if (failover.length > 0) c.error([...at, 'failoverPriority', i], `is the topology label "${p}" while failover is set`, 'With failover, failoverPriority may list only labels other than region, zone and subzone.', 'value');
  });
  if (!zoneAware) {
    arr(lb.distribute).forEach((d, i) => {
      const dist = obj(d);
      if (!dist) return;
      let total = 0;
      for (const [loc, w] of entries(dist.to)) {
        const weight = num(w) ?? 0;
        if (weight <= 0 || weight > 100) { c.error([...at, 'distribute', i, 'to', loc], `has the weight ${weight}, outside 1..100`, 'Give each locality a weight from 1 to 100.', 'value'); return; }
        total += weight;
        const problem = localityProblem(loc);
        if (problem) c.error([...at, 'distribute', i, 'to', loc], `is the locality "${loc}", which ${problem}`, 'Write localities as "region/zone/subzone", with an optional trailing "*".', 'key');
      }
      if (total !== 100) c.error([...at, 'distribute', i, 'to'], `has weights that sum to ${total}, not 100`, 'The weights of one distribute entry are percentages and sum to 100.');
      const from = str(dist.from);
      const problem = from === undefined ? undefined : localityProblem(from);
      if (problem) c.error([...at, 'distribute', i, 'from'], `is the locality "${from}", which ${problem}`, 'Write localities as "region/zone/subzone", with an optional trailing "*".', 'value');
    });
  }
  if ((failover.length > 0 || priority.length > 0) && !outlier) c.warn(at, 'configures failover without outlier detection', 'Failover happens only for hosts that outlier detection ejects: add trafficPolicy.outlierDetection.');
  failover.forEach((f, i) => {
    const fo = obj(f);
    if (!fo) return;
    const from = str(fo.from) ?? '';
    const to = str(fo.to) ?? '';
    const p: Path = [...at, 'failover', i];
    if (from === to) c.error(p, `fails over from "${from}" to the same region`, 'Fail over to a different region.');
    else if (from.includes('/') || to.includes('/')) c.error(p, 'names a zone or subzone', 'Failover names regions only, e.g. from: us-east1, to: us-west1.');
    else if (from.includes('*') || to.includes('*')) c.error(p, 'names a region with "*"', 'Failover names regions without wildcards.');
  });
}

function checkLoadBalancer(c: Checker, at: Path, v: Json | undefined, outlier: boolean): void {
  const lb = obj(v);
  if (!lb) return;
  const ch = obj(lb.consistentHash);
  if (ch) {
    const cookie = obj(ch.httpCookie);
    if (cookie) {
      const names = new Set<string>();
      arr(cookie.attributes).forEach((a, i) => {
        const name = str(obj(a)?.name);
        if (name === undefined) return;
        if (name === '') c.error([...at, 'consistentHash', 'httpCookie', 'attributes', i, 'name'], 'is empty', 'Give each cookie attribute a name.', 'value');
        else if (names.has(name)) c.error([...at, 'consistentHash', 'httpCookie', 'attributes', i, 'name'], `repeats the cookie attribute "${name}"`, 'Give each cookie attribute once.', 'value');
        names.add(name);
      });
    }
    const ringSize = num(ch.minimumRingSize) ?? 0;
    if (ringSize !== 0) {
      // Without an algorithm Istio uses a ring hash with this size, which is what ringHash says.
      const fix = !has(ch, 'ringHash') && !has(ch, 'maglev') && ringSize > 0
        ? { description: `move it to ringHash.minimumRingSize`, edits: [{ at: [...at, 'consistentHash', 'minimumRingSize'], remove: true as const }, { at: [...at, 'consistentHash', 'ringHash', 'minimumRingSize'], set: ringSize }] } : undefined;
      c.warn([...at, 'consistentHash', 'minimumRingSize'], 'uses the deprecated field "minimumRingSize"', 'Use consistentHash.ringHash.minimumRingSize instead.', 'key', undefined, fix);
      if (has(ch, 'ringHash') || has(ch, 'maglev')) c.error([...at, 'consistentHash', 'minimumRingSize'], 'is set together with a ringHash or maglev algorithm', 'Set the ring size inside ringHash and drop the deprecated field.', 'key');
    }
    const maglev = obj(ch.maglev);
    if (maglev) {
      const size = num(maglev.tableSize) ?? 0;
      const p: Path = [...at, 'consistentHash', 'maglev', ...(has(maglev, 'tableSize') ? ['tableSize'] : [])];
      if (size === 0) c.error(p, 'has no tableSize', 'Maglev needs a prime tableSize below 5000011, e.g. 65537.');
      else if (size >= 5000011) c.error(p, `is ${size}, not below 5000011`, 'Maglev needs a prime tableSize below 5000011, e.g. 65537.', 'value');
      else if (!isPrime(size)) c.error(p, `is ${size}, not a prime number`, 'Maglev needs a prime tableSize below 5000011, e.g. 65537.', 'value');
    }
  }
  if (has(lb, 'localityLbSetting') && has(lb, 'zoneAwareLbSetting')) c.error([...at, 'zoneAwareLbSetting'], 'is set together with "localityLbSetting"', 'Choose locality or zone-aware load balancing, not both.', 'key');
  checkLocality(c, [...at, 'localityLbSetting'], lb.localityLbSetting, outlier, false);
  checkLocality(c, [...at, 'zoneAwareLbSetting'], lb.zoneAwareLbSetting, outlier, true);
  const warm = obj(lb.warmup);
  if (warm) {
    checkDuration(c, [...at, 'warmup', 'duration'], warm.duration);
    const aggression = wrapped(warm.aggression);
    // Below 0 is the CRD's minimum; the webhook also refuses 0.
    if (aggression === 0) c.error([...at, 'warmup', 'aggression'], 'is 0, not above 0', 'Aggression is a positive number, 1 for a linear ramp.', 'value');
  }
  checkDuration(c, [...at, 'warmupDurationSecs'], lb.warmupDurationSecs);
}

/** Client TLS of a DestinationRule (agent.ValidateTLS). */
export function checkClientTls(c: Checker, at: Path, v: Json | undefined): void {
  const tls = obj(v);
  if (!tls) return;
  const mode = str(tls.mode) ?? 'DISABLE';
  const set = (k: string) => (str(tls[k]) ?? '') !== '';
  const credential = str(tls.credentialName) ?? '';
  if (credential.startsWith('configmap://')) {
    const rest = credential.slice('configmap://'.length);
    const parts = rest.split('/');
    const ns = parts.length === 2 ? parts[0] : c.resource.namespace;
    if (parts.length > 2 || rest === '' || parts.some((p) => p === '')) c.error([...at, 'credentialName'], `is "${credential}", not "configmap://name" or "configmap://namespace/name"`, 'Name a ConfigMap of this namespace.', 'value');
    else if (ns !== c.resource.namespace) c.error([...at, 'credentialName'], `is "${credential}", a ConfigMap in another namespace`, 'A configmap:// credential must be in the DestinationRule\'s own namespace.', 'value');
  }
  const skip = tls.insecureSkipVerify === true || obj(tls.insecureSkipVerify)?.value === true;
  if (skip && mode === 'SIMPLE' && (set('caCertificates') || credential !== '' || nonEmpty(tls.subjectAltNames))) {
    c.error([...at, 'insecureSkipVerify'], 'is true while a CA, credentialName or subjectAltNames is given', 'Skipping verification ignores the CA and names: drop one or the other.', 'key');
  }
  if (skip && mode === 'MUTUAL' && (set('caCertificates') || nonEmpty(tls.subjectAltNames))) {
    c.error([...at, 'insecureSkipVerify'], 'is true while a CA or subjectAltNames is given', 'Skipping verification ignores the CA and names: drop one or the other.', 'key');
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && credential !== '') {
    const extra = ['clientCertificate', 'caCertificates', 'privateKey', 'caCrl'].find(set);
    if (extra) c.error([...at, extra], 'is set together with "credentialName"', 'With credentialName, the certificates come from the Secret: drop the file paths.', 'key');
    return;
  }
  if (mode === 'MUTUAL') {
    const missing = ['clientCertificate', 'privateKey'].filter((k) => !set(k));
    if (missing.length > 0) c.error(at, `has mode "MUTUAL" but no ${missing.map((k) => `"${k}"`).join(' or ')}`, 'Mutual TLS needs the client certificate and key, or a credentialName.');
  }
}

function checkPolicy(c: Checker, at: Path, v: Json | undefined, portLevel: boolean): void {
  const tp = obj(v);
  if (!tp) return;
  const fields = portLevel ? PORT_POLICY_FIELDS : POLICY_FIELDS;
  if (!fields.some((f) => has(tp, f))) { c.error(at, `sets none of ${portLevel ? 'the port policy fields' : 'the traffic policy fields'}`, 'An empty policy changes nothing: give settings or drop it.'); return; }
  if (!portLevel && has(tp, 'tunnel') && has(tp, 'proxyProtocol')) { c.error([...at, 'proxyProtocol'], 'is set together with "tunnel"', 'Use a tunnel or the PROXY protocol, not both.', 'key'); return; }
  const outlier = has(tp, 'outlierDetection');
  checkOutlier(c, [...at, 'outlierDetection'], tp.outlierDetection);
  checkConnectionPool(c, [...at, 'connectionPool'], tp.connectionPool);
  checkLoadBalancer(c, [...at, 'loadBalancer'], tp.loadBalancer, outlier);
  checkClientTls(c, [...at, 'tls'], tp.tls);
  if (portLevel) return;
  arr(tp.portLevelSettings).forEach((p, i) => {
    const pl = obj(p);
    if (!pl) return;
    if (!has(pl, 'port')) c.error([...at, 'portLevelSettings', i], 'has no "port"', 'Give the port the settings apply to.');
    checkPolicy(c, [...at, 'portLevelSettings', i], pl, true);
  });
  const tunnel = obj(tp.tunnel);
  if (tunnel) {
    const host = str(tunnel.targetHost) ?? '';
    if (fqdnProblem(host) && !isIp(host)) c.error([...at, 'tunnel', 'targetHost'], `is "${host}", neither a DNS name nor an IP address`, 'Give the host of the tunnel proxy.', 'value');
    const port = num(tunnel.targetPort) ?? 0;
    if (!isPort(port)) c.error([...at, 'tunnel', ...(has(tunnel, 'targetPort') ? ['targetPort'] : [])], `has the target port ${port}, outside 1..65535`, 'Give the port of the tunnel proxy.');
  }
}

export function checkDestinationRule(c: Checker, spec: JsonObject): void {
  const host = str(spec.host);
  if (host !== undefined) {
    const problem = wildcardDomainProblem(host);
    if (problem) c.error(['spec', 'host'], `is "${host}", which ${problem}`, 'Use a service name or fully qualified host, optionally with a leading "*." wildcard.', 'value');
  }
  checkPolicy(c, ['spec', 'trafficPolicy'], spec.trafficPolicy, false);
  const names = new Set<string>();
  arr(spec.subsets).forEach((s, i) => {
    const subset = obj(s);
    if (!subset) return;
    const name = str(subset.name);
    if (name !== undefined) {
      if (names.has(name)) c.error(['spec', 'subsets', i, 'name'], `repeats the subset name "${name}"`, 'Give each subset a distinct name.', 'value');
      else if (!isLabel(name)) c.error(['spec', 'subsets', i, 'name'], `is "${name}", not a DNS-1123 label`, 'Subset names are letters, digits and "-", starting and ending alphanumeric.', 'value');
      names.add(name);
    }
    checkLabels(c, ['spec', 'subsets', i, 'labels'], subset.labels);
    checkPolicy(c, ['spec', 'subsets', i, 'trafficPolicy'], subset.trafficPolicy, false);
  });
  const selector = obj(spec.workloadSelector);
  checkExportTo(c, ['spec', 'exportTo'], spec.exportTo, selector ? { selectorNamespace: c.resource.namespace ?? '' } : {});
  if (selector && !nonEmpty(selector.matchLabels)) c.warn(['spec', 'workloadSelector'], 'selects by no labels', 'A selector without labels selects every workload in the namespace: add matchLabels or drop the selector.');
}
