import { isObject } from '../model/resource.js';
import type { JsonObject, Path, Resource } from '../rule.js';
import { CRON_JOB, POD, WORKLOAD_KINDS } from './kinds.js';

const TEMPLATE_PATH: Record<string, Path> = {
  [POD]: [],
  [CRON_JOB]: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** A workload's pod template: what the Pods it creates will look like. */
export interface PodTemplate {
  /** Path of the template inside the resource body (`[]` for a Pod). */
  readonly path: Path;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec (`{}` when missing). */
  readonly spec: JsonObject;
}

/** Path of a workload kind's pod template inside its body (`[]` for a Pod), or undefined for other kinds. */
export function templatePathOf(groupKind: string): Path | undefined {
  return (WORKLOAD_KINDS as readonly string[]).includes(groupKind) ? TEMPLATE_PATH[groupKind] ?? ['spec', 'template'] : undefined;
}

export const isWorkload = (resource: Resource) => (WORKLOAD_KINDS as readonly string[]).includes(resource.groupKind);

/** Label and annotation maps as strings; numbers and booleans as YAML would print them, null dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!isObject(value)) return map;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') map[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') map[key] = String(v);
  }
  return map;
}

const templates = new WeakMap<Resource, PodTemplate | undefined>();

/** The pod template of a workload, or undefined for other kinds and malformed objects. */
export function podTemplateOf(resource: Resource): PodTemplate | undefined {
  if (!templates.has(resource)) templates.set(resource, readTemplate(resource));
  return templates.get(resource);
}

function readTemplate(resource: Resource): PodTemplate | undefined {
  if (!isWorkload(resource)) return undefined;
  const path = TEMPLATE_PATH[resource.groupKind] ?? ['spec', 'template'];
  let node: unknown = resource.body;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  if (!isObject(node)) return undefined;
  const metadata = isObject(node.metadata) ? node.metadata : {};
  return {
    path,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    spec: isObject(node.spec) ? node.spec : {},
  };
}

/** Labels and annotations on an object's own metadata. */
export function metadataOf(resource: Resource): { labels: Record<string, string>; annotations: Record<string, string> } {
  const metadata = isObject(resource.body.metadata) ? resource.body.metadata : {};
  return { labels: stringMap(metadata.labels), annotations: stringMap(metadata.annotations) };
}

/** Kinds {@link workloadsIn} looks up. */
export const WORKLOADS_IN_READS: readonly string[] = WORKLOAD_KINDS;

/** Every workload of a namespace. */
export function workloadsIn(resources: { inNamespace(kind: string, ns: string): readonly Resource[] }, namespace: string): Resource[] {
  return WORKLOAD_KINDS.flatMap((kind) => resources.inNamespace(kind, namespace));
}
