import { defineRule } from '../src/rule.js';
import { WORKLOAD_SERVICES_READS, meshWorkloadServices } from '../src/istio/workload-services.js';
import { readsBeyond, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { servicePorts } from '../src/k8s/services.js';

export default defineRule({
  meta: {
    id: 'workload-service-target-port-conflict',
    description: 'Disallow Services of one mesh workload that send different service ports to the same target port',
    rationale: 'Istio builds a mesh workload\'s inbound configuration per target port. When Services selecting the workload map different service ports onto one target port, the sidecar keeps the settings (protocol, name) of only one of them, and the traffic of the others may be handled wrongly. A port without `targetPort` targets its own number. Only workloads that get a sidecar, as far as the files tell, are checked.',
    remediation: 'Use the same service port for the target port in every Service, or merge the Services.',
    severity: 'warning',
    kinds: [...WORKLOAD_KINDS],
    reads: readsBeyond([...WORKLOAD_KINDS], WORKLOAD_SERVICES_READS),
    istio: 'IST0137',
    tags: ['istio', 'service'],
  },
  check(workload, ctx) {
    const services = meshWorkloadServices(workload, ctx.resources, ctx.settings);
    if (services.length < 2) return;
    const byTarget = new Map<string, Map<number, string>>();
    for (const service of services) {
      for (const port of servicePorts(service)) {
        const target = String(port.targetPort);
        const ports = byTarget.get(target) ?? byTarget.set(target, new Map()).get(target)!;
        if (!ports.has(port.port)) ports.set(port.port, service.ref);
      }
    }
    for (const [target, ports] of byTarget) {
      if (ports.size < 2) continue;
      const [[p1, s1], [p2, s2]] = [...ports];
      ctx.report({
        message: `${workload.ref} target port "${target}" is reached through port "${p1}" of ${s1} and port "${p2}" of ${s2}`,
        hint: 'The sidecar keeps the settings of only one service port per target port. Use one service port for it, or merge the Services.',
        related: services.slice(0, 5).map((s) => ({ resource: s, at: ['spec', 'ports'], message: `ports of ${s.ref}` })),
      });
    }
  },
});
