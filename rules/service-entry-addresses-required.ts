import { defineRule } from '../src/rule.js';
import type { ResourceSet, Settings } from '../src/rule.js';
import { SERVICE_ENTRY } from '../src/istio/kinds.js';
import { MESH_CONFIG_READS, meshConfig } from '../src/istio/mesh-config.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { isObject } from '../src/model/resource.js';

/** Whether the mesh allocates ServiceEntry addresses itself: DNS capture with auto-allocation in the default proxy metadata. */
function autoAllocated(resources: ResourceSet, settings: Settings): boolean {
  const config = meshConfig(resources, settings)?.config;
  const defaults = isObject(config?.defaultConfig) ? config.defaultConfig : {};
  const metadata = isObject(defaults.proxyMetadata) ? defaults.proxyMetadata : {};
  return metadata.ISTIO_META_DNS_CAPTURE === 'true'
    && (metadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true');
}

export default defineRule({
  meta: {
    id: 'service-entry-addresses-required',
    description: 'Require addresses on ServiceEntries with TCP ports, unless the mesh allocates them',
    rationale: 'For a TCP port (or one without a protocol) the sidecar can tell destinations apart only by IP address. A ServiceEntry without `addresses` gets a listener on 0.0.0.0 for its port, which captures the traffic of every other destination on that port. Istio allocates addresses itself only when the mesh config\'s default proxy metadata turns on DNS capture and auto-allocation.',
    remediation: 'Add `addresses` to the ServiceEntry, give the port an application protocol (e.g. HTTP or TLS), or turn on DNS capture with address auto-allocation in the mesh config.',
    severity: 'warning',
    kinds: [SERVICE_ENTRY],
    reads: readsBeyond([SERVICE_ENTRY], MESH_CONFIG_READS),
    istio: 'IST0134',
    tags: ['istio', 'service-entry'],
  },
  check(entry, ctx) {
    const spec = isObject(entry.body.spec) ? entry.body.spec : {};
    const status = isObject(entry.body.status) ? entry.body.status : {};
    if (spec.addresses !== undefined && spec.addresses !== null) return;
    if (Array.isArray(status.addresses) && status.addresses.length > 0) return;
    if (autoAllocated(ctx.resources, ctx.settings)) return;
    (Array.isArray(spec.ports) ? spec.ports : []).forEach((port, i) => {
      if (!isObject(port)) return;
      const protocol = typeof port.protocol === 'string' ? port.protocol : '';
      if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
      ctx.report({
        message: `${entry.ref} port "${port.number ?? port.name ?? i}" is ${protocol === '' ? 'without a protocol' : `"${protocol}"`} and the ServiceEntry has no addresses`,
        hint: 'Its listener on 0.0.0.0 takes this port for every destination. Add addresses, or give the port an application protocol.',
        at: ['spec', 'ports', i, 'name'],
      });
    });
  },
});
