import type { Rule } from '../src/rule.js';
import authorizationPolicyNamespaceUnknown from './authorization-policy-namespace-unknown.js';
import authorizationPolicySelectorUnmatched from './authorization-policy-selector-unmatched.js';
import containerUidProxyReserved from './container-uid-proxy-reserved.js';
import customResourceSchemaInvalid from './custom-resource-schema-invalid.js';
import destinationRuleHostUndefined from './destination-rule-host-undefined.js';
import destinationRulePortTlsCaMissing from './destination-rule-port-tls-ca-missing.js';
import destinationRuleSubsetUnmatched from './destination-rule-subset-unmatched.js';
import destinationRuleTlsCaMissing from './destination-rule-tls-ca-missing.js';
import disableDirectiveRuleUnknown from './disable-directive-rule-unknown.js';
import envoyFilterAddIgnored from './envoy-filter-add-ignored.js';
import envoyFilterProxyVersionRelative from './envoy-filter-proxy-version-relative.js';
import envoyFilterRelativePriorityUnset from './envoy-filter-relative-priority-unset.js';
import envoyFilterRemoveIgnored from './envoy-filter-remove-ignored.js';
import envoyFilterReplaceUnsupported from './envoy-filter-replace-unsupported.js';
import fileUnreadable from './file-unreadable.js';
import gatewayApiCrdVersionBelowMinimum from './gateway-api-crd-version-below-minimum.js';
import gatewayCertificateShared from './gateway-certificate-shared.js';
import gatewayCredentialUndefined from './gateway-credential-undefined.js';
import gatewayPortUnexposed from './gateway-port-unexposed.js';
import gatewaySelectorUnmatched from './gateway-selector-unmatched.js';
import gatewayServerConflict from './gateway-server-conflict.js';
import helmTemplateUnrendered from './helm-template-unrendered.js';
import initContainerRestartPolicy from './init-container-restart-policy.js';
import istioAnnotationDeprecated from './istio-annotation-deprecated.js';
import istioAnnotationMisplaced from './istio-annotation-misplaced.js';
import istioAnnotationUnknown from './istio-annotation-unknown.js';
import istioAnnotationValueInvalid from './istio-annotation-value-invalid/index.js';
import istioConfigInvalid from './istio-config-invalid/index.js';
import istioFieldDeprecated from './istio-field-deprecated.js';
import istiodJwksFetchUnrestricted from './istiod-jwks-fetch-unrestricted.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import namespaceInjectionDefaultEnabled from './namespace-injection-default-enabled.js';
import namespaceInjectionLabelsConflict from './namespace-injection-labels-conflict.js';
import namespaceInjectionUnset from './namespace-injection-unset.js';
import nativeSidecarAnnotation from './native-sidecar-annotation.js';
import nativeSidecarIgnoredSetting from './native-sidecar-ignored-setting.js';
import nativeSidecarUnsupported from './native-sidecar-unsupported.js';
import podProxyImageAutoUninjected from './pod-proxy-image-auto-uninjected.js';
import policySelectorGatewayIneffective from './policy-selector-gateway-ineffective.js';
import policySelectorUnmatched from './policy-selector-unmatched.js';
import proxyImageAutoUninjected from './proxy-image-auto-uninjected.js';
import resourceDuplicate from './resource-duplicate.js';
import resourceMetadataInvalid from './resource-metadata-invalid.js';
import resourceSchemaInvalid from './resource-schema-invalid/index.js';
import serviceEntryAddressesRequired from './service-entry-addresses-required.js';
import serviceEntryProtocolConflict from './service-entry-protocol-conflict.js';
import serviceExternalNamePortName from './service-external-name-port-name.js';
import servicePortProtocolUnnamed from './service-port-protocol-unnamed.js';
import sidecarAmbientIneffective from './sidecar-ambient-ineffective.js';
import sidecarDefaultUnique from './sidecar-default-unique.js';
import sidecarEgressCatchAllLast from './sidecar-egress-catch-all-last.js';
import sidecarEgressHostDuplicate from './sidecar-egress-host-duplicate.js';
import sidecarEgressHostFormat from './sidecar-egress-host-format.js';
import sidecarEgressHostsRequired from './sidecar-egress-hosts-required.js';
import sidecarSelectorConflict from './sidecar-selector-conflict.js';
import sidecarSelectorUnmatched from './sidecar-selector-unmatched.js';
import telemetryDefaultUnique from './telemetry-default-unique.js';
import telemetryProviderUnknown from './telemetry-provider-unknown.js';
import telemetrySelectorConflict from './telemetry-selector-conflict.js';
import unusedDisableDirective from './unused-disable-directive.js';
import virtualServiceGatewayHostUnmatched from './virtual-service-gateway-host-unmatched.js';
import virtualServiceGatewayInternal from './virtual-service-gateway-internal.js';
import virtualServiceGatewayUndefined from './virtual-service-gateway-undefined.js';
import virtualServiceHostConflict from './virtual-service-host-conflict.js';
import virtualServiceHostUndefined from './virtual-service-host-undefined.js';
import virtualServiceJwtClaimUnauthenticated from './virtual-service-jwt-claim-unauthenticated.js';
import virtualServiceMatchIneffective from './virtual-service-match-ineffective.js';
import virtualServicePortRequired from './virtual-service-port-required.js';
import virtualServiceRouteUnreachable from './virtual-service-route-unreachable.js';
import virtualServiceSubsetIneffectiveAtGateway from './virtual-service-subset-ineffective-at-gateway.js';
import virtualServiceSubsetUndefined from './virtual-service-subset-undefined.js';
import webhookControlPlaneAddressInvalid from './webhook-control-plane-address-invalid.js';
import webhookControlPlaneAddressIp from './webhook-control-plane-address-ip.js';
import webhookInjectorOverlap from './webhook-injector-overlap/index.js';
import webhookInjectorServiceMissing from './webhook-injector-service-missing.js';
import webhookStripsNativeSidecar from './webhook-strips-native-sidecar/index.js';
import workloadAnnotationMisplaced from './workload-annotation-misplaced.js';
import workloadInjectAnnotationDeprecated from './workload-inject-annotation-deprecated.js';
import workloadInjectionBlocked from './workload-injection-blocked.js';
import workloadServiceProtocolConflict from './workload-service-protocol-conflict.js';
import workloadServiceTargetPortConflict from './workload-service-target-port-conflict.js';
import yamlSyntax from './yaml-syntax.js';

