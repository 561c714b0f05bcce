import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressProblem, proxyConfigProblem } from '../rules/istio-annotation-value-invalid/proxy-config.js';
import { VALIDATORS } from '../rules/istio-annotation-value-invalid/validators.js';
import {
  annotationDefinition, CATALOGUE, DEPRECATED_POD_ANNOTATIONS, deprecatedAnnotation, isIstioAnnotation, isPodAnnotation, kindsText, plural,
} from '../src/istio/annotations.js';

describe('the annotation catalogue', () => {
  test('records the commits it was generated from', () => {
    for (const source of ['api', 'istio']) assert.match(String(CATALOGUE.sources[source]?.commit), /^[0-9a-f]{40}$/);
    assert.ok(Object.keys(CATALOGUE.annotations).length > 50);
  });

  test('every validator it names is implemented, and every implementation is used', () => {
    const named = new Set(Object.values(CATALOGUE.annotations).flatMap((a) => (a.validator ? [a.validator] : [])));
    assert.deepEqual([...named].sort(), Object.keys(VALIDATORS).sort());
  });

  test('the replacement advice covers exactly the deprecated Pod annotations', () => {
    const deprecatedPod = Object.entries(CATALOGUE.annotations).filter(([, a]) => a.deprecated && a.resources.includes('Pod')).map(([name]) => name);
    assert.deepEqual([...DEPRECATED_POD_ANNOTATIONS].sort(), deprecatedPod.sort());
    assert.equal(deprecatedAnnotation('sidecar.istio.io/inject'), 'the sidecar.istio.io/inject label');
    assert.equal(deprecatedAnnotation('alpha.istio.io/canonical-serviceaccounts'), '');
    assert.equal(deprecatedAnnotation('proxy.istio.io/config'), undefined);
  });

  test('Istio\'s namespace is a suffix test on the prefix, plus kubernetes.io/ingress.class', () => {
    for (const name of ['sidecar.istio.io/x', 'istio.io/x', 'xistio.io/x', 'kubernetes.io/ingress.class']) assert.ok(isIstioAnnotation(name), name);
    for (const name of ['istio.io.example.com/x', 'kubernetes.io/change-cause', 'example.com/istio.io', 'istio.io']) assert.ok(!isIstioAnnotation(name), name);
  });

  test('Pod annotations are the catalogued and uncatalogued ones Istio reads on Pods only, but those Istio writes', () => {
    assert.ok(isPodAnnotation('sidecar.istio.io/proxyCPU'));
    assert.ok(isPodAnnotation('sidecar.istio.io/capNetBindService'));
    assert.ok(!isPodAnnotation('sidecar.istio.io/status'));
    assert.ok(!isPodAnnotation('sidecar.istio.io/proxyCpu'));
    assert.ok(!isPodAnnotation('networking.istio.io/exportTo'));
    assert.equal(annotationDefinition('istio.io/connect-strategy')?.catalogued, false);
  });

  test('kind names in the plural and in lists', () => {
    assert.deepEqual(['Pod', 'Ingress', 'ServiceEntry', 'AuthorizationPolicy', 'Gateway', 'GatewayClass'].map(plural),
      ['Pods', 'Ingresses', 'ServiceEntries', 'AuthorizationPolicies', 'Gateways', 'GatewayClasses']);
    const definition = annotationDefinition('networking.istio.io/traffic-distribution')!;
    assert.equal(kindsText(definition), 'Namespaces, Services and ServiceEntries');
    assert.equal(kindsText(definition, 'or'), 'Namespace, Service or ServiceEntry');
  });
});

