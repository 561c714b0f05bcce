import { defineRule } from '../../src/rule.js';
import type { JsonObject, Resource } from '../../src/rule.js';
import {
  AUTHORIZATION_POLICY, DESTINATION_RULE, ENVOY_FILTER, ISTIO_GATEWAY, PEER_AUTHENTICATION, PROXY_CONFIG, REQUEST_AUTHENTICATION, SERVICE_ENTRY,
  SIDECAR, TELEMETRY, TRAFFIC_EXTENSION, VIRTUAL_SERVICE, WASM_PLUGIN, WORKLOAD_ENTRY, WORKLOAD_GROUP,
} from '../../src/istio/kinds.js';
import { shippedProblems } from '../../src/validation/shipped.js';
import { Checker, ERROR_CODE, obj } from './check.js';
import { checkDestinationRule } from './destination-rule.js';
import { checkEnvoyFilter, checkProxyConfig, checkSidecarResource, checkTelemetry, checkTrafficExtension, checkWasmPlugin } from './extensions.js';
import { checkGateway } from './gateway.js';
import { checkAuthorizationPolicy, checkPeerAuthentication, checkRequestAuthentication } from './security.js';
import { checkServiceEntry, checkWorkloadEntry, checkWorkloadGroup } from './service-entry.js';
import { checkVirtualService } from './virtual-service.js';

/** One check per kind: the semantic half of Istio's validating webhook, as Istio applies it to every served version. */
const CHECKS: Record<string, (c: Checker, spec: JsonObject) => void> = {
  [VIRTUAL_SERVICE]: checkVirtualService,
  [DESTINATION_RULE]: checkDestinationRule,
  [ISTIO_GATEWAY]: checkGateway,
  [SERVICE_ENTRY]: checkServiceEntry,
  [WORKLOAD_ENTRY]: checkWorkloadEntry,
  [WORKLOAD_GROUP]: checkWorkloadGroup,
  [SIDECAR]: checkSidecarResource,
  [ENVOY_FILTER]: checkEnvoyFilter,
  [PROXY_CONFIG]: checkProxyConfig,
  [AUTHORIZATION_POLICY]: checkAuthorizationPolicy,
  [PEER_AUTHENTICATION]: checkPeerAuthentication,
  [REQUEST_AUTHENTICATION]: checkRequestAuthentication,
  [TELEMETRY]: checkTelemetry,
  [WASM_PLUGIN]: checkWasmPlugin,
  [TRAFFIC_EXTENSION]: checkTrafficExtension,
};

export default defineRule({
  meta: {
    id: 'istio-config-invalid',
    description: 'Report Istio resources that Istio\'s validating webhook rejects or warns about',
    rationale: [
      'Istio\'s validating webhook checks each Istio resource beyond what its CRD says: host and gateway names, route and fault settings, regexes in RE2 syntax,',
      'durations to the millisecond, TLS modes and their certificates, subsets, selectors, authorization conditions, JWT rules, service entry resolution',
      'and endpoints, EnvoyFilter patches. `kubectl apply` fails on its errors (istioctl analyze IST0106) and prints its warnings (IST0133),',
      'which this rule reports with severity warning. What the CRD\'s structural schema and its x-kubernetes-validations CEL rules already reject',
      '(types, enums, required fields, bounds, patterns, list-map keys, port ranges, the at-least-1ms duration rule, one-of counts such as selector',
      'with targetRefs, wildcards in selector labels, ServiceEntry CIDR and endpoint rules, Telemetry tag overrides, WasmPlugin URLs and env values)',
      'is left to the schema rule, so that each problem is reported once, and nothing is said at or around a value of the wrong type, which Istio',
      'cannot decode (the schema rule reports it). Sidecar egress hosts are checked by the sidecar-egress rules, and the',
      'routes that no request reaches and the repeated matches Istio warns of (IST0130, IST0131) by virtual-service-route-unreachable and',
      'virtual-service-match-ineffective. Not checked: Telemetry access-log filter expressions, EnvoyFilter patch values',
      'against Envoy\'s protobuf types, and the warning Istio prints for every EnvoyFilter.',
    ].join(' '),
    remediation: 'Fix the field the finding points at as its hint says; `istioctl validate -f <file>` shows the same verdict against a live Istio.',
    severity: 'error',
    kinds: Object.keys(CHECKS),
    istio: ERROR_CODE,
    tags: ['istio', 'validation'],
    // Only where one change makes the resource valid and keeps its meaning: a repeat or an ignored field deleted, a deprecated field moved.
    fixable: true,
  },
  check(resource: Resource, ctx) {
    const spec = obj(resource.body.spec);
    if (!spec) return;
    const check = CHECKS[resource.groupKind];
    if (!check) return;
    const undecodable = (shippedProblems(resource) ?? []).filter((p) => p.type).map((p) => p.path);
    check(new Checker(resource, (r) => ctx.report(r), undecodable), spec);
  },
});
