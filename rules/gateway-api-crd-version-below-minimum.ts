import { defineRule } from '../src/rule.js';
import { CUSTOM_RESOURCE_DEFINITION } from '../src/k8s/kinds.js';
import { atLeast } from '../src/k8s/version.js';
import { metadataOf } from '../src/k8s/workload.js';

/** The annotation the Gateway API release puts on each of its CRDs. */
const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version';
/** The Istio release the minimums below come from (pkg/config/schema/gatewayapi). */
const MINIMUMS_FROM = '1.32';
/** Lowest bundle version of each CRD that istiod of that release still watches. */
const MINIMUMS: Readonly<Record<string, string>> = {
  'grpcroutes.gateway.networking.k8s.io': '1.1.0',
  'backendtlspolicies.gateway.networking.k8s.io': '1.4.0',
  'tlsroutes.gateway.networking.k8s.io': '1.5.0',
  'tcproutes.gateway.networking.k8s.io': '1.6.0',
};

export default defineRule({
  meta: {
    id: 'gateway-api-crd-version-below-minimum',
    description: 'Require Gateway API CRDs at the bundle version the configured Istio needs',
    rationale: `istiod ignores a Gateway API CRD whose gateway.networking.k8s.io/bundle-version is below the minimum its release supports: the resources of that kind are never processed (for example TLS passthrough routes attach to no listener). The minimums are those of Istio ${MINIMUMS_FROM}; they are applied when the configured mesh version is ${MINIMUMS_FROM} or later, or not configured.`,
    remediation: 'Install the Gateway API CRDs of a release at or above the minimum (the standard or experimental channel that includes the kind).',
    severity: 'warning',
    kinds: [CUSTOM_RESOURCE_DEFINITION],
    istio: 'IST0176',
    tags: ['istio', 'gateway-api'],
  },
  check(crd, ctx) {
    const minimum = MINIMUMS[crd.name];
    const installed = metadataOf(crd).annotations[BUNDLE_VERSION];
    if (!minimum || installed === undefined) return;
    const version = ctx.settings.mesh?.version;
    if (version !== undefined && atLeast(version, MINIMUMS_FROM) !== true) return;
    if (atLeast(installed, minimum) !== false) return;
    ctx.report({
      message: `${crd.ref} has the Gateway API bundle version "${installed}", below the "${minimum}" that Istio needs to process it`,
      hint: `istiod does not watch this CRD, so its resources are never programmed. Install Gateway API CRDs of version ${minimum} or later.`,
      at: ['metadata', 'annotations', BUNDLE_VERSION],
      focus: 'value',
    });
  },
});
