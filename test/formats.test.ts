import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { BAD_SIDECAR, meshlint, tree } from './support/cli.js';

const require = createRequire(import.meta.url);
/** The SARIF 2.1.0 JSON Schema, as shipped with Microsoft's SARIF Multitool. */
const SARIF_SCHEMA = JSON.parse(readFileSync(require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'));
const validateSarif = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false }).compile(SARIF_SCHEMA);

const ODD = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: "x\\u001b[31m\\u202e: [evil] \\"quoted\\"\\nsecond line"
  namespace: odd
spec:
  egress:
  - {}
`;

describe('formats', () => {
  const dir = tree({ 'deploy/bad.yaml': BAD_SIDECAR, 'deploy/odd.yaml': ODD, 'ok.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok, labels: {istio-injection: enabled}}\n' });

  test('text: path:line:col: severity message [rule-id], odd characters escaped', async () => {
    const { stdout } = await meshlint(['-f', 'text', 'deploy'], dir);
    assert.equal(stdout, [
      'deploy/bad.yaml:8:5: error egress listener 1 of Sidecar shop/default has no "hosts" [sidecar-egress-hosts-required]',
      'deploy/odd.yaml:8:5: error egress listener 1 of Sidecar odd/x\\u001b[31m\\u202e: [evil] "quoted"\\nsecond line has no "hosts" [sidecar-egress-hosts-required]',
      '',
    ].join('\n'));
  });

  test('json: an array of findings with positions and resources', async () => {
    const { stdout } = await meshlint(['-f', 'json', 'deploy/bad.yaml'], dir);
    assert.deepEqual(JSON.parse(stdout), [{
      ruleId: 'sidecar-egress-hosts-required', severity: 'error',
      message: 'egress listener 1 of Sidecar shop/default has no "hosts"',
      hint: 'Istio rejects a Sidecar with an egress listener without hosts. List at least one "namespace/dnsName" host, e.g. "./*".',
      file: 'deploy/bad.yaml', line: 8, column: 5, endLine: 8, endColumn: 9,
      resource: { group: 'networking.istio.io', kind: 'Sidecar', namespace: 'shop', name: 'default', ref: 'Sidecar shop/default' }, related: [],
    }]);
    assert.equal((await meshlint(['-f', 'json', 'ok.yaml'], dir)).stdout, '[]\n');
  });

  test('github: escaped workflow commands, then the text lines', async () => {
    const { stdout } = await meshlint(['-f', 'github', 'deploy'], dir);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], '::error file=deploy/bad.yaml,line=8,endLine=8,col=5,endColumn=9,title=meshlint sidecar-egress-hosts-required::egress listener 1 of Sidecar shop/default has no "hosts"');
    assert.match(lines[1]!, /^::error file=deploy\/odd\.yaml,.*::egress listener 1 of Sidecar odd\/x\\u001b\[31m\\u202e: \[evil\] "quoted"%0Asecond line has no/);
    assert.doesNotMatch(stdout, /[\u001b\u202e]/, 'no raw escape or bidirectional character');
    assert.equal(lines.length, 4);
    assert.match(lines[2]!, /^deploy\/bad\.yaml:8:5: error /);
  });

  test('pretty: the file, then position, severity, message and rule, the hint below with --verbose', async () => {
    const { stdout } = await meshlint(['-f', 'pretty', 'deploy/bad.yaml'], dir);
    assert.doesNotMatch(stdout, /\u001b/, 'no colour when stdout is not a terminal');
    assert.match(stdout, /^deploy\/bad\.yaml\n {2}8:5 {2}error {4}egress listener 1 of Sidecar shop\/default has no "hosts"\n {4}sidecar-egress-hosts-required\n\n/);
    assert.match((await meshlint(['-f', 'pretty', '-v', 'deploy/bad.yaml'], dir)).stdout, /^ {4}sidecar-egress-hosts-required\n {4}Istio rejects /m);
    assert.match(stdout, /^1 error, 0 warnings, 0 info in 1 file$/m);
    assert.match(stdout, /^ {4}https:\/\/\S+\/rules\/docs\/sidecar-egress-hosts-required\.md$/m);
    assert.equal((await meshlint(['-f', 'pretty', 'ok.yaml'], dir)).stdout, '');
  });

  test('sarif: valid against the SARIF 2.1.0 schema, with rules, regions and repo-relative URIs', async () => {
    const { stdout } = await meshlint(['-f', 'sarif', '--sarif-category', 'mesh', 'deploy'], dir);
    const log: any = JSON.parse(stdout);
    assert.ok(validateSarif(log) as boolean, JSON.stringify(validateSarif.errors, null, 2));
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'meshlint');
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.deepEqual(ids, [...ids].sort(), 'every enabled rule, sorted by id');
    assert.ok(ids.includes('yaml-syntax') && ids.includes('sidecar-egress-hosts-required'));
    assert.equal(run.tool.driver.rules[ids.indexOf('sidecar-egress-hosts-required')].defaultConfiguration.level, 'error');
    assert.equal(run.automationDetails.id, 'mesh/');
    const [result] = run.results;
    assert.equal(result.ruleIndex, ids.indexOf('sidecar-egress-hosts-required'));
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'deploy/bad.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 5, endLine: 8, endColumn: 9 },
    });
    assert.deepEqual(result.locations[0].logicalLocations, [{ name: 'default', fullyQualifiedName: 'Sidecar shop/default', kind: 'resource' }]);
  });

  test('sarif: a clean run has results: []', async () => {
    const log: any = JSON.parse((await meshlint(['-f', 'sarif', 'ok.yaml'], dir)).stdout);
    assert.ok(validateSarif(log) as boolean);
    assert.deepEqual(log.runs[0].results, []);
  });

  test('sarif: fingerprints survive unrelated lines moving', async () => {
    const moved = tree({ 'deploy/bad.yaml': `# a comment that moves everything\n\n${BAD_SIDECAR}` });
    const fingerprintOf = async (d: string) => JSON.parse((await meshlint(['-f', 'sarif', 'deploy/bad.yaml'], d)).stdout).runs[0].results[0].partialFingerprints;
    assert.deepEqual(await fingerprintOf(moved), await fingerprintOf(dir));
  });

  test('findings are sorted by file, line, column and rule whatever the input order', async () => {
    const a = await meshlint(['-f', 'text', 'deploy/odd.yaml', 'deploy/bad.yaml'], dir);
    const b = await meshlint(['-f', 'text', 'deploy/bad.yaml', 'deploy/odd.yaml'], dir);
    assert.equal(a.stdout, b.stdout);
    assert.match(a.stdout, /^deploy\/bad\.yaml/);
  });
});

