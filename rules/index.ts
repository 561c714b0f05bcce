import type { Rule } from '../src/rule.js';
import customResourceSchemaInvalid from './custom-resource-schema-invalid.js';
import disableDirectiveRuleUnknown from './disable-directive-rule-unknown.js';
import fileUnreadable from './file-unreadable.js';
import helmTemplateUnrendered from './helm-template-unrendered.js';
import initContainerRestartPolicy from './init-container-restart-policy.js';
import istioConfigInvalid from './istio-config-invalid/index.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import namespaceInjectionDefaultEnabled from './namespace-injection-default-enabled.js';
import namespaceInjectionLabelsConflict from './namespace-injection-labels-conflict.js';
import namespaceInjectionUnset from './namespace-injection-unset.js';
import nativeSidecarAnnotation from './native-sidecar-annotation.js';
import nativeSidecarIgnoredSetting from './native-sidecar-ignored-setting.js';
import nativeSidecarUnsupported from './native-sidecar-unsupported.js';
import resourceDuplicate from './resource-duplicate.js';
import resourceMetadataInvalid from './resource-metadata-invalid.js';
import resourceSchemaInvalid from './resource-schema-invalid/index.js';
import sidecarAmbientIneffective from './sidecar-ambient-ineffective.js';
import sidecarDefaultUnique from './sidecar-default-unique.js';
import sidecarEgressCatchAllLast from './sidecar-egress-catch-all-last.js';
import sidecarEgressHostDuplicate from './sidecar-egress-host-duplicate.js';
import sidecarEgressHostFormat from './sidecar-egress-host-format.js';
import sidecarEgressHostsRequired from './sidecar-egress-hosts-required.js';
import sidecarSelectorConflict from './sidecar-selector-conflict.js';
import sidecarSelectorUnmatched from './sidecar-selector-unmatched.js';
import unusedDisableDirective from './unused-disable-directive.js';
import webhookInjectorOverlap from './webhook-injector-overlap/index.js';
import webhookStripsNativeSidecar from './webhook-strips-native-sidecar/index.js';
import workloadAnnotationMisplaced from './workload-annotation-misplaced.js';
import workloadInjectAnnotationDeprecated from './workload-inject-annotation-deprecated.js';
import workloadInjectionBlocked from './workload-injection-blocked.js';
import yamlSyntax from './yaml-syntax.js';

/** Every built-in rule, sorted by id; a test checks this list against the folder. */
export const rules: readonly Rule[] = [
  customResourceSchemaInvalid,
  disableDirectiveRuleUnknown,
  fileUnreadable,
  helmTemplateUnrendered,
  initContainerRestartPolicy,
  istioConfigInvalid,
  jobSidecarBlocksCompletion,
  namespaceInjectionDefaultEnabled,
  namespaceInjectionLabelsConflict,
  namespaceInjectionUnset,
  nativeSidecarAnnotation,
  nativeSidecarIgnoredSetting,
  nativeSidecarUnsupported,
  resourceDuplicate,
  resourceMetadataInvalid,
  resourceSchemaInvalid,
  sidecarAmbientIneffective,
  sidecarDefaultUnique,
  sidecarEgressCatchAllLast,
  sidecarEgressHostDuplicate,
  sidecarEgressHostFormat,
  sidecarEgressHostsRequired,
  sidecarSelectorConflict,
  sidecarSelectorUnmatched,
  unusedDisableDirective,
  webhookInjectorOverlap,
  webhookStripsNativeSidecar,
  workloadAnnotationMisplaced,
  workloadInjectAnnotationDeprecated,
  workloadInjectionBlocked,
  yamlSyntax,
];
