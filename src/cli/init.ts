import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_NAMES } from '../config/load.js';
import { discover, toPosix } from '../input/discover.js';
import { parseFile } from '../input/parse.js';
import { DEFAULT_MAX_FILE_SIZE, readSource } from '../input/decode.js';
import { imageMatches, parseImage } from '../k8s/image.js';
import { minorOf, parseVersion } from '../k8s/version.js';
import { visible } from '../format/terminal-text.js';
import { inert } from '../format/workflow-commands.js';
import { isObject } from '../model/resource.js';
import type { JsonObject } from '../rule.js';

/** Kubernetes version written when the manifests name none: a recent, still common minor. */
export const DEFAULT_KUBERNETES = '1.31';

interface Evidence { value: string; why: string }
export interface InitChoice {
  readonly include: string[];
  readonly exclude: string[];
  readonly manifests: number;
  readonly kubernetesVersion: Evidence & { guess: boolean };
  readonly mesh: { flavor: 'istio' | 'asm' | 'anthos'; version?: string; why: string; guess: boolean };
  /** Clusters proposed from directory layouts such as `clusters/<name>/`, `envs/<name>/`, `overlays/<name>/`. */
  readonly clusters: { name: string; include: string[] }[];
}

/** Directories whose subdirectories are usually one cluster or environment each. */
const CLUSTER_PARENTS = new Set(['clusters', 'cluster', 'envs', 'environments', 'overlays']);

/**
 * Clusters from the layout: each `<parent>/<name>/` directory (at any depth) holding
 * manifests, grouped by name (the `prod` overlays of several apps are one cluster).
 * Proposed only when there are at least two, as one cluster is what no clusters means.
 */
export function proposeClusters(files: readonly string[]): { name: string; include: string[] }[] {
  const byName = new Map<string, Set<string>>();
  for (const file of files) {
    const segments = file.split('/');
    const at = segments.findIndex((s, i) => CLUSTER_PARENTS.has(s) && i + 2 < segments.length);
    if (at < 0) continue;
    const name = segments[at + 1]!;
    if (!/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name) || name === 'default') continue;
    byName.set(name, (byName.get(name) ?? new Set()).add(segments.slice(0, at + 2).join('/')));
  }
  if (byName.size < 2) return [];
  return [...byName].sort(([a], [b]) => a.localeCompare(b)).map(([name, dirs]) => ({ name, include: [...dirs].sort() }));
}

// Images whose tag is the Kubernetes version of the cluster they run in or for.
const KUBERNETES_IMAGES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'kindest/node'];

/** Looks at every YAML and JSON file under `dir` and guesses a starter configuration. */
export async function guessConfig(dir: string): Promise<InitChoice> {
  const { files } = await discover([dir], { cwd: dir, base: dir, exclude: [] });
  const groups = new Map<string, Set<string>>();
  const charts: string[] = [];
  const k8s: Evidence[] = [];
  const mesh: { flavor?: 'asm' | 'anthos'; version?: string; why: string }[] = [];
  let manifests = 0;
  const withObjects: string[] = [];
  for (const file of files.map((f) => toPosix(path.relative(dir, f))).sort()) {
    if (path.posix.basename(file) === 'Chart.yaml') charts.push(path.posix.dirname(file));
    const objects = objectsIn(path.join(dir, file));
    if (objects.length === 0) continue;
    manifests++;
    withObjects.push(file);
    const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
    groups.set(top, (groups.get(top) ?? new Set()).add(path.posix.extname(file).slice(1)));
    for (const object of objects) {
      const apiVersion = String(object.apiVersion);
      const kind = String(object.kind);
      if (apiVersion.startsWith('istio.alibabacloud.com/')) mesh.push({ flavor: 'asm', why: `${kind} (${apiVersion}) in ${file}` });
      if (apiVersion.startsWith('mesh.cloud.google.com/')) mesh.push({ flavor: 'anthos', why: `${kind} (${apiVersion}) in ${file}` });
      if (kind === 'IstioOperator' && isObject(object.spec) && parseVersion(String(object.spec.tag ?? ''))) {
        mesh.push({ version: minorOf(String(object.spec.tag)), why: `IstioOperator tag "${object.spec.tag}" in ${file}` });
      }
      for (const image of imagesIn(object)) {
        const tag = parseImage(image).tag;
        const version = minorOf(tag);
        if (!version) continue;
        if (KUBERNETES_IMAGES.some((repo) => imageMatches(image, repo))) k8s.push({ value: version, why: `image "${image}" in ${file}` });
        if (/\/(pilot|proxyv2)$/.test(parseImage(image).repository) || /^(pilot|proxyv2)$/.test(parseImage(image).repository)) {
          const flavor = /-asm\b|gke-release\/asm\//.test(image) ? 'anthos' : /aliyuncs\.com\//.test(image) ? 'asm' : undefined;
          mesh.push({ version, why: `image "${image}" in ${file}`, ...(flavor ? { flavor } : {}) });
        }
      }
    }
  }
  const include = [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([top, exts]) => {
    const ext = exts.size === 1 ? [...exts][0]! : `{${[...exts].sort().join(',')}}`;
    return top ? `${top}/**/*.${ext}` : `*.${ext}`;
  });
  const exclude = charts.map((chart) => `${chart === '.' ? '' : `${chart}/`}templates/**`);
  // The oldest Kubernetes component seen: kubelets lag the control plane, never lead it.
  const oldestK8s = k8s.sort((a, b) => (parseVersion(a.value)!.compare(parseVersion(b.value)!)))[0];
  const versioned = mesh.find((m) => m.version);
  const flavored = mesh.find((m) => m.flavor);
  return {
    include, exclude, manifests, clusters: proposeClusters(withObjects),
    kubernetesVersion: oldestK8s
      ? { ...oldestK8s, guess: false }
      : { value: DEFAULT_KUBERNETES, why: 'no Kubernetes component image in the manifests; set the version your cluster runs', guess: true },
    mesh: {
      flavor: flavored?.flavor ?? 'istio',
      ...(versioned ? { version: versioned.version } : {}),
      why: [flavored?.why, versioned && versioned !== flavored ? versioned.why : undefined].filter(Boolean).join('; ')
        || 'no istiod or proxy image, IstioOperator, ASM or Cloud Service Mesh resource in the manifests; set flavor and version',
      guess: !flavored && !versioned,
    },
  };
}

