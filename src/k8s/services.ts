import { isObject } from '../model/resource.js';
import type { Resource, ResourceSet } from '../rule.js';
import { SERVICE } from './kinds.js';
import { stringMap } from './workload.js';

// Services as the API server stores them: a port without `protocol` is TCP, a port without
// `targetPort` targets its own number (core/v1 defaulting), and `type` defaults to ClusterIP.

/** One entry of `spec.ports`, with the API server's defaults applied. */
export interface ServicePort {
  /** Index in `spec.ports`. */
  readonly index: number;
  readonly name: string;
  readonly port: number;
  /** Upper case, `TCP` when absent. */
  readonly protocol: string;
  /** A number, or a container port name. */
  readonly targetPort: number | string;
  readonly appProtocol?: string;
}

/** Kinds the helpers below look up. */
export const SERVICES_READS: readonly string[] = [SERVICE];

const cache = new WeakMap<Resource, ServicePort[]>();

/** The ports of a Service that have a number. */
export function servicePorts(service: Resource): readonly ServicePort[] {
  let ports = cache.get(service);
  if (ports) return ports;
  const spec = isObject(service.body.spec) ? service.body.spec : {};
  ports = (Array.isArray(spec.ports) ? spec.ports : []).flatMap((p, index) => {
    if (!isObject(p) || typeof p.port !== 'number') return [];
    const target = typeof p.targetPort === 'number' || (typeof p.targetPort === 'string' && p.targetPort !== '') ? p.targetPort : p.port;
    return [{
      index, name: typeof p.name === 'string' ? p.name : '', port: p.port,
      protocol: typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP',
      targetPort: typeof target === 'string' && /^[0-9]+$/.test(target) ? Number(target) : target,
      ...(typeof p.appProtocol === 'string' ? { appProtocol: p.appProtocol } : {}),
    }];
  });
  cache.set(service, ports);
  return ports;
}

/** `spec.type`, `ClusterIP` when absent. */
export function serviceType(service: Resource): string {
  const spec = service.body.spec;
  return isObject(spec) && typeof spec.type === 'string' ? spec.type : 'ClusterIP';
}

/** `spec.selector`, or undefined when it is absent or empty (a Service that selects no pod itself). */
export function serviceSelector(service: Resource): Readonly<Record<string, string>> | undefined {
  const spec = service.body.spec;
  const selector = isObject(spec) ? stringMap(spec.selector) : {};
  return Object.keys(selector).length > 0 ? selector : undefined;
}

/** Services of a namespace, one per name (copies in other files are one object in the cluster). */
export function servicesIn(resources: ResourceSet, namespace: string): readonly Resource[] {
  return resources.memo(`servicesIn\0${namespace}`, () => [...new Map(resources.inNamespace(SERVICE, namespace).map((s) => [s.name, s])).values()]);
}
