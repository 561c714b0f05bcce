import { defineRule } from '../src/rule.js';
import { LABEL } from '../src/istio/injection.js';
import { WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { podTemplateOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'workload-inject-annotation-deprecated',
    description: 'Prefer the sidecar.istio.io/inject label to the deprecated annotation on pod templates',
    rationale: 'The sidecar.istio.io/inject annotation is deprecated in favour of the label of the same name. The injector\'s webhooks select pods by labels only, so the annotation cannot opt a pod in when its namespace is unlabelled, and when both are set with different values the label wins.',
    remediation: 'Replace the pod-template annotation sidecar.istio.io/inject with the label sidecar.istio.io/inject (value "true" or "false").',
    severity: 'info',
    kinds: [...WORKLOAD_KINDS],
    istio: 'IST0135',
    tags: ['istio', 'injection'],
    fixable: true,
  },
  check(workload, ctx) {
    const template = podTemplateOf(workload);
    const value = template?.annotations[LABEL.inject];
    if (!template || value === undefined) return;
    const label = template.labels[LABEL.inject];
    // A matching label already does the job; the annotation is then merely redundant.
    if (label === value) return;
    const where = template.path.length > 0 ? 'pod-template annotation' : 'annotation';
    const at = [...template.path, 'metadata', 'annotations', LABEL.inject];
    if (label !== undefined) {
      ctx.report({ message: `${workload.ref} sets the deprecated ${where} ${LABEL.inject}: "${value}", but the label says "${label}"`, hint: 'The label wins. Delete the annotation.', at, focus: 'key', fix: { description: 'delete the annotation', edits: [{ at, remove: true }] } });
      return;
    }
    const effect = value === 'true'
      ? 'The injector\'s webhooks select pods by labels, so it cannot opt pods in when the namespace is unlabelled.'
      : 'Istio still honours it for now, but it is deprecated in favour of the label.';
    ctx.report({
      message: `${workload.ref} sets the deprecated ${where} ${LABEL.inject}: "${value}"`, hint: `${effect} Use the label ${LABEL.inject}: "${value}" instead.`, at, focus: 'key',
      fix: { description: `make it the label ${LABEL.inject}: "${value}"`, edits: [{ at, remove: true }, { at: [...template.path, 'metadata', 'labels', LABEL.inject], set: value }] },
    });
  },
});
