import { isObject } from '../model/resource.js';
import type { Resource, ResourceSet, Settings } from '../rule.js';
import { MESH_CONFIG_READS, meshConfig, meshConfigSources } from './mesh-config.js';

// What a Telemetry resource asks of the mesh: which providers it names, and which of them the
// MeshConfig defines. Providers are MeshConfig `extensionProviders`; Istio's default MeshConfig
// defines "prometheus", "stackdriver" and "envoy" (file access log to stdout).

export const BUILT_IN_PROVIDERS = ['prometheus', 'stackdriver', 'envoy'];

/** One `providers` list of a Telemetry (in `accessLogging`, `metrics` or `tracing`). */
export interface ProviderList {
  readonly section: 'accessLogging' | 'metrics' | 'tracing';
  readonly index: number;
  /** The names, with their index in the list. */
  readonly names: readonly { readonly name: string; readonly index: number }[];
  /** `disabled: true` on the entry. */
  readonly disabled: boolean;
  /** Whether the entry has a `providers` key at all. */
  readonly present: boolean;
}

export function providerLists(telemetry: Resource): ProviderList[] {
  const spec = isObject(telemetry.body.spec) ? telemetry.body.spec : {};
  const lists: ProviderList[] = [];
  for (const section of ['accessLogging', 'metrics', 'tracing'] as const) {
    const entries = Array.isArray(spec[section]) ? spec[section] : [];
    for (const [index, entry] of entries.entries()) {
      if (!isObject(entry)) continue;
      const providers = Array.isArray(entry.providers) ? entry.providers : [];
      const names = providers.flatMap((p, i) => (isObject(p) && typeof p.name === 'string' ? [{ name: p.name, index: i }] : []));
      lists.push({ section, index, names, disabled: entry.disabled === true, present: providers.length > 0 });
    }
  }
  return lists;
}

/** Kinds {@link meshProviders} looks up. */
export const MESH_PROVIDERS_READS: readonly string[] = MESH_CONFIG_READS;

/** What the files' MeshConfig says of providers; undefined when the files hold no MeshConfig. */
export interface MeshProviders {
  /** Names of `extensionProviders`, with the built-in ones. */
  readonly names: ReadonlySet<string>;
  /** Whether `defaultProviders.accessLogging` names any provider. */
  readonly defaultAccessLogging: boolean;
  readonly resource: Resource;
  /** Whether it is the only MeshConfig of the files: several (unrelated examples, revisions) leave the mesh's providers open. */
  readonly only: boolean;
}

export function meshProviders(resources: ResourceSet, settings: Settings): MeshProviders | undefined {
  const source = meshConfig(resources, settings);
  if (!source) return undefined;
  const config = source.config;
  const extension = Array.isArray(config.extensionProviders) ? config.extensionProviders : undefined;
  // Istio merges the configured providers into the default ones by name (pkg/config/mesh).
  const names = new Set([...BUILT_IN_PROVIDERS,
    ...(extension ?? []).flatMap((p) => (isObject(p) && typeof p.name === 'string' ? [p.name] : []))]);
  const defaults = isObject(config.defaultProviders) ? config.defaultProviders : {};
  const defaultAccessLogging = Array.isArray(defaults.accessLogging) && defaults.accessLogging.length > 0;
  return { names, defaultAccessLogging, resource: source.resource, only: meshConfigSources(resources, settings).length === 1 };
}
