import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';

interface GenResult {
  files: number;
  docs: number;
  bytes: number;
  nativeInit: number;
  nativeAnnotation: number;
  defects: { defect: string; namespace: string }[];
  deploymentFile: string;
}
type Generate = (out: string, opts: { namespaces: number; variant?: 'mesh' | 'crd'; seed?: number }) => GenResult;
type Obj = Record<string, any>;

// The generator is plain JavaScript outside the TypeScript build, so find it
// from wherever this file runs (test/ or dist/test/).
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bench', 'gen.mjs'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench/gen.mjs not found above the test file');
    dir = up;
  }
  return dir;
}
const root = repoRoot();
const genScript = join(root, 'bench', 'gen.mjs');
const { generate } = (await import(pathToFileURL(genScript).href)) as { generate: Generate };

const temps: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshlint-gen-'));
  temps.push(dir);
  return join(dir, 'corpus');
}
process.on('exit', () => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every file under dir, by relative path. */
function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return new Map(files.map((f) => [relative(dir, f), readFileSync(f)]));
}

function objects(dir: string): { file: string; obj: Obj }[] {
  const out: { file: string; obj: Obj }[] = [];
  for (const [file, buf] of tree(dir)) {
    for (const doc of parseAllDocuments(buf.toString('utf8'))) {
      assert.deepEqual(doc.errors, [], `${file} does not parse`);
      out.push({ file, obj: doc.toJS() as Obj });
    }
  }
  return out;
}

function assertSameTree(a: string, b: string): void {
  const ta = tree(a);
  const tb = tree(b);
  assert.ok(ta.size > 0, 'the generator wrote nothing');
  assert.deepEqual([...tb.keys()], [...ta.keys()]);
  for (const [file, buf] of ta) assert.ok(buf.equals(tb.get(file)!), `${file} differs between runs`);
}

test('the generator is deterministic: the function and the CLI write byte-identical trees', () => {
  const a = temp();
  const b = temp();
  generate(a, { namespaces: 6 });
  const cli = spawnSync(process.execPath, [genScript, b, '--namespaces', '6'], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stderr, /\d+ files, \d+ documents/);
  assertSameTree(a, b);
});

test('the crd variant is deterministic too, and the seed changes the output', () => {
  const a = temp();
  const b = temp();
  const c = temp();
  generate(a, { namespaces: 6, variant: 'crd' });
  generate(b, { namespaces: 6, variant: 'crd' });
  assertSameTree(a, b);
  generate(c, { namespaces: 6, variant: 'crd', seed: 2 });
  const ta = tree(a);
  const tc = tree(c);
  assert.ok([...ta].some(([f, buf]) => !tc.get(f)?.equals(buf)), 'seed 2 gave the same corpus as seed 1');
});

test('reported counts match the files on disk and scale with --namespaces', () => {
  const small = temp();
  const large = temp();
  const s = generate(small, { namespaces: 10 });
  const l = generate(large, { namespaces: 20 });
  for (const [dir, r] of [[small, s], [large, l]] as const) {
    const files = tree(dir);
    assert.equal(r.files, files.size);
    assert.equal(r.bytes, [...files.values()].reduce((n, b) => n + b.length, 0));
    assert.equal(r.docs, objects(dir).length);
  }
  // Fixed istio-system part plus ~12 files, ~42 documents, ~16 kB per namespace.
  for (const k of ['files', 'docs', 'bytes'] as const) {
    const ratio = l[k] / s[k];
    assert.ok(ratio > 1.7 && ratio < 2.1, `${k}: ${s[k]} -> ${l[k]} (ratio ${ratio.toFixed(2)})`);
  }
  assert.ok(s.files / 10 > 10 && s.files / 10 < 14, `files per namespace ${s.files / 10}`);
  assert.ok(s.docs / 10 > 36 && s.docs / 10 < 48, `documents per namespace ${s.docs / 10}`);
});