describe('identity', () => {
  // A plugin rule that reports each Gateway sharing its name with the other API group's Gateway.
  const PLUGIN = `export default { meta: { id: 'team-gateway-twin', description: 'Report Gateways named like a Gateway of the other API', rationale: 'Exercises resource identity.', remediation: 'Rename one.', severity: 'warning',
    kinds: ['networking.istio.io/Gateway', 'gateway.networking.k8s.io/Gateway'] },
  check(gw, ctx) {
    const other = gw.group === 'networking.istio.io' ? 'gateway.networking.k8s.io/Gateway' : 'networking.istio.io/Gateway';
    const twin = ctx.resources.get(other, gw.namespace, gw.name);
    if (twin) ctx.report({ message: gw.ref + ' has the name of ' + twin.ref, hint: 'Tools that name resources by kind alone cannot tell them apart.', related: [{ resource: twin }] });
  } };
`;
  const dir = tree({
    '.lintrc': 'plugins: [./p.mjs]\n', 'p.mjs': PLUGIN,
    'gw.yaml': 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: shop}\nspec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: shop}\nspec: {gatewayClassName: istio, listeners: [{name: http, port: 80, protocol: HTTP}]}\n',
  });

  test('json: group, kind, namespace, name and a reference with the group where Gateway alone is ambiguous', async () => {
    const findings = JSON.parse((await meshlint(['-f', 'json', 'gw.yaml'], dir)).stdout);
    assert.deepEqual(findings.map((f: any) => [f.resource, f.related.map((r: any) => r.resource), f.hint]), [
      [{ group: 'networking.istio.io', kind: 'Gateway', namespace: 'shop', name: 'web', ref: 'Gateway shop/web' },
        [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop', name: 'web', ref: 'Gateway.gateway.networking.k8s.io shop/web' }],
        'Tools that name resources by kind alone cannot tell them apart.'],
      [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop', name: 'web', ref: 'Gateway.gateway.networking.k8s.io shop/web' },
        [{ group: 'networking.istio.io', kind: 'Gateway', namespace: 'shop', name: 'web', ref: 'Gateway shop/web' }],
        'Tools that name resources by kind alone cannot tell them apart.'],
    ]);
    assert.equal(findings[0].message, 'Gateway shop/web has the name of Gateway.gateway.networking.k8s.io shop/web');
  });

  test('sarif: logical locations, fingerprints and related links by reference; the hint in properties', async () => {
    const [istio, api] = JSON.parse((await meshlint(['-f', 'sarif', 'gw.yaml'], dir)).stdout).runs[0].results;
    assert.equal(istio.locations[0].logicalLocations[0].fullyQualifiedName, 'Gateway shop/web');
    assert.equal(api.locations[0].logicalLocations[0].fullyQualifiedName, 'Gateway.gateway.networking.k8s.io shop/web');
    assert.notEqual(istio.partialFingerprints['meshlintFinding/v1'], api.partialFingerprints['meshlintFinding/v1']);
    assert.equal(istio.message.text, 'Gateway shop/web has the name of [Gateway.gateway.networking.k8s.io shop/web](0)');
    assert.equal(api.message.text, 'Gateway.gateway.networking.k8s.io shop/web has the name of [Gateway shop/web](0)');
    assert.deepEqual(istio.properties, { hint: 'Tools that name resources by kind alone cannot tell them apart.' });
  });

  test('an ignore entry by reference suppresses only the Gateway it names', async () => {
    const ignoring = tree({
      '.lintrc': 'plugins: [./p.mjs]\nignore:\n  - {rule: team-gateway-twin, resource: "Gateway.gateway.networking.k8s.io shop/*", reason: migrating}\n', 'p.mjs': PLUGIN,
      'gw.yaml': readFileSync(`${dir}/gw.yaml`, 'utf8'),
    });
    const left = JSON.parse((await meshlint(['-f', 'json', 'gw.yaml'], ignoring)).stdout);
    assert.deepEqual(left.map((f: any) => f.resource.ref), ['Gateway shop/web']);
  });
});
