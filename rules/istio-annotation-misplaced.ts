import { defineRule } from '../src/rule.js';
import { ANNOTATED_KINDS, annotationDefinition, annotationSites, INGRESS_CLASS, isIgnoredAnnotation, isPodAnnotation, kindsText, plural, readOn, siteText } from '../src/istio/annotations.js';
import { SERVICE_ENTRY } from '../src/istio/kinds.js';
import { LABEL } from '../src/istio/injection.js';
import { NAMESPACE } from '../src/k8s/kinds.js';

const EXPORT_TO = 'networking.istio.io/exportTo';

export default defineRule({
  meta: {
    id: 'istio-annotation-misplaced',
    description: 'Require each Istio annotation on a kind of object that Istio reads it on',
    rationale: 'Istio\'s catalogue says on which kinds it reads each annotation: sidecar.istio.io/* and proxy.istio.io/config on Pods, networking.istio.io/exportTo on Services, kubernetes.io/ingress.class on Ingresses. On any other object, a pod template for a Service annotation or a Namespace for a Pod annotation, it does nothing.',
    remediation: 'Move the annotation to an object of the kind the finding names (for a Pod annotation, the pod template of the workloads concerned), or remove it.',
    severity: 'warning',
    kinds: ANNOTATED_KINDS,
    istio: 'IST0107',
    tags: ['istio', 'annotation'],
  },
  check(resource, ctx) {
    for (const site of annotationSites(resource)) {
      for (const key of Object.keys(site.raw)) {
        const definition = annotationDefinition(key);
        if (!definition || isIgnoredAnnotation(key) || readOn(definition, site.kind)) continue;
        // A Pod annotation on a workload's own metadata is workload-annotation-misplaced's finding.
        if (site.kind === undefined && isPodAnnotation(key)) continue;
        const kinds = kindsText(definition);
        const advice = key === LABEL.inject
          ? resource.groupKind === NAMESPACE
            ? 'To inject the namespace\'s pods, label the Namespace istio-injection=enabled (or istio.io/rev) instead.'
            : 'Make it a label of the pod template of the workloads it is meant for, or remove it.'
          : key === INGRESS_CLASS
            ? 'It selects the controller of an Ingress (which spec.ingressClassName does on current Kubernetes): remove it.'
            : key === EXPORT_TO && resource.groupKind === SERVICE_ENTRY
              ? 'A ServiceEntry says where it is visible with spec.exportTo: use that field instead.'
              : isPodAnnotation(key)
                ? 'Put it in the pod template of the workloads it is meant for, or remove it.'
                : `Move it to the ${kindsText(definition, 'or')} it is meant for, or remove it.`;
        ctx.report({
          message: `${resource.ref} has the annotation "${key}"${siteText(site)}, which Istio does not read on ${plural(site.kind ?? resource.kind)}`,
          hint: `Istio reads it on ${kinds} only, so here it does nothing. ${advice}`,
          at: [...site.path, key],
          focus: 'key',
        });
      }
    }
  },
});