test('the mesh corpus holds the seeded defects, and only where the generator says', () => {
  const dir = temp();
  const r = generate(dir, { namespaces: 6 });
  const all = objects(dir).map((o) => o.obj);
  const of = (kind: string) => all.filter((o) => o.kind === kind);
  const sidecars = of('Sidecar');
  const found = new Map<string, Set<string>>();
  const add = (defect: string, ns: string) => found.set(defect, (found.get(defect) ?? new Set()).add(ns));

  for (const n of of('Namespace')) {
    const labels: Obj = n.metadata.labels ?? {};
    if ('istio-injection' in labels && 'istio.io/rev' in labels) add('namespace-both-injection-labels', n.metadata.name);
  }
  const defaults = new Map<string, number>();
  for (const s of sidecars) {
    const ns: string = s.metadata.namespace;
    if (!s.spec.workloadSelector) defaults.set(ns, (defaults.get(ns) ?? 0) + 1);
    for (const e of s.spec.egress ?? []) {
      if (!e.hosts) add('sidecar-egress-no-hosts', ns);
      for (const h of e.hosts ?? []) if (!String(h).includes('/')) add('sidecar-host-no-namespace', ns);
    }
  }
  for (const [ns, count] of defaults) if (count > 1) add('sidecar-two-default', ns);

  const expected = new Map<string, Set<string>>();
  for (const d of r.defects) expected.set(d.defect, (expected.get(d.defect) ?? new Set()).add(d.namespace));
  assert.deepEqual([...expected.keys()].sort(),
    ['namespace-both-injection-labels', 'sidecar-egress-no-hosts', 'sidecar-host-no-namespace', 'sidecar-two-default']);
  assert.deepEqual(found, expected);

  // The material the native-sidecar rules need is there as well.
  const deployments = of('Deployment');
  const nativeInit = deployments.filter((d) => (d.spec.template.spec.initContainers ?? []).some((c: Obj) => c.restartPolicy === 'Always'));
  const nativeAnn = deployments.filter((d) => d.spec.template.metadata.annotations?.['sidecar.istio.io/nativeSidecar'] === 'true');
  assert.ok(nativeInit.length > 0 && nativeAnn.length > 0);
  assert.equal(nativeInit.length, r.nativeInit);
  assert.equal(nativeAnn.length, r.nativeAnnotation);
  assert.ok(of('MutatingWebhookConfiguration').some((m) => m.metadata.name === 'istio-sidecar-injector'));
  assert.ok(deployments.some((d) => d.metadata.name === 'istiod' && d.metadata.namespace === 'istio-system'));
  const labels = of('Namespace').map((n) => n.metadata.labels ?? {});
  assert.ok(labels.some((l) => l['istio-injection'] === 'enabled' && !l['istio.io/rev']));
  assert.ok(labels.some((l) => l['istio.io/rev'] === 'canary' && !l['istio-injection']));
  assert.ok(of('VirtualService').length > 0 && of('DestinationRule').length > 0 && of('Service').length > 0);

  // The file the benchmark touches exists and starts with a labelled Deployment.
  const touched = readFileSync(join(dir, r.deploymentFile), 'utf8');
  assert.match(touched, /^apiVersion: apps\/v1\nkind: Deployment\n[^]*?^ {2}labels:\n/m);
});

test('the crd variant is mostly CustomResourceDefinitions and ConfigMaps, with a few mesh objects', () => {
  const dir = temp();
  generate(dir, { namespaces: 10, variant: 'crd' });
  let heavy = 0;
  let total = 0;
  let mesh = 0;
  for (const [, buf] of tree(dir)) {
    for (const doc of parseAllDocuments(buf.toString('utf8'))) {
      const size = doc.range[2] - doc.range[0];
      const kind = (doc.toJS() as Obj).kind as string;
      total += size;
      if (kind === 'CustomResourceDefinition' || kind === 'ConfigMap') heavy += size;
      if (kind === 'Sidecar' || kind === 'VirtualService') mesh++;
    }
  }
  assert.ok(heavy / total > 0.8, `CRDs and ConfigMaps are ${(100 * heavy / total).toFixed(0)}% of the bytes`);
  assert.ok(mesh > 0, 'no mesh objects at all');
});

test('the floor script reads exactly the generated documents', () => {
  const dir = temp();
  const r = generate(dir, { namespaces: 3 });
  const run = spawnSync(process.execPath, [join(root, 'bench', 'floor.mjs'), dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { files: number; docs: number; bytes: number; errors: number };
  assert.deepEqual({ files: out.files, docs: out.docs, bytes: out.bytes, errors: out.errors },
    { files: r.files, docs: r.docs, bytes: r.bytes, errors: 0 });
});

test('the generator refuses to write into a non-empty directory', () => {
  const dir = temp();
  generate(dir, { namespaces: 1 });
  assert.throws(() => generate(dir, { namespaces: 1 }), /not empty/);
});
