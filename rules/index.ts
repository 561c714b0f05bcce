import type { Rule } from '../src/types.js';
import initContainerRestartPolicy from './init-container-restart-policy.js';
import jobSidecarBlocksCompletion from './job-sidecar-blocks-completion.js';
import nativeSidecarAnnotation from './native-sidecar-annotation.js';
import nativeSidecarIgnoredSetting from './native-sidecar-ignored-setting.js';
import nativeSidecarUnsupported from './native-sidecar-unsupported.js';
import sidecarEgressHostsRequired from './sidecar-egress-hosts-required.js';
import webhookInjectorOverlap from './webhook-injector-overlap.js';
import webhookStripsNativeSidecar from './webhook-strips-native-sidecar.js';
import yamlSyntax from './yaml-syntax.js';

/** Every built-in rule, sorted by id; a test checks this list against the folder. */
export const rules: readonly Rule[] = [
  initContainerRestartPolicy,
  jobSidecarBlocksCompletion,
  nativeSidecarAnnotation,
  nativeSidecarIgnoredSetting,
  nativeSidecarUnsupported,
  sidecarEgressHostsRequired,
  webhookInjectorOverlap,
  webhookStripsNativeSidecar,
  yamlSyntax,
];
