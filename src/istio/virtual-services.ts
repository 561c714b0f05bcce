import { isObject } from '../model/resource.js';
import type { JsonObject, Path, Resource } from '../rule.js';

// The parts of a VirtualService that other resources are looked up by.

/** One destination of a route or mirror, with its path in the VirtualService. */
export interface VsDestination {
  readonly protocol: 'http' | 'tcp' | 'tls';
  /** Index of the rule in `spec.<protocol>`. */
  readonly rule: number;
  readonly mirror: boolean;
  /** Path of the `destination` (or `mirror`) object. */
  readonly path: Path;
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  readonly destination: JsonObject;
}

const spec = (vs: Resource): JsonObject => (isObject(vs.body.spec) ? vs.body.spec : {});
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);

/** `spec.hosts`. */
export const vsHosts = (vs: Resource): string[] => strings(spec(vs).hosts);
/** `spec.gateways`, with their index. */
export const vsGateways = (vs: Resource): { name: string; index: number }[] =>
  (Array.isArray(spec(vs).gateways) ? spec(vs).gateways as unknown[] : []).flatMap((name, index) => (typeof name === 'string' ? [{ name, index }] : []));

/** Whether the VirtualService applies to sidecars: no `gateways`, or `mesh` among them. */
export function meshBound(vs: Resource): boolean {
  const gateways = vsGateways(vs);
  return gateways.length === 0 || gateways.some((g) => g.name === 'mesh');
}

function read(protocol: VsDestination['protocol'], rule: number, mirror: boolean, path: Path, value: unknown): VsDestination {
  const destination = isObject(value) ? value : {};
  const port = isObject(destination.port) && typeof destination.port.number === 'number' ? destination.port.number : undefined;
  return {
    protocol, rule, mirror, path, destination,
    host: typeof destination.host === 'string' ? destination.host : '',
    ...(typeof destination.subset === 'string' && destination.subset !== '' ? { subset: destination.subset } : {}),
    ...(port !== undefined && port !== 0 ? { port } : {}),
  };
}

const cache = new WeakMap<Resource, VsDestination[]>();

/** Every route destination and mirror of a VirtualService, in document order. */
export function vsDestinations(vs: Resource): readonly VsDestination[] {
  const cached = cache.get(vs);
  if (cached) return cached;
  const found: VsDestination[] = [];
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    const rules = spec(vs)[protocol];
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, i) => {
      if (!isObject(rule)) return;
      const base = ['spec', protocol, i];
      if (Array.isArray(rule.route)) rule.route.forEach((r, j) => found.push(read(protocol, i, false, [...base, 'route', j, 'destination'], isObject(r) ? r.destination : undefined)));
      if (protocol !== 'http') return;
      if (isObject(rule.mirror)) found.push(read(protocol, i, true, [...base, 'mirror'], rule.mirror));
      if (Array.isArray(rule.mirrors)) rule.mirrors.forEach((m, j) => { if (isObject(m) && isObject(m.destination)) found.push(read(protocol, i, true, [...base, 'mirrors', j, 'destination'], m.destination)); });
    });
  }
  cache.set(vs, found);
  return found;
}

/** The header name prefix through which a VirtualService match reads a JWT claim (Istio's pkg/jwt HeaderJWTClaim). */
const CLAIM_PREFIX = '@request.auth.claims';

/**
 * Whether a match header name reads a JWT claim, as Istio's jwt.ToRoutingClaim decides: the
 * prefix in any letter case, then `.claim` (nested `.a.b`) or `[claim]` (nested `[a][b]`).
 */
export function isJwtClaimRoute(name: string): boolean {
  if (!name.toLowerCase().startsWith(CLAIM_PREFIX)) return false;
  const rest = name.slice(CLAIM_PREFIX.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}
