import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fqdnProblem, isIp, isIpOrCidr, regexProblem, wildcardDomainProblem } from '../rules/istio-config-invalid/check.js';
import { meshlint, tree } from './support/cli.js';

// One error and one warning of Istio's webhook in one DestinationRule.
const RULE = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  trafficPolicy:
    outlierDetection:
      maxEjectionPercent: 120
      consecutiveErrors: 3
`;

describe('istio-config-invalid', () => {
  const dir = tree({ 'dr.yaml': RULE });

  test('json carries the istioctl code of each finding: IST0106 for errors, IST0133 for warnings', async () => {
    const { stdout } = await meshlint(['-f', 'json', 'dr.yaml'], dir);
    const found = (JSON.parse(stdout) as { severity: string; code?: string; line: number }[]).map((f) => [f.line, f.severity, f.code]);
    assert.deepEqual(found, [[8, 'error', 'IST0106'], [9, 'warning', 'IST0133']]);
  });

  test('sarif puts the code in each result\'s properties and tags, and the rule\'s code in its tags', async () => {
    const { stdout } = await meshlint(['-f', 'sarif', 'dr.yaml'], dir);
    const run = JSON.parse(stdout).runs[0];
    assert.deepEqual(run.results.map((r: { properties: { istio: string; tags: string[] } }) => [r.properties.istio, r.properties.tags]), [['IST0106', ['IST0106']], ['IST0133', ['IST0133']]]);
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'istio-config-invalid');
    assert.ok(rule.properties.tags.includes('IST0106'));
  });

  test('hosts, addresses and regexes are judged as Istio judges them', () => {
    assert.equal(wildcardDomainProblem('*.shop.example.org'), undefined);
    assert.equal(wildcardDomainProblem('*shop.example.org'), undefined, 'a wildcard may prefix the first label');
    assert.match(wildcardDomainProblem('shop.*.example.org')!, /invalid label "\*"/);
    assert.match(fqdnProblem('example.123')!, /all-numeric/);
    assert.equal(fqdnProblem('Shop.Example.org.'), undefined);
    assert.ok(isIp('10.0.0.1') && isIp('2001:db8::1') && isIp('::ffff:10.0.0.1') && isIp('fe80::1%eth0'));
    assert.ok(!isIp('10.0.0.256') && !isIp('1:2:3:4:5:6:7:8:9') && !isIp('example.org'));
    assert.ok(isIpOrCidr('10.0.0.0/8') && isIpOrCidr('2001:db8::/32') && !isIpOrCidr('10.0.0.0/33') && !isIpOrCidr('10.0.0.0/8/1'));
    assert.equal(regexProblem('^/api/v[0-9]+/.*'), undefined);
    assert.match(regexProblem('(a)\\1')!, /not an RE2 regex/);
    assert.match(regexProblem('a'.repeat(1025))!, /1024/);
  });
});