/** The Kubernetes objects of a file, read as a lint run reads them. */
function objectsIn(file: string): JsonObject[] {
  const source = readSource(file, DEFAULT_MAX_FILE_SIZE);
  return 'text' in source ? parseFile(file, source.text, { defaultNamespace: 'default' }).resources.map((r) => r.body) : [];
}

function imagesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) imagesIn(v, out);
  else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'image' || key === 'sidecar.istio.io/proxyImage') && typeof v === 'string') out.push(v);
      else imagesIn(v, out);
    }
  }
  return out;
}

/** The published JSON Schema of `.lintrc`, for editors with yaml-language-server. */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/meshlint/meshlint/main/schemas/lintrc.schema.json';

/** The schema for the `.lintrc` in `dir`: the installed package's copy, which matches its version, else the published one. */
export function schemaFor(dir: string): string {
  const installed = path.join(dir, 'node_modules', 'meshlint', 'schemas', 'lintrc.schema.json');
  return existsSync(installed) ? './node_modules/meshlint/schemas/lintrc.schema.json' : SCHEMA_URL;
}

/** The `.lintrc` text for these choices, each guess marked as one. */
export function renderConfig(choice: InitChoice, schema = SCHEMA_URL): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [`# yaml-language-server: $schema=${schema}`, '# meshlint configuration, written by "meshlint init"; every key is described in', '# https://github.com/meshlint/meshlint/blob/main/.lintrc.example'];
  if (choice.include.length) lines.push(`include: [${choice.include.map(q).join(', ')}]`);
  else lines.push('# include: ["deploy/**/*.yaml"]   # no manifests found: meshlint lints the working directory');
  if (choice.exclude.length) lines.push(`exclude: [${choice.exclude.map(q).join(', ')}]   # Helm templates: lint "helm template" output instead`);
  lines.push(`kubernetesVersion: ${q(choice.kubernetesVersion.value)}   # ${choice.kubernetesVersion.guess ? 'a guess: ' : 'from '}${choice.kubernetesVersion.why}`);
  const mesh = `{ flavor: ${choice.mesh.flavor}${choice.mesh.version ? `, version: ${q(choice.mesh.version)}` : ''} }`;
  lines.push(`mesh: ${mesh}   # ${choice.mesh.guess ? 'a guess: ' : 'from '}${choice.mesh.why}`);
  if (choice.clusters.length) {
    lines.push('# Each cluster is linted on its own, so copies of one object in two clusters do not clash;', '# set kubernetesVersion and mesh per cluster where they differ.', 'clusters:');
    for (const c of choice.clusters) lines.push(`  - { name: ${q(c.name)}, include: [${c.include.map(q).join(', ')}] }`);
  }
  return `${lines.join('\n')}\n`;
}

/** Directory names and values from the manifests, on one line of a terminal or log. */
const shown = (text: string) => inert(visible(text));

/** `meshlint init`: writes `.lintrc` in `dir` and says what it chose; 0 when written, 2 when refused. */
export async function init(dir: string, force: boolean, io: { stdout: (t: string) => void; stderr: (t: string) => void }): Promise<number> {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    io.stderr(`meshlint: no directory ${shown(dir)}\n`);
    return 2;
  }
  const existing = CONFIG_NAMES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
  if (existing && !force) {
    io.stderr(`meshlint: ${path.basename(existing)} already exists in ${shown(dir)}; use --force to replace it\n`);
    return 2;
  }
  const choice = await guessConfig(dir);
  const target = existing && path.basename(existing) !== '.lintrc' ? existing : path.join(dir, '.lintrc');
  writeFileSync(target, renderConfig(choice, schemaFor(path.dirname(target))));
  const how = (guess: boolean) => (guess ? 'guessed' : 'found');
  io.stdout([
    `meshlint: wrote ${path.basename(target)}`,
    `  include: ${choice.include.length ? choice.include.join(', ') : '(none)'}  (${choice.manifests} file(s) with Kubernetes objects)`,
    ...(choice.exclude.length ? [`  exclude: ${choice.exclude.join(', ')}  (Helm chart templates)`] : []),
    `  kubernetesVersion: ${choice.kubernetesVersion.value}  (${how(choice.kubernetesVersion.guess)}: ${choice.kubernetesVersion.why})`,
    `  mesh: ${choice.mesh.flavor}${choice.mesh.version ? ` ${choice.mesh.version}` : ''}  (${how(choice.mesh.guess)}: ${choice.mesh.why})`,
    ...(choice.clusters.length ? [`  clusters: ${choice.clusters.map((c) => `${c.name} (${c.include.join(', ')})`).join(', ')}  (from the directory layout)`] : []),
    'Review it, then run meshlint with no arguments to lint the included files.',
  ].map(shown).join('\n') + '\n');
  return 0;
}
