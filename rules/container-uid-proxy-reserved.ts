import { defineRule, type Path } from '../src/rule.js';
import { WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { containersOf } from '../src/k8s/containers.js';
import { isObject } from '../src/model/resource.js';
import { metadataOf, podTemplateOf } from '../src/k8s/workload.js';

/** The proxy's UID: Istio's iptables rules let traffic of this user bypass the redirection. */
const PROXY_UID = 1337;
/** Containers that legitimately run as the proxy's user. */
const PROXY_CONTAINERS = ['istio-proxy', 'istio-operator'];

const runAsUser = (value: unknown) => (isObject(value) && isObject(value.securityContext) ? value.securityContext.runAsUser : undefined);

export default defineRule({
  meta: {
    id: 'container-uid-proxy-reserved',
    description: 'Disallow application containers that run as UID 1337, the sidecar proxy\'s user',
    rationale: 'Istio\'s traffic redirection exempts every packet sent by UID 1337 so that the proxy\'s own traffic is not captured again. An application running as that user bypasses the sidecar: its outbound traffic gets no mTLS, no policy and no telemetry.',
    remediation: 'Run the application under another user ID (securityContext.runAsUser of the pod or container).',
    severity: 'warning',
    kinds: [...WORKLOAD_KINDS],
    istio: 'IST0144',
    tags: ['istio', 'security'],
  },
  check(workload, ctx) {
    // Istio's own control plane and gateways run as 1337 on purpose.
    const labels = metadataOf(workload).labels;
    if ('istio' in labels || labels.release === 'istio') return;
    const template = podTemplateOf(workload);
    if (!template) return;
    let at: Path | undefined;
    let who = 'its pod';
    if (runAsUser(template.spec) === PROXY_UID) at = [...template.path, 'spec', 'securityContext', 'runAsUser'];
    else {
      const container = containersOf(workload, 'containers')
        .find((c) => !PROXY_CONTAINERS.includes(c.name) && runAsUser(c.container) === PROXY_UID);
      if (container) { at = [...container.at, 'securityContext', 'runAsUser']; who = `container "${container.name}"`; }
    }
    if (!at) return;
    ctx.report({
      message: `${workload.ref} runs ${who} as UID "1337", the user ID reserved for the sidecar proxy`,
      hint: 'Traffic sent by UID 1337 is not redirected to the sidecar, so this application bypasses mTLS, policy and telemetry. Choose another runAsUser.',
      at,
      focus: 'value',
    });
  },
});
