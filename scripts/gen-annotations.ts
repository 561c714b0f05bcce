// Generates src/istio/annotation-catalogue.ts, Istio's annotation catalogue as data, from an
// istio/api and an istio/istio checkout (a work tree or a git directory), run by hand:
//   npm run build && node dist/scripts/gen-annotations.js [--api DIR] [--istio DIR]
// From istio/api: every annotation of annotation/annotations.yaml (status, deprecated, hidden,
// the kinds Istio reads it on), the names of Istio's labels (label/labels.yaml), and the
// top-level fields of mesh ProxyConfig (mesh/v1alpha1/proxy.proto), for the value of
// proxy.istio.io/config. From istio/istio: which annotations have a value validator
// (pkg/kube/inject/validate.go), which the analyzer always ignores
// (pkg/config/analysis/analyzers/maturity/maturity.go), and the annotations Istio reads that the
// catalogue does not list: those the injection templates read, and the few below. With git
// directories, also the annotations that the releases from 1.20 on catalogued or read and the
// newest does not (retired), with the last release of each.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './gen.js';

/** The first and last Istio releases whose annotations count as retired when the newest drops them. */
const FIRST_MINOR = 20;
const LAST_RELEASED_MINOR = 30;

/**
 * Annotations that Istio's Go code reads but the catalogue does not list, with the file that
 * reads each; the generator fails when that file no longer names it.
 */
const UNCATALOGUED: readonly { name: string; resources: string[]; file: string; spelt?: string }[] = [
  // Written on Pods by the injector itself, for Prometheus scraping.
  { name: 'prometheus.istio.io/secure-port', resources: ['Pod'], file: 'pkg/kube/inject/webhook.go' },
  // The ports and paths the agent scrapes, read by the injector under its sanitised name.
  { name: 'prometheus.istio.io/scrape-targets', resources: ['Pod'], file: 'pkg/kube/inject/webhook.go', spelt: 'prometheus_istio_io_scrape_targets' },
  // A waypoint's pod annotation (node metadata) that turns on XFCC synthesis.
  { name: 'ambient.istio.io/xfcc-include-client-identity', resources: ['Pod'], file: 'pilot/pkg/networking/core/listener_waypoint.go' },
  // DNS connect strategy of a ServiceEntry (serviceentry/conversion.go) or, in ambient, a Service.
  { name: 'istio.io/connect-strategy', resources: ['Service', 'ServiceEntry'], file: 'pilot/pkg/model/service.go' },
  // Set on auto-registered WorkloadEntries by istiod's health checking.
  { name: 'proxy.istio.io/health-checks-enabled', resources: ['WorkloadEntry'], file: 'pilot/pkg/model/status/workloadentry.go' },
];
/** Where the injection templates are, whose annotation look-ups are all on the Pod. */
const TEMPLATES = 'manifests/charts/istio-control/istio-discovery/files';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};

