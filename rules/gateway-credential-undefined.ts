import { defineRule } from '../src/rule.js';
import type { ResourceSet } from '../src/rule.js';
import { GATEWAY_WORKLOADS_READS, podsSelectedBy } from '../src/istio/gateway-workloads.js';
import { gatewaySelector, gatewayServers } from '../src/istio/gateways.js';
import { ISTIO_GATEWAY } from '../src/istio/kinds.js';
import { CERT_MANAGER_CERTIFICATE, readsBeyond, SECRET } from '../src/k8s/kinds.js';
import { isObject } from '../src/model/resource.js';

/** Names of the Secrets the files provide in a namespace: Secrets, and those cert-manager Certificates write. */
function secretNames(resources: ResourceSet, namespace: string): Set<string> {
  return resources.memo(`gatewaySecretNames\0${namespace}`, () => new Set([
    ...resources.inNamespace(SECRET, namespace).map((s) => s.name),
    ...resources.inNamespace(CERT_MANAGER_CERTIFICATE, namespace).flatMap((c) => (isObject(c.body.spec) && typeof c.body.spec.secretName === 'string' ? [c.body.spec.secretName] : [])),
  ]));
}

export default defineRule({
  meta: {
    id: 'gateway-credential-undefined',
    description: 'Report Gateway TLS credentialName Secrets missing from the gateway workload\'s namespace',
    rationale: 'A gateway reads the Secret named by `tls.credentialName` from the namespace of its own pods (the first selected pod\'s namespace, as Istio picks it), not from the Gateway\'s. Without it the server has no certificate and TLS handshakes fail. Most repositories keep Secrets out of version control, so a namespace is judged only when the files hold Secrets (or cert-manager Certificates, which write them) in it.',
    remediation: 'Create the Secret in the gateway workload\'s namespace, or correct `credentialName`.',
    severity: 'error',
    kinds: [ISTIO_GATEWAY],
    reads: readsBeyond([ISTIO_GATEWAY], GATEWAY_WORKLOADS_READS, [SECRET, CERT_MANAGER_CERTIFICATE]),
    istio: 'IST0101',
    tags: ['istio', 'gateway', 'tls'],
  },
  check(gateway, ctx) {
    const pod = podsSelectedBy(ctx.resources, ctx.settings, gatewaySelector(gateway))[0];
    if (!pod) return;
    for (const server of gatewayServers(gateway)) {
      const credential = server.tls?.credentialName;
      if (typeof credential !== 'string' || credential === '') continue;
      const slash = credential.indexOf('/');
      const [namespace, name] = slash < 0 ? [pod.namespace, credential] : [credential.slice(0, slash), credential.slice(slash + 1)];
      const names = secretNames(ctx.resources, namespace);
      if (names.size === 0 || names.has(name)) continue;
      ctx.report({
        message: `${gateway.ref} server uses credentialName "${credential}", but there is no Secret "${name}" in the gateway namespace "${namespace}"`,
        hint: 'The gateway reads it from its own pods\' namespace, not the Gateway\'s. Without it the server has no certificate.',
        at: ['spec', 'servers', server.index, 'tls', 'credentialName'],
        focus: 'value',
        ...(pod.workload ? { related: [{ resource: pod.workload, message: `gateway workload ${pod.workload.ref}` }] } : {}),
      });
    }
  },
});
