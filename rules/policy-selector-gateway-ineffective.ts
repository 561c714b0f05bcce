import { defineRule } from '../src/rule.js';
import { AUTHORIZATION_POLICY, REQUEST_AUTHENTICATION, TELEMETRY, WASM_PLUGIN } from '../src/istio/kinds.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { matchesLabels } from '../src/k8s/selector.js';
import { podTemplateOf, stringMap, WORKLOADS_IN_READS, workloadsIn } from '../src/k8s/workload.js';
import { hasSelector } from '../src/istio/policies.js';
import { isObject } from '../src/model/resource.js';

const KINDS = [AUTHORIZATION_POLICY, REQUEST_AUTHENTICATION, TELEMETRY, WASM_PLUGIN];
/** The label Istio puts on the pods it deploys for a Gateway API Gateway. */
const GATEWAY_NAME = 'gateway.networking.k8s.io/gateway-name';

export default defineRule({
  meta: {
    id: 'policy-selector-gateway-ineffective',
    description: 'Report policies that select Gateway API gateway pods with a selector instead of a targetRef',
    rationale: 'For the pods of a Kubernetes Gateway API Gateway, Istio attaches AuthorizationPolicy, RequestAuthentication, Telemetry and WasmPlugin resources by targetRef; a workload selector that matches those pods (labelled gateway.networking.k8s.io/gateway-name) does not take effect there.',
    remediation: 'Replace spec.selector with spec.targetRefs naming the Gateway (group gateway.networking.k8s.io, kind Gateway).',
    severity: 'warning',
    kinds: KINDS,
    reads: readsBeyond(KINDS, WORKLOADS_IN_READS),
    istio: 'IST0166',
    tags: ['istio', 'gateway-api'],
  },
  check(policy, ctx) {
    const spec = isObject(policy.body.spec) ? policy.body.spec : {};
    if (isObject(spec.targetRef) || !hasSelector(policy)) return;
    const selector = stringMap(isObject(spec.selector) ? spec.selector.matchLabels : undefined);
    // The selector names a gateway's pods outright, or matches a pod template of the files that carries the label.
    let gateway = selector[GATEWAY_NAME];
    if (gateway === undefined) {
      const pods = workloadsIn(ctx.resources, policy.namespace!).map((w) => podTemplateOf(w)?.labels ?? {})
        .filter((labels) => GATEWAY_NAME in labels && matchesLabels(selector, labels));
      gateway = pods[0]?.[GATEWAY_NAME];
    }
    if (gateway === undefined) return;
    ctx.report({
      message: `${policy.ref} selects the pods of Kubernetes Gateway "${gateway}" with a selector, which is ineffective there`,
      hint: `Attach it with spec.targetRefs to the Gateway "${gateway}" (group gateway.networking.k8s.io, kind Gateway) instead of a workload selector.`,
      at: ['spec', 'selector'],
      focus: 'key',
    });
  },
});
