import { defineRule } from '../src/rule.js';
import { WORKLOAD_SERVICES_READS, meshWorkloadServices } from '../src/istio/workload-services.js';
import { readsBeyond, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { servicePorts } from '../src/k8s/services.js';

export default defineRule({
  meta: {
    id: 'workload-service-protocol-conflict',
    description: 'Disallow Services of one mesh workload that give the same port different protocols',
    rationale: 'The sidecar of a workload has one inbound listener per port. When two Services selecting the workload declare one port number with different protocols (TCP and UDP, say), the sidecar can serve only one of them and traffic of the other fails. Service ports without `protocol` are TCP, as the API server stores them. Only workloads that get a sidecar, as far as the files tell, are checked.',
    remediation: 'Use different port numbers for the different protocols, or stop one of the Services from selecting the workload.',
    severity: 'error',
    kinds: [...WORKLOAD_KINDS],
    reads: readsBeyond([...WORKLOAD_KINDS], WORKLOAD_SERVICES_READS),
    istio: 'IST0116',
    tags: ['istio', 'service'],
  },
  check(workload, ctx) {
    const services = meshWorkloadServices(workload, ctx.resources, ctx.settings);
    if (services.length < 2) return;
    const byPort = new Map<number, Map<string, string>>();
    for (const service of services) {
      for (const port of servicePorts(service)) {
        const protocols = byPort.get(port.port) ?? byPort.set(port.port, new Map()).get(port.port)!;
        if (!protocols.has(port.protocol)) protocols.set(port.protocol, service.ref);
      }
    }
    for (const [port, protocols] of byPort) {
      if (protocols.size < 2) continue;
      const [[p1, s1], [p2, s2]] = [...protocols];
      ctx.report({
        message: `${workload.ref} is selected by ${s1} and ${s2}, which give port "${port}" the protocols "${p1}" and "${p2}"`,
        hint: 'Its sidecar can serve one protocol per port. Use separate port numbers, or keep one of the Services off the workload.',
        related: services.slice(0, 5).map((s) => ({ resource: s, at: ['spec', 'ports'], message: `ports of ${s.ref}` })),
      });
    }
  },
});
