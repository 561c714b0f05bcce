import { defineRule } from '../src/rule.js';
import type { Resource, ResourceSet } from '../src/rule.js';
import { SERVICE_ENTRY } from '../src/istio/kinds.js';
import { exportScopes, specExportTo } from '../src/istio/service-registry.js';
import { sameTree } from '../src/model/file-tree.js';
import { isObject } from '../src/model/resource.js';

interface Declaration { readonly entry: Resource; readonly protocol: string; readonly port: number; readonly index: number }

/** ServiceEntry ports by exportTo scope, host and port number (hosts as written, one ServiceEntry per namespace/name). */
function declarations(resources: ResourceSet): { index: Map<string, Declaration[]>; keysOf: Map<Resource, string[]>; limited: Map<string, Declaration[]> } {
  return resources.memo('serviceEntryPorts', () => {
    const index = new Map<string, Declaration[]>();
    const keysOf = new Map<Resource, string[]>();
    // Declarations of ServiceEntries exported to some namespaces only, by host and port.
    const limited = new Map<string, Declaration[]>();
    const seen = new Set<string>();
    for (const entry of resources.ofKind(SERVICE_ENTRY)) {
      if (seen.has(`${entry.namespace}/${entry.name}`)) continue;
      seen.add(`${entry.namespace}/${entry.name}`);
      const spec = isObject(entry.body.spec) ? entry.body.spec : {};
      const hosts = Array.isArray(spec.hosts) ? [...new Set(spec.hosts.filter((h): h is string => typeof h === 'string'))] : [];
      for (const scope of exportScopes(specExportTo(entry), entry.namespace!)) {
        for (const host of hosts) {
          (Array.isArray(spec.ports) ? spec.ports : []).forEach((p, i) => {
            if (!isObject(p) || typeof p.number !== 'number' || typeof p.protocol !== 'string' || p.protocol === '') return;
            const key = `${scope}\0${host}\0${p.number}`;
            (keysOf.get(entry) ?? keysOf.set(entry, []).get(entry)!).push(key);
            const declaration = { entry, protocol: p.protocol.toUpperCase(), port: p.number, index: i };
            (index.get(key) ?? index.set(key, []).get(key)!).push(declaration);
            if (scope !== '*') (limited.get(`${host}\0${p.number}`) ?? limited.set(`${host}\0${p.number}`, []).get(`${host}\0${p.number}`)!).push(declaration);
          });
        }
      }
    }
    return { index, keysOf, limited };
  });
}

export default defineRule({
  meta: {
    id: 'service-entry-protocol-conflict',
    description: 'Disallow ServiceEntries that declare one host and port with different protocols',
    rationale: 'Istio merges the ServiceEntries of a host into one service per namespace that sees them. When they give one port different protocols, only one protocol wins, so the other ServiceEntry\'s traffic is handled as the wrong protocol (HTTP parsed as TCP, or TLS as HTTP). A ServiceEntry exported to some namespaces also meets those exported everywhere. Hosts are compared as written. Files in unrelated directories (neither the same directory nor one above or below it) count as separate deployments, and are neither compared nor taken as evidence.',
    remediation: 'Use one protocol for the host and port in every ServiceEntry, or merge them into one.',
    severity: 'error',
    kinds: [SERVICE_ENTRY],
    istio: 'IST0177',
    tags: ['istio', 'service-entry'],
  },
  check(entry, ctx) {
    const { index, keysOf, limited } = declarations(ctx.resources);
    const self = `${entry.namespace}/${entry.name}`;
    for (const key of new Set(keysOf.get(entry) ?? [])) {
      const own = index.get(key)!;
      const mine = own.filter((d) => d.entry === entry);
      const [scope, host, port] = key.split('\0');
      // An entry exported to some namespaces meets those exported everywhere there, and the other way round.
      const group = scope === '*' ? [...own, ...(limited.get(`${host}\0${port}`) ?? [])] : [...own, ...(index.get(`*\0${host}\0${port}`) ?? [])];
      const other = group.find((d) => `${d.entry.namespace}/${d.entry.name}` !== self && sameTree(d.entry, entry) && d.protocol !== mine[0]!.protocol);
      if (!other) continue;
      ctx.report({
        message: `${entry.ref} declares host "${host}" port "${port}" as "${mine[0]!.protocol}", but ${other.entry.ref} declares it as "${other.protocol}"`,
        hint: 'Only one protocol applies to the merged service, and the other ServiceEntry\'s traffic is handled wrongly. Use one protocol for the host and port.',
        at: ['spec', 'ports', mine[0]!.index, 'protocol'],
        focus: 'value',
        related: [{ resource: other.entry, at: ['spec', 'ports', other.index, 'protocol'], message: `${other.entry.ref} declares "${other.protocol}"` }],
      });
      return;
    }
  },
});
