import { defineRule } from '../src/rule.js';
import { ANNOTATED_KINDS, annotationSites, deprecatedAnnotation, siteText } from '../src/istio/annotations.js';
import { LABEL } from '../src/istio/injection.js';

export default defineRule({
  meta: {
    id: 'istio-annotation-deprecated',
    description: 'Report Istio annotations that Istio deprecates',
    rationale: 'Istio\'s catalogue marks some annotations deprecated: sidecar.istio.io/inject (replaced by the label), the sidecar.istio.io/stats* family and discoveryAddress (replaced by fields of proxy.istio.io/config), traffic.sidecar.istio.io/kubevirtInterfaces (replaced by istio.io/reroute-virtual-interfaces), and others. Istio may stop reading them in any release.',
    remediation: 'Use the replacement the finding names, or remove the annotation when nothing replaces it.',
    severity: 'info',
    kinds: ANNOTATED_KINDS,
    istio: 'IST0135',
    tags: ['istio', 'annotation', 'deprecation'],
  },
  check(resource, ctx) {
    for (const site of annotationSites(resource)) {
      for (const key of Object.keys(site.raw)) {
        const replacement = deprecatedAnnotation(key);
        if (replacement === undefined) continue;
        if (key === LABEL.inject) {
          // On a Pod or a pod template it is workload-inject-annotation-deprecated's finding; like
          // istioctl, none when the label of the same name is beside it.
          if (site.kind === 'Pod' || site.labels[LABEL.inject] !== undefined) continue;
        }
        ctx.report({
          message: `${resource.ref} has the annotation "${key}"${siteText(site)}, which Istio deprecates`,
          hint: !replacement ? 'Istio may stop reading it in a later release, and nothing replaces it: remove it once it is not needed.'
            : site.kind === 'Pod' ? `Istio may stop reading it in a later release. Use ${replacement} instead.`
              : `Istio may stop reading it in a later release. On the Pods it is meant for, use ${replacement} instead.`,
          at: [...site.path, key],
          focus: 'key',
        });
      }
    }
  },
});
