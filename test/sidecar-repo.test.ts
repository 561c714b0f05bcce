import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { rules } from '../rules/index.js';
import { loadConfig } from '../src/config/load.js';
import { lint } from '../src/engine/lint.js';
import { discover, displayPath } from '../src/input/discover.js';
import { load } from '../src/input/load.js';
import { kindFilter } from '../src/input/kind-filter.js';
import { FIXTURES } from './support/fixtures.js';

// A multi-namespace repository, one directory per namespace, with each defect of the
// Sidecar and injection rules planted once. Every rule runs, so the clean parts (the
// root-namespace default, the Services and VirtualServices, the opted-out istiod, the
// hostNetwork DaemonSet, kube-system) must stay silent.
const REPO = path.join(FIXTURES, 'repos', 'mesh-repo');

test('all rules over a realistic mesh repository report each planted defect and nothing else', async () => {
  const config = await loadConfig(undefined, REPO, rules);
  const found = await discover([REPO], { cwd: REPO, base: REPO, exclude: [] });
  const { files, locator } = await load(found.files.map((f) => ({ file: displayPath(f, REPO), from: { path: f } })), { defaultNamespace: config.settings.defaultNamespace, filter: kindFilter(config), maxFileSize: config.maxFileSize });
  assert.equal(files.length, 14, 'every file of the repository is read');
  const { findings, ruleFailures } = lint(files, config, { cwd: REPO, locator });
  assert.equal(ruleFailures, 0);
  const got = findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
  assert.deepEqual(got, [
    'edge/all.yaml:27 sidecar-ambient-ineffective',
    'legacy/all.yaml:20 workload-injection-blocked',
    'payments/api.yaml:7 workload-annotation-misplaced',
    'payments/ledger.yaml:43 workload-inject-annotation-deprecated',
    'payments/sidecars.yaml:8 sidecar-egress-catch-all-last',
    'payments/sidecars.yaml:12 sidecar-egress-host-duplicate',
    'payments/sidecars.yaml:15 sidecar-egress-host-format',
    'payments/sidecars.yaml:24 sidecar-selector-unmatched',
    'shop/namespace.yaml:8 namespace-injection-labels-conflict',
    'shop/sidecars.yaml:4 sidecar-default-unique',
    'shop/sidecars.yaml:17 sidecar-default-unique',
    'shop/sidecars.yaml:26 sidecar-selector-conflict',
    'shop/sidecars.yaml:39 sidecar-selector-conflict',
    'tools/all.yaml:5 namespace-injection-default-enabled',
    'tools/all.yaml:36 namespace-injection-unset',
  ]);
  // Cross-file findings name the objects they depend on.
  const conflict = findings.find((f) => f.ruleId === 'sidecar-selector-conflict')!;
  assert.match(conflict.message, /Sidecar shop\/reviews and Sidecar shop\/backend both select Deployment shop\/reviews/);
  assert.deepEqual(conflict.related.map((r) => `${r.file}:${r.line}`), ['shop/reviews.yaml:11', 'shop/sidecars.yaml:39']);
  const blocked = findings.find((f) => f.ruleId === 'workload-injection-blocked')!;
  assert.deepEqual(blocked.related.map((r) => `${r.file}:${r.line}`), ['legacy/all.yaml:6']);
  assert.match(blocked.message, /run without an Istio proxy/);
  // Every rule of this family fires at least once here.
  const fired = new Set(findings.map((f) => f.ruleId));
  for (const rule of rules.filter((r) => /^(sidecar|namespace|workload)-/.test(r.meta.id) && r.meta.id !== 'sidecar-egress-hosts-required' && !r.meta.id.startsWith('workload-service-'))) {
    assert.ok(fired.has(rule.meta.id), `${rule.meta.id} has a defect in the repository`);
  }
});
