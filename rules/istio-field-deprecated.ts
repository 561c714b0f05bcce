import { defineRule } from '../src/rule.js';
import type { Path, Resource } from '../src/rule.js';
import { SIDECAR, TELEMETRY, VIRTUAL_SERVICE } from '../src/istio/kinds.js';
import { MESH_CONFIG_READS, meshConfigSources } from '../src/istio/mesh-config.js';
import { providerLists } from '../src/istio/telemetry.js';
import { CUSTOM_RESOURCE_DEFINITION, readsBeyond } from '../src/k8s/kinds.js';
import { atLeast } from '../src/k8s/version.js';
import { isObject } from '../src/model/resource.js';

const KINDS = [VIRTUAL_SERVICE, SIDECAR, TELEMETRY, CUSTOM_RESOURCE_DEFINITION];
/** Kinds of Istio's RBAC API, which AuthorizationPolicy replaced. */
const REMOVED_RBAC_KINDS = ['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding'];

/** What Istio deprecates, and the release that deprecates it (and, for some, the one that stops reading it). */
interface Entry {
  /** As the rule's page lists it. */
  readonly what: string;
  /** The first Istio release that deprecates it (or whose istioctl reports it). */
  readonly since: string;
  /** How the page words `since`, when "deprecated in" would not be exact. */
  readonly sinceAs?: string;
  /** The first release in which istiod no longer reads it. */
  readonly removed?: string;
  /** What to do instead: the finding's hint. */
  readonly instead: string;
}

// The list of Istio's deprecation analyzers (pkg/config/analysis/analyzers/deprecation and
// telemetry/lightstep.go); the releases come from the history of istio/api and istio/istio.
const DEPRECATIONS = {
  // istio/api deprecated the integer `percent` for the double `percentage` in 1.1.
  delayPercent: { what: 'VirtualService fault.delay.percent', since: '1.1', instead: 'It may stop working in a later Istio release. Use fault.delay.percentage.value instead.' },
  // A field hidden from the documentation since it was added in 1.6; istioctl warns of it from 1.7.
  egressProxy: {
    what: 'Sidecar outboundTrafficPolicy.egressProxy',
    since: '1.7', sinceAs: 'hidden from the documentation, reported by istioctl from',
    instead: 'It is hidden from Istio\'s documentation and istioctl reports it as ignored, although istiod still sends unknown traffic to it. Do not rely on it: declare external hosts with ServiceEntries and route them through an egress gateway.',
  },
  // MeshConfig's Lightstep provider was deprecated in 1.18, when istioctl began to warn of its use.
  lightstep: { what: 'Telemetry tracing providers that name a Lightstep provider of the MeshConfig', since: '1.18', instead: 'Lightstep support is going away. Send traces through an OpenTelemetry provider instead.' },
  // Deprecated by AuthorizationPolicy in 1.4; istiod stopped reading it in 1.6, and 1.7 dropped the CRDs.
  rbac: {
    what: 'CustomResourceDefinitions of the rbac.istio.io types (ClusterRbacConfig, RbacConfig, ServiceRole, ServiceRoleBinding)',
    since: '1.4', removed: '1.6',
    instead: 'Express the rules as AuthorizationPolicies and delete the CRD.',
  },
} satisfies Record<string, Entry>;

/** `uses "field"`, or what else the resource does with the deprecated thing. */
interface Found { readonly at: Path; readonly does: string; readonly entry: Entry }

const get = (value: unknown, ...keys: (string | number)[]) =>
  keys.reduce<unknown>((node, key) => (isObject(node) ? node[String(key)] : Array.isArray(node) ? node[Number(key)] : undefined), value);

function deprecations(resource: Resource, lightstep: ReadonlySet<string>): Found[] {
  const found: Found[] = [];
  if (resource.groupKind === VIRTUAL_SERVICE) {
    const http = get(resource.body, 'spec', 'http');
    for (const [i] of (Array.isArray(http) ? http : []).entries()) {
      const percent = get(http, i, 'fault', 'delay', 'percent');
      if (typeof percent === 'number' && percent > 0) {
        found.push({ at: ['spec', 'http', i, 'fault', 'delay', 'percent'], does: 'uses "fault.delay.percent"', entry: DEPRECATIONS.delayPercent });
      }
    }
  } else if (resource.groupKind === SIDECAR) {
    if (get(resource.body, 'spec', 'outboundTrafficPolicy', 'egressProxy') !== undefined) {
      found.push({ at: ['spec', 'outboundTrafficPolicy', 'egressProxy'], does: 'uses "outboundTrafficPolicy.egressProxy"', entry: DEPRECATIONS.egressProxy });
    }
  } else if (resource.groupKind === TELEMETRY) {
    for (const list of providerLists(resource).filter((l) => l.section === 'tracing')) {
      for (const { name, index } of list.names.filter((n) => lightstep.has(n.name))) {
        found.push({ at: ['spec', 'tracing', list.index, 'providers', index, 'name'], does: `uses the Lightstep provider "${name}"`, entry: DEPRECATIONS.lightstep });
      }
    }
  } else if (get(resource.body, 'spec', 'group') === 'rbac.istio.io') {
    const kind = get(resource.body, 'spec', 'names', 'kind');
    if (typeof kind === 'string' && REMOVED_RBAC_KINDS.includes(kind)) {
      found.push({ at: ['spec', 'names', 'kind'], does: `defines the rbac.istio.io kind "${kind}"`, entry: DEPRECATIONS.rbac });
    }
  }
  return found;
}

const listed = Object.values(DEPRECATIONS as Record<string, Entry>)
  .map((e) => `${e.what} (${e.sinceAs ?? 'deprecated in'} ${e.since}${e.removed ? `, no longer read from ${e.removed}` : ''})`).join('; ');

export default defineRule({
  meta: {
    id: 'istio-field-deprecated',
    description: 'Report deprecated and removed Istio fields, providers and resource types',
    rationale: `Istio keeps some deprecated fields readable for a while but may ignore them already or drop them in a later release. These are the ones istioctl reports, with the Istio release that deprecates each: ${listed}. With mesh.version set, each is reported from the release that deprecates it on, and said to be ignored from the release that stopped reading it; without a mesh version, every one is reported, as by the newest Istio.`,
    remediation: 'Move to the replacement the finding names before upgrading Istio.',
    severity: 'warning',
    kinds: KINDS,
    reads: readsBeyond(KINDS, MESH_CONFIG_READS),
    istio: 'IST0002',
    tags: ['istio', 'deprecation'],
  },
  check(resource, ctx) {
    const version = ctx.settings.mesh?.version;
    // An unreadable version is treated like none: the newest release's list applies.
    const reached = (release: string) => atLeast(version, release) !== false;
    const lightstep = ctx.resources.memo('lightstepProviders', () => new Set(meshConfigSources(ctx.resources, ctx.settings)
      .flatMap((s) => (Array.isArray(s.config.extensionProviders) ? s.config.extensionProviders : []))
      .flatMap((p) => (isObject(p) && typeof p.name === 'string' && isObject(p.lightstep) ? [p.name] : []))));
    for (const { at, does, entry } of deprecations(resource, lightstep)) {
      if (!reached(entry.since)) continue;
      const removed = entry.removed !== undefined && reached(entry.removed);
      ctx.report({
        message: `${resource.ref} ${does}, which ${removed ? `Istio has ignored since ${entry.removed}` : `Istio has deprecated since ${entry.since}`}`,
        hint: entry.instead,
        at,
        focus: 'key',
      });
    }
  },
});
