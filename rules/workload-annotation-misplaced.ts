import { defineRule } from '../src/rule.js';
import { deprecatedPodAnnotation, isGatewayGenerated, isPodAnnotation } from '../src/istio/annotations.js';
import { LABEL } from '../src/istio/injection.js';
import { POD, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { metadataOf, podTemplateOf } from '../src/k8s/workload.js';
import { isObject } from '../src/model/resource.js';

export default defineRule({
  meta: {
    id: 'workload-annotation-misplaced',
    description: 'Require Pod-scoped Istio annotations on the pod template, not on the workload itself',
    rationale: 'Istio\'s injector and proxy read annotations such as sidecar.istio.io/*, traffic.sidecar.istio.io/* and proxy.istio.io/config from the Pod only. On a Deployment\'s, StatefulSet\'s or CronJob\'s own metadata they are never copied to the pods, so the setting silently does nothing.',
    remediation: 'Move the annotation to the pod template\'s metadata.annotations (spec.template.metadata.annotations; spec.jobTemplate.spec.template.metadata.annotations for a CronJob); use the label, not the annotation, for sidecar.istio.io/inject, and the replacement of any other deprecated annotation (for example proxy.istio.io/config for the sidecar.istio.io/stats* family).',
    severity: 'warning',
    kinds: WORKLOAD_KINDS.filter((kind) => kind !== POD),
    istio: 'IST0107',
    tags: ['istio', 'annotation'],
    fixable: true,
  },
  check(workload, ctx) {
    // Istio's gateway controller copies a Gateway's annotations onto the Deployment it generates.
    if (isGatewayGenerated(workload)) return;
    const template = podTemplateOf(workload);
    const base = (template?.path ?? ['spec', 'template']).join('.');
    const own = metadataOf(workload).annotations;
    const raw = isObject(workload.body.metadata) && isObject(workload.body.metadata.annotations) ? workload.body.metadata.annotations : {};
    for (const key of Object.keys(own)) {
      if (!isPodAnnotation(key)) continue;
      const replacement = deprecatedPodAnnotation(key);
      const move = key === LABEL.inject ? `Make it a label in ${base}.metadata.labels.` : `Move it to ${base}.metadata.annotations.`;
      const advice = replacement === undefined ? move
        : replacement === '' ? `It is also deprecated and may stop working in a later Istio release: drop it, or if it is still needed, ${move.replace(/^M/, 'm')}`
          : key === LABEL.inject ? `It is also deprecated: ${move.replace(/^M/, 'm')}`
            : `It is also deprecated: use ${replacement} in ${base}.metadata.annotations instead.`;
      // Moved only where the template does not already say otherwise and the move is the whole
      // fix (a deprecated annotation with a replacement needs a choice); the inject switch becomes a label.
      const into = key === LABEL.inject ? 'labels' : 'annotations';
      const there = template?.[into][key];
      const value = raw[key];
      const movable = template && typeof value === 'string' && (there === undefined || there === value) && (replacement === undefined || key === LABEL.inject);
      ctx.report({
        ...(movable ? { fix: {
          description: `move "${key}" to ${base}.metadata.${into}`,
          edits: [{ at: ['metadata', 'annotations', key], remove: true as const }, ...(there === undefined ? [{ at: [...template.path, 'metadata', into, key], set: value }] : [])],
        } } : {}),
        // That it is deprecated as well is istio-annotation-deprecated's finding; the hint says what to move instead.
        message: `${workload.ref} has the Pod annotation "${key}" on its own metadata, where Istio never reads it`,
        hint: `Istio reads it from the Pod only, and the workload's own annotations are not copied to its Pods. ${advice}`,
        at: ['metadata', 'annotations', key],
        focus: 'key',
      });
    }
  },
});
