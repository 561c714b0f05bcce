import type { Rule } from '../src/rule.js';
import destinationRuleHostUndefined from './destination-rule-host-undefined.js';
import destinationRulePortTlsCaMissing from './destination-rule-port-tls-ca-missing.js';
import destinationRuleSubsetUnmatched from './destination-rule-subset-unmatched.js';
import destinationRuleTlsCaMissing from './destination-rule-tls-ca-missing.js';
import fileUnreadable from './file-unreadable.js';
import gatewayCertificateShared from './gateway-certificate-shared.js';
import gatewayCredentialUndefined from './gateway-credential-undefined.js';
import gatewayPortUnexposed from './gateway-port-unexposed.js';
import gatewaySelectorUnmatched from './gateway-selector-unmatched.js';
import gatewayServerConflict from './gateway-server-conflict.js';
import helmTemplateUnrendered from './helm-template-unrendered.js';
import initContainerRestartPolicy from './init-container-restart-policy.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import namespaceInjectionLabelsConflict from './namespace-injection-labels-conflict.js';
import namespaceInjectionUnset from './namespace-injection-unset.js';
import nativeSidecarAnnotation from './native-sidecar-annotation.js';
import nativeSidecarIgnoredSetting from './native-sidecar-ignored-setting.js';
import nativeSidecarUnsupported from './native-sidecar-unsupported.js';
import resourceMetadataInvalid from './resource-metadata-invalid.js';
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
import unusedDisableDirective from './unused-disable-directive.js';
import virtualServiceGatewayHostUnmatched from './virtual-service-gateway-host-unmatched.js';
import virtualServiceGatewayInternal from './virtual-service-gateway-internal.js';
import virtualServiceGatewayUndefined from './virtual-service-gateway-undefined.js';
import virtualServiceHostConflict from './virtual-service-host-conflict.js';
import virtualServiceHostUndefined from './virtual-service-host-undefined.js';
import virtualServiceMatchIneffective from './virtual-service-match-ineffective.js';
import virtualServicePortRequired from './virtual-service-port-required.js';
import virtualServiceRouteUnreachable from './virtual-service-route-unreachable.js';
import virtualServiceSubsetIneffectiveAtGateway from './virtual-service-subset-ineffective-at-gateway.js';
import virtualServiceSubsetUndefined from './virtual-service-subset-undefined.js';
import webhookInjectorOverlap from './webhook-injector-overlap/index.js';
import webhookStripsNativeSidecar from './webhook-strips-native-sidecar/index.js';
import workloadAnnotationMisplaced from './workload-annotation-misplaced.js';
import workloadInjectAnnotationDeprecated from './workload-inject-annotation-deprecated.js';
import workloadInjectionBlocked from './workload-injection-blocked.js';
import workloadServiceProtocolConflict from './workload-service-protocol-conflict.js';
import workloadServiceTargetPortConflict from './workload-service-target-port-conflict.js';
import yamlSyntax from './yaml-syntax.js';

/** Every built-in rule, sorted by id; a test checks this list against the folder. */
export const rules: readonly Rule[] = [
  destinationRuleHostUndefined,
  destinationRulePortTlsCaMissing,
  destinationRuleSubsetUnmatched,
  destinationRuleTlsCaMissing,
  fileUnreadable,
  gatewayCertificateShared,
  gatewayCredentialUndefined,
  gatewayPortUnexposed,
  gatewaySelectorUnmatched,
  gatewayServerConflict,
  helmTemplateUnrendered,
  initContainerRestartPolicy,
  jobSidecarBlocksCompletion,
  namespaceInjectionLabelsConflict,
  namespaceInjectionUnset,
  nativeSidecarAnnotation,
  nativeSidecarIgnoredSetting,
  nativeSidecarUnsupported,
  resourceMetadataInvalid,
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
  unusedDisableDirective,
  virtualServiceGatewayHostUnmatched,
  virtualServiceGatewayInternal,
  virtualServiceGatewayUndefined,
  virtualServiceHostConflict,
  virtualServiceHostUndefined,
  virtualServiceMatchIneffective,
  virtualServicePortRequired,
  virtualServiceRouteUnreachable,
  virtualServiceSubsetIneffectiveAtGateway,
  virtualServiceSubsetUndefined,
  webhookInjectorOverlap,
  webhookStripsNativeSidecar,
  workloadAnnotationMisplaced,
  workloadInjectAnnotationDeprecated,
  workloadInjectionBlocked,
  workloadServiceProtocolConflict,
  workloadServiceTargetPortConflict,
  yamlSyntax,
];
