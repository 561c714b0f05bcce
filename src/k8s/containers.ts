import { isObject } from '../model/resource.js';
import type { JsonObject, Path, Resource } from '../rule.js';
import { podTemplateOf } from './workload.js';

/** A container of a workload's pod template, with the path of its entry. */
export interface ContainerAt {
  readonly container: JsonObject;
  readonly name: string;
  readonly list: 'containers' | 'initContainers';
  readonly at: Path;
}

export function containersOf(workload: Resource, list: 'containers' | 'initContainers'): ContainerAt[] {
  const template = podTemplateOf(workload);
  const items = template?.spec[list];
  if (!template || !Array.isArray(items)) return [];
  return items.flatMap((container, i) => isObject(container)
    ? [{ container, name: typeof container.name === 'string' ? container.name : String(i), list, at: [...template.path, 'spec', list, i] }] : []);
}

/** Where a container's command or args call the proxy's `quitquitquit` endpoint, the old Job workaround. */
export function quitQuitQuitAt(workload: Resource): Path | undefined {
  for (const c of containersOf(workload, 'containers')) {
    for (const key of ['command', 'args']) {
      const value = c.container[key];
      if (Array.isArray(value) && value.some((part) => typeof part === 'string' && part.includes('quitquitquit'))) return [...c.at, key];
    }
  }
  return undefined;
}