/** A checkout read from its git directory (HEAD) when it has one, else from its work tree. */
interface Source { readonly dir: string; readonly git?: string; show(file: string, ref?: string): string; list(dir: string, ref?: string): string[] }
function source(dir: string): Source {
  const gitDir = existsSync(path.join(dir, '.git')) ? path.join(dir, '.git') : existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects')) ? dir : undefined;
  const git = (...args: string[]) => execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  if (!gitDir) {
    return {
      dir,
      show: (file, ref) => { if (ref) throw new Error(`${dir} is no git checkout: no ${ref}`); return readFileSync(path.join(dir, file), 'utf8'); },
      list: (d, ref) => { if (ref) throw new Error(`${dir} is no git checkout: no ${ref}`); return readdirSync(path.join(dir, d)).filter((f) => statSync(path.join(dir, d, f)).isFile()); },
    };
  }
  return {
    dir, git: gitDir,
    show: (file, ref = 'HEAD') => git('show', `${ref}:${file}`),
    list: (d, ref = 'HEAD') => git('ls-tree', '--name-only', `${ref}:${d}`).split('\n').filter(Boolean),
  };
}
const describe = (s: Source) => {
  if (!s.git) return {};
  const run = (...args: string[]) => execFileSync('git', [`--git-dir=${s.git}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const [commit, date] = run('log', '-1', '--format=%H %cs', 'HEAD').split(' ');
  let version: string | undefined;
  try { version = run('describe', '--tags', 'HEAD'); } catch { /* no tags */ }
  return { commit, date, ...(version ? { describe: version } : {}) };
};

const api = source(arg('--api', '/work/.mirror/istio+api/repo'));
const istio = source(arg('--istio', '/work/.mirror/istio+istio/repo'));

interface Entry { name: string; featureStatus?: string; deprecated?: boolean; hidden?: boolean; resources?: string[] }
const entries = (parse(api.show('annotation/annotations.yaml')) as { annotations: Entry[] }).annotations;
// Istio's labels, to tell a label written as an annotation from an unknown annotation.
const labels = (parse(api.show('label/labels.yaml')) as { labels: { name: string }[] }).labels.map((l) => l.name).sort();

// The Go variable of each annotation (annotations.gen.go), which istio/istio's maps are keyed by.
const variables = new Map<string, string>();
for (const m of api.show('annotation/annotations.gen.go').matchAll(/^\t(\w+) = Instance \{\s*Name:\s*"([^"]+)"/gm)) variables.set(m[1]!, m[2]!);
const nameOf = (variable: string, where: string) => {
  const name = variables.get(variable);
  if (!name) throw new Error(`${where} names annotation.${variable}, which istio/api does not define`);
  return name;
};

const validateGo = istio.show('pkg/kube/inject/validate.go');
const validatorMap = /AnnotationValidation = map\[string\]annotationValidationFunc\{([^}]*)\}/.exec(validateGo)?.[1];
if (!validatorMap) throw new Error('no AnnotationValidation map in pkg/kube/inject/validate.go');
const validators = new Map([...validatorMap.matchAll(/annotation\.(\w+)\.Name:\s*(\w+),/g)].map((m) => [nameOf(m[1]!, 'validate.go'), m[2]!]));

const maturityGo = istio.show('pkg/config/analysis/analyzers/maturity/maturity.go');
const ignoredMap = /AlwaysIgnoredAnnotations = map\[string\]bool\{([^}]*)\}/.exec(maturityGo)?.[1];
if (!ignoredMap) throw new Error('no AlwaysIgnoredAnnotations map in maturity.go');
const ignored = [...ignoredMap.matchAll(/annotation\.(\w+)\.Name:\s*true/g)].map((m) => nameOf(m[1]!, 'maturity.go'));

const catalogued = new Set(entries.map((e) => e.name));
/** The Pod annotations the injection templates of a release read. */
function templateAnnotations(ref?: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of istio.list(TEMPLATES, ref).filter((f) => f.endsWith('.yaml'))) {
    const text = istio.show(`${TEMPLATES}/${file}`, ref);
    for (const m of text.matchAll(/(?:annotation \.ObjectMeta|\.ObjectMeta\.Annotations) [`"]([^`"]+)[`"]/g)) {
      if (/^[^/]*istio\.io\//.test(m[1]!) && !found.has(m[1]!)) found.set(m[1]!, `${TEMPLATES}/${file}`);
    }
  }
  return found;
}
const uncatalogued = new Map<string, { resources: string[]; readBy: string }>();
for (const [name, file] of templateAnnotations()) if (!catalogued.has(name)) uncatalogued.set(name, { resources: ['Pod'], readBy: file });
for (const u of UNCATALOGUED) {
  if (catalogued.has(u.name)) throw new Error(`${u.name} is in the catalogue now: drop it from UNCATALOGUED`);
  if (!istio.show(u.file).includes(`"${u.spelt ?? u.name}"`)) throw new Error(`${u.file} no longer names ${u.name}`);
  uncatalogued.set(u.name, { resources: u.resources, readBy: u.file });
}

// Annotations that a release from FIRST_MINOR on catalogued or read in its injection templates,
// and the newest one no longer does, with the last release that did.
const retired = new Map<string, { resources: string[]; lastRelease: string }>();
if (api.git && istio.git) {
  for (let minor = FIRST_MINOR; minor <= LAST_RELEASED_MINOR; minor++) {
    const tag = `1.${minor}.0`;
    const old = (parse(api.show('annotation/annotations.yaml', tag)) as { annotations: Entry[] }).annotations.map((e) => [e.name, e.resources ?? []] as const);
    for (const [name, resources] of [...old, ...[...templateAnnotations(tag).keys()].map((n) => [n, ['Pod']] as const)]) {
      if (!catalogued.has(name) && !uncatalogued.has(name)) retired.set(name, { resources: [...resources], lastRelease: `1.${minor}` });
    }
  }
} else {
  console.warn('no git directories: the annotations of earlier releases are left out');
}

// mesh ProxyConfig's top-level fields, as protojson reads them (either the JSON or the proto name).
const proto = api.show('mesh/v1alpha1/proxy.proto').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
function block(text: string, keyword: string, name: string): string {
  const start = new RegExp(`\\b${keyword}\\s+${name}\\s*\\{`).exec(text);
  if (!start) throw new Error(`no ${keyword} ${name} in proxy.proto`);
  let depth = 0;
  for (let i = start.index + start[0].length - 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start.index + start[0].length, i);
  }
  throw new Error(`unbalanced ${name}`);
}
/** The text of a block without its nested message and enum blocks (oneofs stay: their fields are the message's). */
function ownText(body: string): string {
  const NESTED = /\b(?:message|enum)\s+\w+\s*\{/g;
  let out = '';
  let i = 0;
  for (let m = NESTED.exec(body); m; m = NESTED.exec(body)) {
    out += body.slice(i, m.index);
    let depth = 0;
    let j = m.index + m[0].length - 1;
    for (; j < body.length; j++) if (body[j] === '{') depth++; else if (body[j] === '}' && --depth === 0) break;
    i = NESTED.lastIndex = j + 1;
  }
  return out + body.slice(i);
}
const enumValues = (body: string) => [...body.matchAll(/(\w+)\s*=\s*-?\d+\s*(?:\[[^\]]*\])?\s*;/g)].map((m) => m[1]!);
const proxyBody = block(proto, 'message', 'ProxyConfig');
const enums = new Map<string, string[]>();
for (const m of proto.matchAll(/\benum\s+(\w+)\s*\{([^}]*)\}/g)) enums.set(m[1]!, enumValues(m[2]!));
const SCALARS: Record<string, string> = {
  string: 'string', bool: 'bool', int32: 'int', int64: 'int', uint32: 'uint', uint64: 'uint', double: 'number', float: 'number',
  'google.protobuf.Duration': 'duration', 'google.protobuf.BoolValue': 'bool', 'google.protobuf.StringValue': 'string',
  'google.protobuf.Int32Value': 'int', 'google.protobuf.Int64Value': 'int', 'google.protobuf.UInt32Value': 'uint', 'google.protobuf.DoubleValue': 'number',
};
type FieldType = string | { enum: string[] };
const proxyConfig: Record<string, { proto: string; type: FieldType; values?: string; repeated?: true; deprecated?: true }> = {};
const FIELD = /(repeated\s+)?(map\s*<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+\s*(\[[^\]]*\])?\s*;/g;
for (const m of ownText(proxyBody).matchAll(FIELD)) {
  const [, repeated, typeName, field, options] = m as unknown as [string, string | undefined, string, string, string | undefined];
  const mapValue = /^map\s*<\s*string\s*,\s*([\w.]+)\s*>$/.exec(typeName)?.[1];
  if (typeName.startsWith('map') && !mapValue) throw new Error(`ProxyConfig.${field}: a map whose keys are not strings`);
  const type: FieldType = mapValue ? 'map' : SCALARS[typeName] ?? (enums.has(typeName) ? { enum: enums.get(typeName)! } : 'message');
  const json = field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  proxyConfig[json] = {
    proto: field, type,
    ...(mapValue ? { values: SCALARS[mapValue] ?? 'message' } : {}),
    ...(repeated ? { repeated: true as const } : {}),
    ...(options?.includes('deprecated = true') ? { deprecated: true as const } : {}),
  };
}

const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
const annotations = sorted(Object.fromEntries(entries.map((e) => [e.name, {
  status: e.featureStatus ?? 'Unknown',
  resources: e.resources ?? [],
  ...(e.deprecated ? { deprecated: true } : {}),
  ...(e.hidden ? { hidden: true } : {}),
  ...(validators.has(e.name) ? { validator: validators.get(e.name) } : {}),
}])));
for (const name of validators.keys()) if (!catalogued.has(name)) throw new Error(`validate.go validates ${name}, which the catalogue does not list`);

const catalogue = {
  generatedBy: 'scripts/gen-annotations.ts',
  sources: {
    api: { repository: 'istio/api', files: ['annotation/annotations.yaml', 'annotation/annotations.gen.go', 'label/labels.yaml', 'mesh/v1alpha1/proxy.proto'], ...describe(api) },
    istio: { repository: 'istio/istio', files: ['pkg/kube/inject/validate.go', 'pkg/config/analysis/analyzers/maturity/maturity.go', `${TEMPLATES}/*.yaml`, ...new Set(UNCATALOGUED.map((u) => u.file))], ...describe(istio) },
  },
  annotations,
  alwaysIgnored: ignored.sort(),
  uncatalogued: sorted(Object.fromEntries(uncatalogued)),
  retired: sorted(Object.fromEntries(retired)),
  labels,
  proxyConfig: sorted(proxyConfig),
};

// One entry a line, so that a regeneration's diff shows what changed.
const lines = (record: Record<string, unknown>) => `{\n${Object.entries(record).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`).join('\n')}\n  }`;
const body = [
  `  generatedBy: ${JSON.stringify(catalogue.generatedBy)},`,
  `  sources: ${JSON.stringify(catalogue.sources, null, 2).replace(/\n/g, '\n  ')},`,
  `  annotations: ${lines(catalogue.annotations)},`,
  `  alwaysIgnored: ${JSON.stringify(catalogue.alwaysIgnored)},`,
  `  uncatalogued: ${lines(catalogue.uncatalogued)},`,
  `  retired: ${lines(catalogue.retired)},`,
  `  labels: ${JSON.stringify(catalogue.labels)},`,
  `  proxyConfig: ${lines(catalogue.proxyConfig)},`,
];
const out = path.join(ROOT, 'src/istio/annotation-catalogue.ts');
writeFileSync(out, [
  '// Generated by scripts/gen-annotations.ts from istio/api and istio/istio (see `sources`): do not edit.',
  '// Regenerate: npm run build && node dist/scripts/gen-annotations.js --api ISTIO_API_DIR --istio ISTIO_DIR',
  'import type { AnnotationCatalogue } from \'./annotations.js\';',
  '',
  `export const CATALOGUE: AnnotationCatalogue = {\n${body.join('\n')}\n};`,
  '',
].join('\n'));
console.log(`${entries.length} annotations (${validators.size} with a validator, ${uncatalogued.size} read but not catalogued, ${retired.size} retired), ${Object.keys(proxyConfig).length} ProxyConfig fields`);
