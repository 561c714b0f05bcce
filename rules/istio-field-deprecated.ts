import { defineRule } from '../src/rule.js';
import type { Path, Resource } from '../src/rule.js';
import { SIDECAR, TELEMETRY, VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { MESH_CONFIG_READS, meshConfigSources } from '../src/istio/mesh-config.js';
import { providerLists } from '../src/istio/telemetry.js';
import { CUSTOM_RESOURCE_DEFINITION, readsBeyond } from '../src/k8s/kinds.js';
import { isObject } from '../src/model/resource.js';

const KINDS = [VIRTUAL_SERVICE, SIDECAR, TELEMETRY, CUSTOM_RESOURCE_DEFINITION];
/** Kinds of Istio's RBAC API, removed in Istio 1.6 in favour of AuthorizationPolicy. */
const REMOVED_RBAC_KINDS = ['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding'];

interface Deprecation { readonly at: Path; readonly field: string; readonly instead: string }

const get = (value: unknown, ...keys: (string | number)[]) =>
  keys.reduce<unknown>((node, key) => (isObject(node) ? node[String(key)] : Array.isArray(node) ? node[Number(key)] : undefined), value);

function deprecations(resource: Resource, lightstep: ReadonlySet<string>): Deprecation[] {
  const found: Deprecation[] = [];
  if (resource.groupKind === VIRTUAL_SERVICE) {
    const http = get(resource.body, 'spec', 'http');
    for (const [i] of (Array.isArray(http) ? http : []).entries()) {
      const percent = get(http, i, 'fault', 'delay', 'percent');
      if (typeof percent === 'number' && percent > 0) {
        found.push({ at: ['spec', 'http', i, 'fault', 'delay', 'percent'], field: 'fault.delay.percent', instead: 'It may stop working in a later Istio release. Use fault.delay.percentage.value instead.' });
      }
    }
  } else if (resource.groupKind === SIDECAR) {
    if (get(resource.body, 'spec', 'outboundTrafficPolicy', 'egressProxy') !== undefined) {
      found.push({ at: ['spec', 'outboundTrafficPolicy', 'egressProxy'], field: 'outboundTrafficPolicy.egressProxy', instead: 'Istio already ignores it, so the egress proxy it names is not used. Remove it.' });
    }
  } else if (resource.groupKind === TELEMETRY) {
    for (const list of providerLists(resource).filter((l) => l.section === 'tracing')) {
      for (const { name, index } of list.names.filter((n) => lightstep.has(n.name))) {
        found.push({ at: ['spec', 'tracing', list.index, 'providers', index, 'name'], field: `the Lightstep provider "${name}"`, instead: 'Lightstep support is going away. Send traces through an OpenTelemetry provider instead.' });
      }
    }
  } else if (get(resource.body, 'spec', 'group') === 'rbac.istio.io') {
    const kind = get(resource.body, 'spec', 'names', 'kind');
    if (typeof kind === 'string' && REMOVED_RBAC_KINDS.includes(kind)) {
      found.push({ at: ['spec', 'names', 'kind'], field: `the custom resource type rbac.istio.io ${kind}`, instead: 'Istio no longer serves this API. Express the rules as AuthorizationPolicies and delete the CRD.' });
    }
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'istio-field-deprecated',
    description: 'Report deprecated and removed Istio fields, providers and resource types',
    rationale: 'Istio keeps some deprecated fields readable for a while but may ignore them already or drop them in a later release: VirtualService fault.delay.percent (replaced by percentage), Sidecar outboundTrafficPolicy.egressProxy (ignored), Lightstep tracing providers (replaced by OpenTelemetry), and the rbac.istio.io resource types (removed in favour of AuthorizationPolicy).',
    remediation: 'Move to the replacement the finding names before upgrading Istio.',
    severity: 'warning',
    kinds: KINDS,
    reads: readsBeyond(KINDS, MESH_CONFIG_READS),
    istio: 'IST0002',
    tags: ['istio', 'deprecation'],
  },
  check(resource, ctx) {
    const lightstep = ctx.resources.memo('lightstepProviders', () => new Set(meshConfigSources(ctx.resources, ctx.settings)
      .flatMap((s) => (Array.isArray(s.config.extensionProviders) ? s.config.extensionProviders : []))
      .flatMap((p) => (isObject(p) && typeof p.name === 'string' && isObject(p.lightstep) ? [p.name] : []))));
    for (const d of deprecations(resource, lightstep)) {
      ctx.report({
        message: `${resource.ref} uses ${d.field.startsWith('the ') ? d.field : `"${d.field}"`}, which Istio deprecates`,
        hint: d.instead,
        at: d.at,
        focus: 'key',
      });
    }
  },
});
