import type { JsonObject, Path } from '../../src/rule.js';
import { type Checker, arr, deletion, checkTargetRefs, checkWorkloadSelector, entries, has, nonEmpty, num, obj, regexProblem, str } from './check.js';

const LISTENER_CLASS = new Set(['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER', 'LISTENER_FILTER']);
const ROUTE_CLASS = new Set(['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE']);
const HCM = new Set(['envoy.filters.network.http_connection_manager', 'envoy.http_connection_manager']);

export function checkEnvoyFilter(c: Checker, spec: JsonObject): void {
  const selector = obj(spec.workloadSelector);
  if (selector && !nonEmpty(selector.labels)) c.warn(['spec', 'workloadSelector'], 'selects by no labels, so it applies to every workload in the namespace', 'Give workloadSelector.labels, or drop it.');
  arr(spec.configPatches).forEach((p, i) => {
    const cp = obj(p);
    const at: Path = ['spec', 'configPatches', i];
    if (!cp) return;
    const match = obj(cp.match);
    // Istio checks no more of a waypoint patch; the waypoint match itself is a CEL rule of the CRD.
    if (str(match?.context) === 'WAYPOINT') return;
    const applyTo = str(cp.applyTo) ?? 'INVALID';
    if (applyTo === 'INVALID') { c.error(at, 'has no applyTo', 'Say which Envoy object the patch changes, e.g. applyTo: HTTP_FILTER.'); return; }
    const patch = obj(cp.patch);
    if (!patch) { c.error(at, 'has no patch', 'Give the patch operation and value.'); return; }
    const op = str(patch.operation) ?? 'INVALID';
    if (op === 'INVALID') { c.error([...at, 'patch'], 'has no operation', 'Give the patch an operation such as MERGE, ADD or INSERT_BEFORE.'); return; }
    if (op !== 'REMOVE' && !has(patch, 'value')) { c.error([...at, 'patch'], `has operation "${op}" but no value`, 'Every operation but REMOVE needs a value to apply.'); return; }
    const version = str(obj(match?.proxy)?.proxyVersion);
    if (version) {
      if (version.length > 1024) c.warn([...at, 'match', 'proxy', 'proxyVersion'], 'is longer than 1024 characters, so it is ignored', 'Shorten the proxy version regex.', 'value');
      else {
        const problem = regexProblem(version);
        if (problem) { c.error([...at, 'match', 'proxy', 'proxyVersion'], problem, 'The proxy version is matched with an RE2 regex such as "^1\\\\.2[0-9].*".', 'value'); return; }
      }
    }
    if (!match) return;
    const typed = ['listener', 'routeConfiguration', 'cluster'].find((k) => has(match, k));
    if (LISTENER_CLASS.has(applyTo) && applyTo !== 'LISTENER_FILTER' && typed && typed !== 'listener') {
      c.error([...at, 'match', typed], `matches a ${typed} while applyTo is "${applyTo}"`, 'Patches of listeners, filter chains and filters match with match.listener.', 'key');
      return;
    }
    if (ROUTE_CLASS.has(applyTo) && typed && typed !== 'routeConfiguration') c.error([...at, 'match', typed], `matches a ${typed} while applyTo is "${applyTo}"`, 'Patches of routes and virtual hosts match with match.routeConfiguration.', 'key');
    if (applyTo === 'CLUSTER' && typed && typed !== 'cluster') c.error([...at, 'match', typed], `matches a ${typed} while applyTo is "CLUSTER"`, 'Patches of clusters match with match.cluster.', 'key');
    const filter = obj(obj(obj(match.listener)?.filterChain)?.filter);
    if (filter && typed === 'listener' && LISTENER_CLASS.has(applyTo) && applyTo !== 'LISTENER_FILTER') {
      const fat: Path = [...at, 'match', 'listener', 'filterChain', 'filter'];
      if (applyTo === 'LISTENER' || applyTo === 'FILTER_CHAIN') c.warn(fat, `has no effect with applyTo "${applyTo}"`, 'A filter match narrows only filter patches: drop it or patch a filter.', 'key');
      const name = str(filter.name) ?? '';
      if (name === '') { c.error(fat, 'has no name to match', 'Give the filter name, e.g. "envoy.filters.network.http_connection_manager".'); return; }
      const sub = obj(filter.subFilter);
      if (sub) {
        if (applyTo !== 'HTTP_FILTER') c.error([...fat, 'subFilter'], `is used with applyTo "${applyTo}"`, 'A subFilter match works only with applyTo HTTP_FILTER.', 'key');
        else if (!HCM.has(name)) c.error([...fat, 'subFilter'], `is used under the filter "${name}"`, 'HTTP filters sit under "envoy.filters.network.http_connection_manager": match that filter.', 'key');
        else if ((str(sub.name) ?? '') === '') c.error([...fat, 'subFilter'], 'has no name to match', 'Give the HTTP filter name, e.g. "envoy.filters.http.router".');
      }
    }
  });
}

