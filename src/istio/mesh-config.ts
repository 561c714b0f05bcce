import { parse } from 'yaml';
import type { Json, JsonObject, Path, Resource, ResourceSet, Settings } from '../rule.js';
import { CONFIG_MAP } from '../k8s/kinds.js';
import { isObject } from '../model/resource.js';
import { ISTIO_OPERATOR } from './kinds.js';

// Istio's MeshConfig as the files declare it: the mesh ConfigMap (`istio`, or `istio-<rev>` for a
// revision) in the root namespace keeps it as YAML text under `data.mesh`; an IstioOperator keeps
// it under `spec.meshConfig`. Rules read it through these helpers only.

/** What the helpers below look up. */
export const MESH_CONFIG_READS: readonly string[] = [CONFIG_MAP, ISTIO_OPERATOR];
/** For `meta.names`: the only ConfigMaps these helpers read. */
export const MESH_CONFIG_MAP_NAMES: readonly string[] = ['istio', 'istio-*'];

/** One MeshConfig found in the files. */
export interface MeshConfigSource {
  readonly resource: Resource;
  /** Where it sits in the resource's body (`['data', 'mesh']` or `['spec', 'meshConfig']`). */
  readonly at: Path;
  readonly config: JsonObject;
  /** The revision it configures, `''` for the default one. */
  readonly revision: string;
}

/** Every MeshConfig of the files, in file order; ConfigMaps outside the root namespace are not mesh configs. */
export function meshConfigSources(resources: ResourceSet, settings: Settings): readonly MeshConfigSource[] {
  return resources.memo('meshConfigSources', () => {
    const found: MeshConfigSource[] = [];
    for (const map of resources.inNamespace(CONFIG_MAP, settings.rootNamespace)) {
      const revision = /^istio(?:-(.+))?$/.exec(map.name);
      const text = isObject(map.body.data) ? map.body.data.mesh : undefined;
      if (!revision || typeof text !== 'string') continue;
      const config = parseQuietly(text);
      if (isObject(config)) found.push({ resource: map, at: ['data', 'mesh'], config, revision: revision[1] ?? '' });
    }
    for (const operator of resources.ofKind(ISTIO_OPERATOR)) {
      const spec = operator.body.spec;
      if (!isObject(spec) || !isObject(spec.meshConfig)) continue;
      const revision = typeof spec.revision === 'string' ? spec.revision : '';
      found.push({ resource: operator, at: ['spec', 'meshConfig'], config: spec.meshConfig, revision });
    }
    return found;
  });
}

/** The default revision's MeshConfig, or undefined when the files hold none. */
export function meshConfig(resources: ResourceSet, settings: Settings): MeshConfigSource | undefined {
  const sources = meshConfigSources(resources, settings);
  return sources.find((source) => source.revision === '') ?? sources[0];
}

function parseQuietly(text: string): Json {
  try { return parse(text) as Json; } catch { return null; }
}