/** Every built-in rule, sorted by id; a test checks this list against the folder. */
export const rules: readonly Rule[] = [
  authorizationPolicyNamespaceUnknown,
  authorizationPolicySelectorUnmatched,
  containerUidProxyReserved,
  customResourceSchemaInvalid,
  destinationRuleHostUndefined,
  destinationRulePortTlsCaMissing,
  destinationRuleSubsetUnmatched,
  destinationRuleTlsCaMissing,
  disableDirectiveRuleUnknown,
  envoyFilterAddIgnored,
  envoyFilterProxyVersionRelative,
  envoyFilterRelativePriorityUnset,
  envoyFilterRemoveIgnored,
  envoyFilterReplaceUnsupported,
  fileUnreadable,
  gatewayApiCrdVersionBelowMinimum,
  gatewayCertificateShared,
  gatewayCredentialUndefined,
  gatewayPortUnexposed,
  gatewaySelectorUnmatched,
  gatewayServerConflict,
  helmTemplateUnrendered,
  initContainerRestartPolicy,
  istioAnnotationDeprecated,
  istioAnnotationMisplaced,
  istioAnnotationUnknown,
  istioAnnotationValueInvalid,
  istioConfigInvalid,
  istioFieldDeprecated,
  istiodJwksFetchUnrestricted,
  jobSidecarBlocksCompletion,
  namespaceInjectionDefaultEnabled,
  namespaceInjectionLabelsConflict,
  namespaceInjectionUnset,
  nativeSidecarAnnotation,
  nativeSidecarIgnoredSetting,
  nativeSidecarUnsupported,
  podProxyImageAutoUninjected,
  policySelectorGatewayIneffective,
  policySelectorUnmatched,
  proxyImageAutoUninjected,
  resourceDuplicate,
  resourceMetadataInvalid,
  resourceSchemaInvalid,
  serviceEntryAddressesRequired,
  serviceEntryProtocolConflict,
  serviceExternalNamePortName,
  servicePortProtocolUnnamed,
  sidecarAmbientIneffective,
  sidecarDefaultUnique,
  sidecarEgressCatchAllLast,
  sidecarEgressHostDuplicate,
  sidecarEgressHostFormat,
  sidecarEgressHostsRequired,
  sidecarSelectorConflict,
  sidecarSelectorUnmatched,
  telemetryDefaultUnique,
  telemetryProviderUnknown,
  telemetrySelectorConflict,
  unusedDisableDirective,
  virtualServiceGatewayHostUnmatched,
  virtualServiceGatewayInternal,
  virtualServiceGatewayUndefined,
  virtualServiceHostConflict,
  virtualServiceHostUndefined,
  virtualServiceJwtClaimUnauthenticated,
  virtualServiceMatchIneffective,
  virtualServicePortRequired,
  virtualServiceRouteUnreachable,
  virtualServiceSubsetIneffectiveAtGateway,
  virtualServiceSubsetUndefined,
  webhookControlPlaneAddressInvalid,
  webhookControlPlaneAddressIp,
  webhookInjectorOverlap,
  webhookInjectorServiceMissing,
  webhookStripsNativeSidecar,
  workloadAnnotationMisplaced,
  workloadInjectAnnotationDeprecated,
  workloadInjectionBlocked,
  workloadServiceProtocolConflict,
  workloadServiceTargetPortConflict,
  yamlSyntax,
];
