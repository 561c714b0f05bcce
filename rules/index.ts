import type { Rule } from '../src/types.js';
import sidecarEgressHostsRequired from './sidecar-egress-hosts-required.js';
import webhookInjectorOverlap from './webhook-injector-overlap.js';
import webhookStripsNativeSidecar from './webhook-strips-native-sidecar.js';
import yamlSyntax from './yaml-syntax.js';

/** Every built-in rule, sorted by id; a test checks this list against the folder. */
export const rules: readonly Rule[] = [
  sidecarEgressHostsRequired,
  webhookInjectorOverlap,
  webhookStripsNativeSidecar,
  yamlSyntax,
];
