import { defineRule } from '../src/rule.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { isObject } from '../src/model/resource.js';

export default defineRule({
  meta: {
    id: 'sidecar-egress-hosts-required',
    description: 'Require at least one host in every egress listener of a Sidecar',
    rationale: 'Istio rejects a Sidecar whose egress listener has no hosts ("egress listener must contain at least one host"), so the whole resource is refused.',
    remediation: 'List the services the workloads call as "namespace/dnsName" hosts, e.g. "./*" and "istio-system/*"; "~/*" imports nothing.',
    severity: 'error',
    kinds: [SIDECAR],
    istio: 'IST0106',
    tags: ['istio', 'sidecar'],
    // The CRD requires "hosts" as a list: this rule says so in the listener's words.
    covers: [{ kind: SIDECAR, path: 'spec.egress.*.hosts', keywords: ['required', 'type'] }],
  },
  check(sidecar, ctx) {
    const spec = sidecar.body.spec;
    if (!isObject(spec) || !Array.isArray(spec.egress)) return;
    spec.egress.forEach((listener, i) => {
      if (!isObject(listener)) return;
      const hosts = listener.hosts;
      if (Array.isArray(hosts) && hosts.length > 0) return;
      const problem = hosts === undefined || hosts === null ? 'has no "hosts"' : Array.isArray(hosts) ? 'has an empty "hosts" list' : 'has "hosts" that is not a list';
      ctx.report({
        message: `egress listener ${i + 1} of ${sidecar.ref} ${problem}`,
        hint: 'Istio rejects a Sidecar with an egress listener without hosts. List at least one "namespace/dnsName" host, e.g. "./*".',
        at: hosts === undefined ? ['spec', 'egress', i] : ['spec', 'egress', i, 'hosts'],
      });
    });
  },
});
