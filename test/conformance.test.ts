import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LineCounter, parseDocument } from 'yaml';
import { parseAnalyzerTable, sameResource } from '../scripts/conformance/go-table.js';
import { offline } from '../scripts/conformance/istioctl-offline.js';
import { namedField, spans, startsIn, targets } from '../scripts/conformance/yaml-fields.js';
import { repoRoot } from './support/repo-root.js';

const scratch = mkdtempSync(join(tmpdir(), 'meshlint-conformance-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function checkout(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'istio-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const script = (name: string, ...args: string[]) => {
  const run = spawnSync(process.execPath, [join(repoRoot(), 'dist/scripts/conformance', `${name}.js`), ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
};

// A table in the shape of the analyzer test's, written for this test.
const TABLE = `package analyzers

import (
	"istio.io/istio/pkg/config/analysis/analyzers/mesh"
	other "istio.io/istio/pkg/config/analysis/analyzers/elsewhere"
)

var testGrid = []testCase{
	{
		name:       "twoDefaults",
		inputFiles: []string{"testdata/defaults.yaml", \`testdata/more.yaml\`},
		analyzer:   &mesh.DefaultsAnalyzer{},
		expected: []message{
			{msg.TooManyDefaults, "Sidecar tenant-a/first"},
			{msg.TooManyDefaults, "Sidecar second"}, // no namespace in the input
			// {msg.TooManyDefaults, "Sidecar tenant-a/commented-out"},
			{msg.NotImplementedHere, "Gateway tenant-a/edge"},
		},
	},
	{
		name:           "withMeshConfig { braces in a name }",
		inputFiles:     []string{"testdata/more.yaml"},
		meshConfigFile: "testdata/mesh.yaml",
		analyzer:       other.New(42),
		expected:       []message{},
		skipAll:        true,
	},
}
`;

describe('the analyzer test table reader', () => {
  test('reads names, files, mesh config, analyzer and expected messages, and skips comments', () => {
    const cases = parseAnalyzerTable(TABLE);
    assert.equal(cases.length, 2);
    assert.deepEqual(cases[0], {
      index: 0, name: 'twoDefaults', inputFiles: ['testdata/defaults.yaml', 'testdata/more.yaml'],
      analyzer: '&mesh.DefaultsAnalyzer{}', skipAll: false,
      expected: [
        { type: 'TooManyDefaults', resource: 'Sidecar tenant-a/first' },
        { type: 'TooManyDefaults', resource: 'Sidecar second' },
        { type: 'NotImplementedHere', resource: 'Gateway tenant-a/edge' },
      ],
    });
    assert.equal(cases[1]!.name, 'withMeshConfig { braces in a name }');
    assert.equal(cases[1]!.meshConfigFile, 'testdata/mesh.yaml');
    assert.equal(cases[1]!.analyzer, 'other.New(42)');
    assert.equal(cases[1]!.skipAll, true);
  });

  test('a resource without a namespace matches whatever namespace meshlint gave it', () => {
    assert.ok(sameResource('Sidecar tenant-a/first', { kind: 'Sidecar', namespace: 'tenant-a', name: 'first' }));
    assert.ok(!sameResource('Sidecar tenant-a/first', { kind: 'Sidecar', namespace: 'default', name: 'first' }));
    assert.ok(sameResource('Sidecar second', { kind: 'Sidecar', namespace: 'default', name: 'second' }));
    assert.ok(!sameResource('Gateway second', { kind: 'Sidecar', namespace: 'default', name: 'second' }));
  });

  test('the script compares per code and counts recall and precision', () => {
    const sidecar = (name: string, ns?: string) => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  egress:\n  - hosts: ["./*"]\n`;
    const dir = checkout({
      'pkg/config/analysis/analyzers/analyzers_test.go': TABLE,
      'pkg/config/analysis/msg/messages.yaml': 'messages:\n  - {name: TooManyDefaults, code: IST0111}\n  - {name: NotImplementedHere, code: IST0999}\n',
      'pkg/config/analysis/analyzers/mesh/defaults.go': 'package mesh\n\ntype DefaultsAnalyzer struct{}\n\nfunc f() { msg.NewTooManyDefaults(nil) }\n',
      // Two selector-less Sidecars in tenant-a (both expected) and two in default, one not expected.
      'pkg/config/analysis/analyzers/testdata/defaults.yaml': `${sidecar('first', 'tenant-a')}---\n${sidecar('third', 'tenant-a')}---\n${sidecar('second')}`,
      'pkg/config/analysis/analyzers/testdata/more.yaml': sidecar('fourth'),
    });
    const report = JSON.parse(script('analyzers', dir, '--json'));
    assert.equal(report.cases, 1);
    assert.equal(report.skipAll, 1);
    assert.deepEqual(report.codes.IST0111, { expected: 2, found: 2, missed: 0, extra: 2, rules: ['sidecar-default-unique'], offline: 'no' });
    assert.deepEqual(report.codes.IST0999, { expected: 1, found: 0, missed: 1, extra: 0, rules: [], offline: '?' });
    assert.deepEqual(report.implemented, { codes: 1, expected: 2, found: 2, extra: 2, recall: 1, precision: 0.5 });
    assert.deepEqual(report.all, { codes: 2, expected: 3, found: 2, extra: 2, recall: 0.67, precision: 0.5 });
    const only = JSON.parse(script('analyzers', dir, '--json', '--codes', 'IST0999'));
    assert.deepEqual(Object.keys(only.codes), ['IST0999']);
    assert.match(script('analyzers', dir), /^all codes \(2\): recall 2\/3 = 0\.67, precision 2\/4 = 0\.50$/m);
    // Every code of the table has a row, with or without a meshlint rule, and what offline istioctl runs.
    const table = script('analyzers', dir, '--markdown').split('\n');
    assert.ok(table.includes('| IST0111 | `sidecar-default-unique` | 2 | 2 | 1.00 | 0.50 | no |'), table.join('\n'));
    assert.ok(table.includes('| IST0999 | — | 1 | 0 | 0.00 | n/a | ? |'), table.join('\n'));
    assert.ok(table.includes('| all 2 codes of the table | | 3 | 2 | 0.67 | 0.50 | |'), table.join('\n'));
    const readme = join(dir, 'README.md');
    writeFileSync(readme, 'before\n<!-- istioctl-table:start -->\nold\n<!-- istioctl-table:end -->\nafter\n');
    script('analyzers', dir, '--readme', readme);
    assert.equal(readFileSync(readme, 'utf8'), `before\n<!-- istioctl-table:start -->\n${table.join('\n')}<!-- istioctl-table:end -->\nafter\n`);
  });

  test('a finding counts under its own istioctl code when its rule gives one per finding', () => {
    // istio-config-invalid (IST0106) reports the webhook's warnings with IST0133.
    const dir = checkout({
      'pkg/config/analysis/analyzers/analyzers_test.go': TABLE.replace('msg.NotImplementedHere, "Gateway tenant-a/edge"', 'msg.SchemaWarning, "Telemetry tenant-a/traces"'),
      'pkg/config/analysis/msg/messages.yaml': 'messages:\n  - {name: TooManyDefaults, code: IST0111}\n  - {name: SchemaWarning, code: IST0133}\n',
      'pkg/config/analysis/analyzers/mesh/defaults.go': 'package mesh\n\ntype DefaultsAnalyzer struct{}\n\nfunc f() { msg.NewSchemaWarning(nil) }\n',
      'pkg/config/analysis/analyzers/testdata/defaults.yaml': 'apiVersion: telemetry.istio.io/v1\nkind: Telemetry\nmetadata:\n  name: traces\n  namespace: tenant-a\nspec:\n  tracing:\n  - providers: [{name: zipkin}]\n  - providers: [{name: otel}]\n',
      'pkg/config/analysis/analyzers/testdata/more.yaml': '',
    });
    const report = JSON.parse(script('analyzers', dir, '--json', '--codes', 'IST0133'));
    assert.deepEqual(report.codes.IST0133, { expected: 1, found: 1, missed: 0, extra: 0, rules: ['istio-config-invalid', 'sidecar-egress-host-duplicate'], offline: 'yes' });
  });

  test('offline istioctl runs a code when every analyzer reporting it reads no dropped kind', () => {
    assert.equal(offline('IST0109'), 'yes');
    assert.equal(offline('IST0149'), 'no');
    assert.equal(offline('IST0002'), 'yes');
    assert.equal(offline('IST0101'), 'partly (VirtualService subsets and VirtualService gateways only)');
    assert.equal(offline('IST0156'), 'no (`istioctl x precheck` only)');
  });
});

describe('the CRD test data check', () => {
  test('an error names a full path from spec, or the tail of one', () => {
    assert.deepEqual(namedField("spec.routes[1].weight: Invalid value"), { path: ['spec', 'routes', 1, 'weight'], full: true });
    assert.deepEqual(namedField('spec in body must be of type object'), { path: ['spec'], full: true });
    assert.deepEqual(namedField('labels[0] in body should be at least 1 chars long'), { path: ['labels', 0], full: false });
    assert.equal(namedField('only one of a or b can be set'), undefined);
  });

  test('a missing field is looked for at its closest existing ancestor', () => {
    const text = 'kind: Thing\nspec:\n  routes:\n  - name: a\n  - name: b\n    weight: 7\n';
    const lines = new LineCounter();
    const all = spans(parseDocument(text, { lineCounter: lines }).contents, lines);
    const [weight] = targets(all, { path: ['spec', 'routes', 1, 'weight'], full: true });
    assert.deepEqual([weight!.from, weight!.to], [[6, 5], [6, 14]]);
    const [missing] = targets(all, { path: ['spec', 'routes', 0, 'weight'], full: true });
    assert.deepEqual(missing!.path, ['spec', 'routes', 0]);
    assert.ok(startsIn(missing!, 4, 5) && !startsIn(missing!, 5, 5));
    assert.deepEqual(targets(all, { path: ['name'], full: false }).map((s) => s.from[0]), [4, 5]);
  });

  test('the script counts invalid documents reported at their field and valid ones left alone', () => {
    const sidecar = (egress: string) => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: s\n  namespace: tenant-b\nspec:\n  egress:\n${egress}`;
    const dir = checkout({
      'pkg/config/validation/testdata/crds/sidecar-invalid.yaml':
        `_err: 'spec.egress[0].hosts: Required value'\n${sidecar('  - port: {number: 8080, protocol: HTTP, name: web}\n')}---\n_err: something meshlint does not check\n${sidecar('  - hosts: ["./*"]\n')}`,
      'pkg/config/validation/testdata/crds/sidecar-valid.yaml': sidecar('  - hosts: ["./*"]\n'),
      // A dataset document meant to be valid that meshlint rejects: a false error.
      'pkg/test/datasets/validation/dataset/networking-Sidecar.yaml': sidecar('  - hosts: []\n'),
    });
    const report = JSON.parse(script('crds', dir, '--json'));
    assert.deepEqual(
      { invalid: report.invalid, reported: report.reported, fieldNamed: report.fieldNamed, atField: report.atField, valid: report.valid, clean: report.clean },
      { invalid: 2, reported: 1, fieldNamed: 1, atField: 1, valid: 1, clean: 1 },
    );
    assert.equal(report.invalidDocuments[1].line, 11);
    assert.deepEqual([report.datasets, report.datasetsClean], [1, 0]);
    assert.match(script('crds', dir), /^invalid documents with an error finding: 1\/2 = 0\.50$/m);
  });
});
