// Generates schemas/resources/ from the CRDs that Istio and the Gateway API publish, read
// from local git checkouts (never at run time):
//   node dist/scripts/gen-schemas.js [--istio GITDIR] [--gateway-api GITDIR]
// The newest Istio CRDs give the schemas; each Istio release from FIRST_MINOR on gives the
// facts of when an apiVersion began to be served and when a field appeared.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './gen.js';
import { fieldPaths, resourceSchema, type SchemaNode } from '../src/validation/structural.js';

const FIRST_MINOR = 20;
const LAST_RELEASED_MINOR = 30;
/** The version of Istio's development branch, whose CRDs are the newest. */
const DEVELOPMENT = '1.31';
const GATEWAY_API_TAG = 'v1.6.0';
const GATEWAY_API_STANDARD = ['backendtlspolicies', 'gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'listenersets', 'referencegrants', 'tcproutes', 'tlsroutes', 'udproutes'];

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const istioGit = arg('--istio', '/work/.mirror/istio+istio/repo');
const gatewayGit = arg('--gateway-api', '/work/.mirror/kubernetes-sigs+gateway-api/repo');

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', [`--git-dir=${dir}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
const show = (dir: string, ref: string, file: string) => git(dir, 'show', `${ref}:${file}`);
const istioCrds = (ref: string) => {
  for (const file of ['manifests/charts/base/files/crd-all.gen.yaml', 'manifests/charts/base/crds/crd-all.gen.yaml']) {
    try { return show(istioGit, ref, file); } catch { /* moved in 1.24 */ }
  }
  throw new Error(`no Istio CRDs at ${ref}`);
};

interface Crd { group: string; kind: string; plural: string; scope: string; versions: { name: string; served: boolean; schema: SchemaNode }[] }
function crds(text: string): Crd[] {
  const out: Crd[] = [];
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJS() as { kind?: string; spec?: { group: string; scope: string; names: { kind: string; plural: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: unknown } }[] } } | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    out.push({
      group: crd.spec.group, kind: crd.spec.names.kind, plural: crd.spec.names.plural, scope: crd.spec.scope,
      versions: crd.spec.versions.map((v) => ({ name: v.name, served: v.served, schema: resourceSchema(v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) })),
    });
  }
  return out;
}

const out = path.join(ROOT, 'schemas/resources');
rmSync(out, { recursive: true, force: true });
const istioHead = git(istioGit, 'log', '-1', '--format=%H %cs', '--', 'manifests/charts/base/files/crd-all.gen.yaml').trim().split(' ');
const gatewayCommit = git(gatewayGit, 'rev-list', '-1', GATEWAY_API_TAG).trim();

const releases: { minor: string; crds: Crd[] }[] = [];
for (let m = FIRST_MINOR; m <= LAST_RELEASED_MINOR; m++) releases.push({ minor: `1.${m}`, crds: crds(istioCrds(`1.${m}.0`)) });
const newest = crds(istioCrds(istioHead[0]));
releases.push({ minor: DEVELOPMENT, crds: newest });

const kinds: Record<string, unknown> = {};
let bytes = 0;
function write(crd: Crd, source: string, facts: boolean) {
  const groupKind = `${crd.group}/${crd.kind}`;
  const versions: Record<string, { file: string; served: boolean; since?: string }> = {};
  const fieldsSince: Record<string, string> = {};
  // Versions with the same schema (Istio's v1alpha3, v1beta1 and v1) share one file.
  const written = new Map<string, string>();
  for (const version of crd.versions) {
    const text = JSON.stringify(version.schema);
    let file = written.get(text);
    if (!file) {
      file = `${crd.group}/${crd.kind}.${version.name}.json`;
      written.set(text, file);
      bytes += text.length;
      mkdirSync(path.join(out, crd.group), { recursive: true });
      writeFileSync(path.join(out, file), `${text}\n`);
    }
    const entry: { file: string; served: boolean; since?: string } = { file, served: version.served };
    if (facts && version.served) {
      const first = releases.find((r) => r.crds.some((c) => c.group === crd.group && c.kind === crd.kind && c.versions.some((v) => v.name === version.name && v.served)));
      if (first && first !== releases[0]) entry.since = first.minor;
    }
    versions[version.name] = entry;
  }
  if (facts) {
    const pathsOf = (r: { crds: Crd[] }) => {
      const set = new Set<string>();
      for (const c of r.crds) if (c.group === crd.group && c.kind === crd.kind) for (const v of c.versions) fieldPaths(v.schema, '', set);
      return set;
    };
    const sets = releases.map(pathsOf);
    // A field as old as its kind needs no fact: the apiVersion's own `since` covers it.
    const born = sets.findIndex((set) => set.size > 0);
    for (const field of sets.at(-1)!) {
      let since = releases.length - 1;
      while (since > born && sets[since - 1].has(field)) since--;
      if (since > born && !field.startsWith('status')) fieldsSince[field] = releases[since].minor;
    }
  }
  kinds[groupKind] = { plural: crd.plural, scope: crd.scope, source, versions, ...(Object.keys(fieldsSince).length ? { fieldsSince } : {}) };
}
for (const crd of newest) write(crd, 'istio', true);
for (const plural of GATEWAY_API_STANDARD) {
  const file = `config/crd/experimental/gateway.networking.k8s.io_${plural}.yaml`;
  for (const crd of crds(show(gatewayGit, GATEWAY_API_TAG, file))) write(crd, 'gateway-api', false);
}
const sources = {
  istio: { repository: 'istio/istio', file: 'manifests/charts/base/files/crd-all.gen.yaml', commit: istioHead[0], date: istioHead[1], version: DEVELOPMENT, releases: releases.slice(0, -1).map((r) => `${r.minor}.0`) },
  'gateway-api': { repository: 'kubernetes-sigs/gateway-api', directory: 'config/crd/experimental', version: GATEWAY_API_TAG, commit: gatewayCommit },
};
const index = { generatedBy: 'scripts/gen-schemas.ts', sources, kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))) };
writeFileSync(path.join(out, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
console.log(`${Object.keys(kinds).length} kinds, ${(bytes / 1024).toFixed(0)} KiB of schemas`);