export function checkSidecarResource(c: Checker, spec: JsonObject): void {
  // Egress hosts are checked by the sidecar-egress-* rules (the CRD requires them), and a selector
  // without labels, which makes the Sidecar a namespace default, by sidecar-default-unique.
  if (!nonEmpty(spec.egress) && !nonEmpty(spec.ingress) && !has(spec, 'outboundTrafficPolicy') && !has(spec, 'inboundConnectionPool')) {
    c.error(['spec'], 'configures nothing', 'Give egress, ingress, outboundTrafficPolicy or inboundConnectionPool, or delete the Sidecar.');
    return;
  }
  const ports = new Set<number>();
  arr(spec.ingress).forEach((l, i) => {
    const ing = obj(l);
    const port = obj(ing?.port);
    if (!ing || !port) return;
    const at: Path = ['spec', 'ingress', i];
    if ((num(port.targetPort) ?? 0) > 0) c.error([...at, 'port', 'targetPort'], 'is set on a Sidecar listener, where it has no effect', 'Drop targetPort: the listener uses port.number.', 'key', deletion([...at, 'port', 'targetPort'], 'targetPort'));
    const n = num(port.number) ?? 0;
    if (ports.has(n)) c.error([...at, 'port', 'number'], `repeats the ingress port ${n}`, 'Give each ingress listener its own port.', 'value');
    ports.add(n);
    const endpoint = str(ing.defaultEndpoint) ?? '';
    if (endpoint !== '' && !endpoint.startsWith('unix://')) {
      const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d*)$/.exec(endpoint);
      const host = m ? (m[1] ?? m[2]) : undefined;
      if (!m || !['', '127.0.0.1', '0.0.0.0', '::1', '::'].includes(host!)) c.error([...at, 'defaultEndpoint'], `is "${endpoint}", not a loopback or wildcard address with a port`, 'Write "127.0.0.1:<port>", "0.0.0.0:<port>", "[::1]:<port>", "[::]:<port>" or "unix://<path>".', 'value');
      else if (m[3] === '' || Number(m[3]) < 1 || Number(m[3]) > 65535) c.error([...at, 'defaultEndpoint'], `is "${endpoint}", whose port is not within 1..65535`, 'Give the port the application listens on.', 'value');
    }
    const tls = obj(ing.tls);
    if (tls) {
      for (const k of ['subjectAltNames', 'credentialNames', 'tlsCertificates']) if (nonEmpty(tls[k])) c.error([...at, 'tls', k], 'is not supported on a Sidecar ingress listener', 'Give the certificate files with serverCertificate, privateKey and caCertificates.', 'key');
      if (tls.httpsRedirect === true) c.error([...at, 'tls', 'httpsRedirect'], 'is not supported on a Sidecar ingress listener', 'Redirect to HTTPS at the gateway instead.', 'key');
      if ((str(tls.credentialName) ?? '') !== '') c.error([...at, 'tls', 'credentialName'], 'is not supported on a Sidecar ingress listener', 'Give the certificate files with serverCertificate, privateKey and caCertificates.', 'key');
      const mode = str(tls.mode);
      if (mode === 'ISTIO_MUTUAL' || mode === 'AUTO_PASSTHROUGH') c.error([...at, 'tls', 'mode'], `is "${mode}", which a Sidecar ingress listener cannot use`, 'Use SIMPLE or MUTUAL, or drop tls for Istio mutual TLS.', 'value');
      const protocol = (str(port.protocol) ?? '').toUpperCase();
      if (protocol !== 'HTTPS' && protocol !== 'TLS') c.error([...at, 'tls'], `is set on a listener of protocol "${str(port.protocol) ?? ''}"`, 'TLS settings need an HTTPS or TLS port.', 'key');
    }
  });
  const egressPorts = new Set<number>();
  const sockets = new Set<string>();
  arr(spec.egress).forEach((l, i) => {
    const eg = obj(l);
    const port = obj(eg?.port);
    if (!eg || !port) return;
    const at: Path = ['spec', 'egress', i];
    if ((num(port.targetPort) ?? 0) > 0) c.error([...at, 'port', 'targetPort'], 'is set on a Sidecar listener, where it has no effect', 'Drop targetPort: the listener uses port.number.', 'key', deletion([...at, 'port', 'targetPort'], 'targetPort'));
    const n = num(port.number) ?? 0;
    const bind = str(eg.bind) ?? '';
    if (n === 0) {
      if (!bind.startsWith('unix://')) c.error([...at, 'port'], 'has port 0 but no "unix://" bind address', 'A listener without a port number listens on a Unix domain socket: set bind to "unix://<path>".');
      const capture = str(eg.captureMode) ?? 'DEFAULT';
      if (capture !== 'DEFAULT' && capture !== 'NONE') c.error([...at, 'captureMode'], `is "${capture}" on a Unix socket listener`, 'Unix socket listeners take captureMode DEFAULT or NONE.', 'value');
      if (sockets.has(bind)) c.error([...at, 'bind'], `repeats the socket "${bind}"`, 'Give each Unix socket listener its own path.', 'value');
      sockets.add(bind);
    } else {
      if (egressPorts.has(n)) c.error([...at, 'port', 'number'], `repeats the egress port ${n}`, 'Give each egress listener its own port.', 'value');
      egressPorts.add(n);
    }
  });
  const otp = obj(spec.outboundTrafficPolicy);
  if (otp) {
    if (otp.mode === 'ALLOW_ANY_DYNAMIC_DNS') c.error(['spec', 'outboundTrafficPolicy', 'mode'], 'is "ALLOW_ANY_DYNAMIC_DNS", which only the mesh config takes', 'Use ALLOW_ANY or REGISTRY_ONLY in a Sidecar.', 'value');
    else if (has(otp, 'egressProxy') && (str(otp.mode) ?? 'REGISTRY_ONLY') !== 'ALLOW_ANY') c.error(['spec', 'outboundTrafficPolicy', 'egressProxy'], 'is set while mode is not "ALLOW_ANY"', 'An egress proxy carries the traffic ALLOW_ANY lets out: set mode: ALLOW_ANY.', 'key');
    else if (has(otp, 'egressProxy') && !has(obj(otp.egressProxy), 'port')) c.error(['spec', 'outboundTrafficPolicy', 'egressProxy'], 'has no port', 'Give the port of the egress proxy.');
  }
}

