import type { Rule } from '../src/types.js';
import namespaceInjectionLabelsConflict from './namespace-injection-labels-conflict.js';
import namespaceInjectionUnset from './namespace-injection-unset.js';
import sidecarAmbientIneffective from './sidecar-ambient-ineffective.js';
import sidecarDefaultUnique from './sidecar-default-unique.js';
import sidecarEgressCatchAllLast from './sidecar-egress-catch-all-last.js';
import sidecarEgressHostDuplicate from './sidecar-egress-host-duplicate.js';
import sidecarEgressHostFormat from './sidecar-egress-host-format.js';
import sidecarEgressHostsRequired from './sidecar-egress-hosts-required.js';
import sidecarSelectorConflict from './sidecar-selector-conflict.js';
import sidecarSelectorUnmatched from './sidecar-selector-unmatched.js';
import workloadAnnotationMisplaced from './workload-annotation-misplaced.js';
import workloadInjectAnnotationDeprecated from './workload-inject-annotation-deprecated.js';
import workloadInjectionBlocked from './workload-injection-blocked.js';
import yamlSyntax from './yaml-syntax.js';

/** Every built-in rule, sorted by id; a test checks this list against the folder. */
export const rules: readonly Rule[] = [
  namespaceInjectionLabelsConflict,
  namespaceInjectionUnset,
  sidecarAmbientIneffective,
  sidecarDefaultUnique,
  sidecarEgressCatchAllLast,
  sidecarEgressHostDuplicate,
  sidecarEgressHostFormat,
  sidecarEgressHostsRequired,
  sidecarSelectorConflict,
  sidecarSelectorUnmatched,
  workloadAnnotationMisplaced,
  workloadInjectAnnotationDeprecated,
  workloadInjectionBlocked,
  yamlSyntax,
];
