import { defineRule } from '../src/rule.js';
import { REQUEST_AUTHENTICATION } from '../src/istio/kinds.js';
import { containersOf } from '../src/k8s/containers.js';
import { DEPLOYMENT } from '../src/k8s/kinds.js';
import { metadataOf } from '../src/k8s/workload.js';
import { isObject } from '../src/model/resource.js';
import type { Resource } from '../src/rule.js';

const SETTING = 'BLOCKED_CIDRS_IN_JWKS_URIS';

/** Whether a RequestAuthentication makes istiod fetch keys: a JWT rule without inline `jwks`. */
function fetchesKeys(ra: Resource): boolean {
  const rules = isObject(ra.body.spec) && Array.isArray(ra.body.spec.jwtRules) ? ra.body.spec.jwtRules : [];
  return rules.some((rule) => isObject(rule) && typeof rule.jwks !== 'string');
}

export default defineRule({
  meta: {
    id: 'istiod-jwks-fetch-unrestricted',
    description: 'Require istiod to restrict JWKS fetches when RequestAuthentications make it fetch keys',
    rationale: 'For each JWT rule without inline jwks, istiod fetches the keys from jwksUri (or the issuer\'s discovery document) itself. Whoever can create a RequestAuthentication can then make istiod send requests to any address it reaches, internal ones included, unless BLOCKED_CIDRS_IN_JWKS_URIS lists the networks it must not fetch from. Judged on istiod Deployments (label app=istiod) of the files.',
    remediation: 'Set the istiod environment variable BLOCKED_CIDRS_IN_JWKS_URIS (pilot.env in the Helm values or IstioOperator) to the internal ranges, e.g. "10.0.0.0/8,169.254.0.0/16".',
    severity: 'warning',
    kinds: [DEPLOYMENT],
    reads: [REQUEST_AUTHENTICATION],
    istio: 'IST0175',
    tags: ['istio', 'security'],
  },
  check(deployment, ctx) {
    if (metadataOf(deployment).labels.app !== 'istiod') return;
    const fetching = [...new Map(ctx.resources.ofKind(REQUEST_AUTHENTICATION).filter(fetchesKeys).map((r) => [r.ref, r])).values()];
    if (fetching.length === 0) return;
    const containers = containersOf(deployment, 'containers');
    const restricted = containers.some((c) => Array.isArray(c.container.env) && c.container.env.some((e) =>
      isObject(e) && e.name === SETTING && ((typeof e.value === 'string' && e.value !== '') || isObject(e.valueFrom))));
    if (restricted) return;
    const discovery = containers.find((c) => c.name === 'discovery') ?? containers[0];
    const more = fetching.length > 1 ? ` and ${fetching.length - 1} more` : '';
    ctx.report({
      message: `${deployment.ref} does not set "${SETTING}", yet ${fetching[0]!.ref}${more} ${fetching.length > 1 ? "make" : "makes"} it fetch JWKS keys`,
      hint: `Without ${SETTING}, istiod fetches keys from any address a RequestAuthentication names, internal services included. Set it to the networks istiod must not reach.`,
      at: discovery ? [...discovery.at, 'env'] : ['spec', 'template', 'spec'],
      focus: 'key',
      related: fetching.map((r) => ({ resource: r, at: ['spec', 'jwtRules'], message: `${r.ref} has a JWT rule without inline jwks` })),
    });
  },
});
