import { isObject } from '../model/resource.js';
import type { JsonObject, Path, Resource, ResourceSet } from '../rule.js';
import { ENVOY_FILTER } from './kinds.js';

// How Istio applies EnvoyFilter patches (pilot/pkg/networking/core/envoyfilter): ADD and
// REMOVE are ignored on ROUTE_CONFIGURATION and HTTP_ROUTE, REPLACE works only on filters and
// virtual hosts, and the relative operations depend on the order of the filters they patch
// around, which only `priority` fixes across EnvoyFilters.

/** What is wrong with one patch, as `istioctl analyze` classifies it (IST0151–IST0155). */
export type PatchProblem = 'relative' | 'relative-proxy-version' | 'replace' | 'add' | 'remove';

export interface PatchFinding {
  readonly problem: PatchProblem;
  readonly index: number;
  readonly operation: string;
  readonly applyTo: string;
  /** Path of the patch's `operation`. */
  readonly at: Path;
}

const ROUTE_LEVEL = ['ROUTE_CONFIGURATION', 'HTTP_ROUTE'];
const REPLACEABLE = ['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST'];

/** Kinds {@link envoyFilterProblems} looks up. */
export const ENVOY_FILTER_PROBLEMS_READS: readonly string[] = [ENVOY_FILTER];

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const get = (value: unknown, ...keys: string[]) => keys.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), value);

/**
 * The name a patch works on, as Istio's analyzer keys it: `patch.value.name`, or the
 * filter-chain filter it matches when the value has no name (only for a non-empty value).
 */
function instanceName(patch: JsonObject, entry: JsonObject): string {
  const value = patch.value;
  if (!isObject(value) || Object.keys(value).length === 0) return '';
  if (value.name !== undefined && value.name !== null) return `value:${JSON.stringify(value.name)}`;
  return str(get(entry, 'match', 'listener', 'filterChain', 'filter', 'name'));
}

/**
 * Every problem of every EnvoyFilter of the files, computed once: names of patches that
 * match on a proxy version carry over from one EnvoyFilter to the next in the order Istio
 * visits them (by namespace, then name), so the result for one depends on the others.
 */
export function envoyFilterProblems(resources: ResourceSet): ReadonlyMap<Resource, readonly PatchFinding[]> {
  return resources.memo('envoyFilterProblems', () => {
    const filters = [...resources.ofKind(ENVOY_FILTER)].sort((a, b) =>
      (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name));
    const versioned: string[] = [];
    const result = new Map<Resource, PatchFinding[]>();
    for (const filter of filters) result.set(filter, analyse(filter, versioned));
    return result;
  });
}

function analyse(filter: Resource, versioned: string[]): PatchFinding[] {
  const spec = isObject(filter.body.spec) ? filter.body.spec : {};
  const patches = Array.isArray(spec.configPatches) ? spec.configPatches : [];
  const priority = typeof spec.priority === 'number' ? spec.priority : 0;
  const found: PatchFinding[] = [];
  for (const [index, entry] of patches.entries()) {
    if (!isObject(entry)) continue;
    const patch = entry.patch;
    // Istio stops at the first entry without a patch.
    if (!isObject(patch)) break;
    const name = instanceName(patch, entry);
    const operation = str(patch.operation);
    const applyTo = str(entry.applyTo);
    const at: Path = ['spec', 'configPatches', index, 'patch', 'operation'];
    const add = (problem: PatchProblem) => found.push({ problem, index, operation, applyTo, at });
    const relative = () => {
      if (priority === 0) add(versioned.includes(name) ? 'relative-proxy-version' : 'relative');
    };
    if (operation === 'ADD') {
      if (ROUTE_LEVEL.includes(applyTo)) add('add');
    } else if (operation === 'REMOVE') {
      if (ROUTE_LEVEL.includes(applyTo)) add('remove'); else relative();
    } else if (operation === 'REPLACE') {
      if (!REPLACEABLE.includes(applyTo)) add('replace'); else relative();
    } else if (operation === 'INSERT_BEFORE' || operation === 'INSERT_AFTER') {
      relative();
    }
    if (str(get(entry, 'match', 'proxy', 'proxyVersion')) !== '') versioned.push(name);
  }
  return found;
}

/** The first finding of one kind on an EnvoyFilter, and how many patches share it. */
export function firstProblem(filter: Resource, resources: ResourceSet, problem: PatchProblem): { first: PatchFinding; more: string } | undefined {
  const all = (envoyFilterProblems(resources).get(filter) ?? []).filter((f) => f.problem === problem);
  if (all.length === 0) return undefined;
  // For the end of a message: how many more patches of the filter have the same problem.
  const more = all.length > 1 ? ` (and ${all.length - 1} more patch${all.length > 2 ? 'es' : ''})` : '';
  return { first: all[0]!, more };
}