describe('the injector\'s value checks', () => {
  const check = (validator: string, value: string) => VALIDATORS[validator]!.check(value);

  test('CIDR lists: Go netip prefixes, comma-separated with nothing around them', () => {
    for (const ok of ['', '10.0.0.0/8', '10.0.0.1/8,fd00::/8', '0.0.0.0/0', '::/0']) assert.equal(check('ValidateExcludeIPRanges', ok), undefined, ok);
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/08', '10.0.0.0/+8', '010.0.0.0/8', 'fe80::1%eth0/64', '10.0.0.0/8, 10.1.0.0/16', '10.0.0.0/8,', '*']) {
      assert.notEqual(check('ValidateExcludeIPRanges', bad), undefined, bad);
    }
    assert.equal(check('ValidateIncludeIPRanges', '*'), undefined);
  });

  test('port lists: trimmed decimal numbers up to 65535', () => {
    for (const ok of ['', ' ', '0', '15020, 9901', '08080']) assert.equal(check('ValidateExcludeInboundPorts', ok), undefined, ok);
    for (const bad of ['65536', '-1', '+80', '80,,81', '80;81', '*']) assert.notEqual(check('ValidateExcludeInboundPorts', bad), undefined, bad);
    assert.equal(check('ValidateIncludeInboundPorts', '*'), undefined);
  });

  test('other scalars', () => {
    assert.equal(check('validateUInt32', '4294967295'), undefined);
    assert.notEqual(check('validateUInt32', '4294967296'), undefined);
    assert.notEqual(check('validateUInt32', ' 5'), undefined);
    assert.equal(check('validateStatusPort', ' 15020 '), undefined);
    for (const ok of ['T', '1', 'False']) assert.equal(check('validateBool', ok), undefined, ok);
    assert.notEqual(check('validateBool', 'yes'), undefined);
    for (const ok of ['100m', '0.5', '.5', '1.', '128Mi', '1e3', '+2', '1E']) assert.equal(check('validateResourceQuantity', ok), undefined, ok);
    for (const bad of ['', '1GB', '500 m', '1e', 'Mi', '1\n']) assert.notEqual(check('validateResourceQuantity', bad), undefined, JSON.stringify(bad));
    assert.equal(check('ValidateExcludeInterfaces', 'eth0, net.1_a-b'), undefined);
    for (const bad of ['eth0,', '0eth', 'abcdefghijklmnop']) assert.notEqual(check('ValidateExcludeInterfaces', bad), undefined, bad);
  });
});

describe('proxy.istio.io/config', () => {
  test('proxy addresses', () => {
    for (const ok of ['istiod.istio-system.svc:15012', '10.0.0.1:15012', '[fd00::1]:15012', 'istiod.:15012']) assert.equal(addressProblem(ok), undefined, ok);
    for (const bad of ['istiod', 'fd00::1:15012', 'istiod:0', 'istiod:http', 'Istiod:15012', 'istiod.123:15012', ':15012']) assert.notEqual(addressProblem(bad), undefined, bad);
  });

  test('types as protojson reads them, unknown fields ignored, then ProxyConfig validation', () => {
    for (const ok of ['', '{}', 'null', 'futureField: [1, 2]', 'holdApplicationUntilProxyStarts: "true"', 'concurrency: "2"',
      'interception_mode: TPROXY', 'extraStatTags: [a, b]', 'proxyMetadata: {A: "1"}', 'drainDuration: 1m', 'proxyAdminPort: 15000',
      'controlPlaneAuthPolicy: NONE', 'tracing: {datadog: {address: "$(HOST_IP):8126"}}', 'tracing: {lightstep: {address: "ls.example:443", accessToken: t}}']) {
      assert.equal(proxyConfigProblem(ok), undefined, ok);
    }
    for (const bad of ['[1, 2]', '"text"', 'a: [', 'meshId: 7', 'holdApplicationUntilProxyStarts: maybe', 'concurrency: 1.5', 'extraStatTags: a',
      'extraStatTags: [a, {b: c}]', 'proxyMetadata: {A: 1}', 'drainDuration: 5', 'drainDuration: 500ms', 'image: distroless',
      'controlPlaneAuthPolicy: INHERIT', 'statusPort: 70000', 'binaryPath: ""', 'statsdUdpAddress: statsd', 'tracing: {lightstep: {address: "ls:443"}}',
      'envoyAccessLogService: {address: "als"}']) {
      assert.notEqual(proxyConfigProblem(bad), undefined, bad);
    }
  });
});