export function checkProxyConfig(c: Checker, spec: JsonObject): void {
  checkWorkloadSelector(c, ['spec', 'selector'], spec.selector);
  // A negative concurrency is a bound of the CRD schema.
}

export function checkTelemetry(c: Checker, spec: JsonObject): void {
  checkWorkloadSelector(c, ['spec', 'selector'], spec.selector);
  checkTargetRefs(c, spec);
  const tracing = arr(spec.tracing);
  if (tracing.length > 1) c.warn(['spec', 'tracing'], 'has more than one entry', 'Istio applies one tracing configuration: merge them into one.', 'key');
  tracing.forEach((t, i) => {
    const tr = obj(t);
    if (!tr) return;
    const at: Path = ['spec', 'tracing', i];
    if (arr(tr.providers).length > 1) c.warn([...at, 'providers'], 'names more than one provider', 'Istio sends traces to one provider: keep one.', 'key');
    // randomSamplingPercentage's range is a bound of the CRD schema.
    for (const [name] of entries(tr.customTags)) if (name === '') c.error([...at, 'customTags', name], 'has an empty tag name', 'Give each custom tag a name.', 'key');
  });
  arr(spec.metrics).forEach((m, i) => {
    arr(obj(m)?.overrides).forEach((o, oi) => {
      for (const [name] of entries(obj(o)?.tagOverrides)) {
        if (name === '') c.warn(['spec', 'metrics', i, 'overrides', oi, 'tagOverrides', name], 'has an empty tag name', 'Give the tag to override.', 'key');
      }
    });
  });
}

export function checkWasmPlugin(c: Checker, spec: JsonObject): void {
  checkWorkloadSelector(c, ['spec', 'selector'], spec.selector);
  checkTargetRefs(c, spec);
  // URL scheme, sha256 form, name lengths, env names, duplicate env names (a list-map key) and INLINE values,
  // match ports: the CRD schema and its CEL rules.
}

export function checkTrafficExtension(c: Checker, spec: JsonObject): void {
  checkWorkloadSelector(c, ['spec', 'selector'], spec.selector);
  checkTargetRefs(c, spec);
  // wasm or lua, their fields and the match ports: the CRD schema and its CEL rules.
}
