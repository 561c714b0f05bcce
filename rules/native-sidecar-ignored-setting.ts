import { parse } from 'yaml';
import { isObject } from '../src/model/resource.js';
import { defineRule, type Json, type Path, type Resource, type RuleContext } from '../src/rule.js';
import { quitQuitQuitAt } from '../src/k8s/containers.js';
import { ISTIO_OPERATOR as OPERATOR } from '../src/istio/kinds.js';
import { MESH_NATIVE_READS, meshNative, WORKLOAD_NATIVE_READS, workloadNative } from '../src/istio/native-sidecars.js';
import { CONFIG_MAP, CRON_JOB, JOB, readsBeyond, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { podTemplateOf } from '../src/k8s/workload.js';

const PROXY_CONFIG = 'proxy.istio.io/config';
const KINDS = [...WORKLOAD_KINDS, OPERATOR, CONFIG_MAP];

/** ProxyConfig fields that native sidecars bypass, as paths inside a ProxyConfig. */
const IGNORED: Path[] = [['holdApplicationUntilProxyStarts'], ['terminationDrainDuration'],
  ['proxyMetadata', 'EXIT_ON_ZERO_ACTIVE_CONNECTIONS'], ['proxyMetadata', 'MINIMUM_DRAIN_DURATION']];

function present(config: unknown): Path[] {
  return IGNORED.filter((path) => {
    let node: unknown = config;
    for (const key of path) node = isObject(node) ? node[key] : undefined;
    return node !== undefined && node !== null;
  });
}

const quoted = (path: Path) => `"${path.join('.')}"`;
/** The first setting and a count of the others, for a message; the hint lists them all. */
const first = (paths: Path[]) => `${quoted(paths[0]!)}${paths.length > 2 ? ` and ${paths.length - 1} more settings` : paths.length > 1 ? ' and 1 more setting' : ''}`;
const all = (paths: Path[]) => paths.map(quoted).join(', ').replace(/, ([^,]*)$/, ' and $1');
const WHY = 'the kubelet starts the proxy before the app, and Istio drains it from a preStop hook after the app exits, so start and drain settings have no effect';
const hintOf = (why: string, paths: Path[]) => `${why}: ${WHY}. Remove ${all(paths)}.`;

export default defineRule({
  meta: {
    id: 'native-sidecar-ignored-setting',
    description: 'Report proxy start and drain settings that native sidecars ignore',
    rationale: 'With a native sidecar the kubelet starts istio-proxy before the app and stops it after the app, and Istio drains it from a preStop hook. holdApplicationUntilProxyStarts, terminationDrainDuration, EXIT_ON_ZERO_ACTIVE_CONNECTIONS and MINIMUM_DRAIN_DURATION then have no effect, and quitquitquit calls in Jobs are unnecessary; keeping them suggests a behaviour the mesh no longer has.',
    remediation: 'Remove the settings (and the quitquitquit call) from workloads that run native sidecars, or keep them only where native sidecars are turned off.',
    severity: 'warning',
    kinds: KINDS,
    reads: readsBeyond(KINDS, WORKLOAD_NATIVE_READS, MESH_NATIVE_READS),
    names: { [CONFIG_MAP]: ['istio', 'istio-*'] },
    tags: ['istio', 'native-sidecar'],
  },
  check(resource, ctx) {
    if (resource.groupKind === OPERATOR) return checkOperator(resource, ctx);
    if (resource.groupKind === CONFIG_MAP) return checkMeshConfigMap(resource, ctx);
    const template = podTemplateOf(resource);
    const decision = workloadNative(resource, ctx.resources, ctx.settings);
    if (!template || decision.native !== 'yes' || decision.injected === false) return;
    const text = template.annotations[PROXY_CONFIG];
    const found = text === undefined ? [] : present(safeParse(text));
    if (found.length) {
      ctx.report({
        message: `${PROXY_CONFIG} of ${resource.ref} sets ${first(found)} that its native sidecar ignores`,
        hint: hintOf(`The proxy is a native sidecar (${decision.reason})`, found),
        at: [...template.path, 'metadata', 'annotations', PROXY_CONFIG], focus: 'value',
      });
    }
    const quit = resource.groupKind === JOB || resource.groupKind === CRON_JOB ? quitQuitQuitAt(resource) : undefined;
    if (quit) {
      ctx.report({ message: `${resource.ref} calls quitquitquit, which its native sidecar makes unnecessary`, hint: `The proxy is a native sidecar (${decision.reason}): the kubelet stops it when the job's containers exit. Remove the call.`, at: quit, severity: 'info' });
    }
  },
});

function safeParse(text: string): Json {
  try { return parse(text) as Json; } catch { return null; }
}

function meshWide(ctx: RuleContext) {
  const { decision } = meshNative(ctx.resources, ctx.settings);
  return decision.native === 'yes' ? decision : undefined;
}

function checkOperator(operator: Resource, ctx: RuleContext) {
  const decision = meshWide(ctx);
  const spec = operator.body.spec;
  const defaults = isObject(spec) && isObject(spec.meshConfig) ? spec.meshConfig.defaultConfig : undefined;
  if (!decision) return;
  for (const path of present(defaults)) {
    ctx.report({ message: `meshConfig.defaultConfig.${path.join('.')} of ${operator.ref} has no effect, since proxies are native sidecars`, hint: hintOf(`Proxies are native sidecars (${decision.reason})`, [path]), at: ['spec', 'meshConfig', 'defaultConfig', ...path], focus: 'key' });
  }
}

// The mesh ConfigMap (`istio`, or `istio-<rev>`) keeps MeshConfig as YAML text under data.mesh.
function checkMeshConfigMap(map: Resource, ctx: RuleContext) {
  const data = map.body.data;
  if (!/^istio(-.+)?$/.test(map.name) || !isObject(data) || typeof data.mesh !== 'string') return;
  const decision = meshWide(ctx);
  const mesh = safeParse(data.mesh);
  const found = present(isObject(mesh) ? mesh.defaultConfig : undefined);
  if (!decision || found.length === 0) return;
  ctx.report({ message: `the mesh config in ${map.ref} sets defaultConfig ${first(found)} that native sidecars ignore`, hint: hintOf(`Proxies are native sidecars (${decision.reason})`, found), at: ['data', 'mesh'], focus: 'key' });
}
