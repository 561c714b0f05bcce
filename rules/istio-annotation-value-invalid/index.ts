import { defineRule } from '../../src/rule.js';
import { ANNOTATED_KINDS, annotationDefinition, annotationSites, readOn, siteText } from '../../src/istio/annotations.js';
import { VALIDATORS } from './validators.js';

export default defineRule({
  meta: {
    id: 'istio-annotation-value-invalid',
    description: 'Require the values of Istio\'s annotations to pass the checks of Istio\'s injector',
    rationale: 'Istio\'s sidecar injector checks the values of some Pod annotations (ports, CIDR ranges, interface names, resource quantities, the interception mode, proxy.istio.io/config) before it injects, and refuses a Pod with a value it rejects: the API server then does not create the Pod, and a Deployment\'s ReplicaSet keeps failing to. Pods that are not injected are not checked, but the value breaks them as soon as injection is turned on.',
    remediation: 'Write the value in the form the finding names: for lists, items separated by commas (no spaces between CIDR ranges); for proxy.istio.io/config, ProxyConfig fields of the right types.',
    severity: 'warning',
    kinds: ANNOTATED_KINDS,
    istio: 'IST0125',
    tags: ['istio', 'annotation', 'injection'],
  },
  check(resource, ctx) {
    for (const site of annotationSites(resource)) {
      for (const [key, value] of Object.entries(site.raw)) {
        const definition = annotationDefinition(key);
        // Only where Istio reads it: elsewhere it is istio-annotation-misplaced's finding.
        if (!definition?.validator || !readOn(definition, site.kind) || typeof value !== 'string') continue;
        const validator = VALIDATORS[definition.validator];
        const problem = validator?.check(value);
        if (!validator || problem === undefined) continue;
        ctx.report({
          message: `${resource.ref} has an invalid "${key}" annotation${siteText(site)}: ${problem}`,
          hint: `Before it injects a sidecar, Istio's injector checks this value and refuses the Pod, which is then not created. Istio accepts ${validator.expects}.`,
          at: [...site.path, key],
          focus: 'value',
        });
      }
    }
  },
});
