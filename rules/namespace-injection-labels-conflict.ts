import { defineRule } from '../src/rule.js';
import { LABEL, countedInjectionLabels } from '../src/istio/injection.js';
import { NAMESPACE } from '../src/k8s/kinds.js';
import { metadataOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'namespace-injection-labels-conflict',
    description: 'Disallow more than one injection label on a Namespace',
    rationale: 'istio-injection takes precedence over istio.io/rev: every revision webhook requires istio-injection to be absent, so with both labels the revision is ignored and a canary upgrade silently keeps injecting the default revision. A sidecar injection label next to istio.io/dataplane-mode likewise overrides ambient mode for the pods. Labels are counted as istioctl analyze counts them: istio.io/rev and istio.io/dataplane-mode only when istio-injection is absent or enabled.',
    remediation: 'Keep one injection label per namespace: istio.io/rev=<revision> for revision-based upgrades (remove istio-injection), istio-injection=enabled for the default revision, or istio.io/dataplane-mode=ambient alone for ambient.',
    severity: 'error',
    kinds: [NAMESPACE],
    istio: 'IST0123',
    tags: ['istio', 'injection'],
    fixable: true,
  },
  check(namespace, ctx) {
    const labels = metadataOf(namespace).labels;
    const [winner, ...ignored] = countedInjectionLabels(labels);
    if (!winner || ignored.length === 0) return;
    const show = (key: string) => `${key}: "${labels[key]}"`;
    const quote = (keys: string[]) => keys.map((key) => `"${key}"`).join(' and ');
    // Counted labels beyond the first exist only next to an absent or `enabled` istio-injection.
    const effect = winner === LABEL.injection ? 'injects the default revision' : `injects revision "${labels[LABEL.revision]}"`;
    const lost = ignored.map((key) => (key === LABEL.revision ? `revision "${labels[key]}" is never injected` : labels[key] === 'ambient' ? 'the pods get sidecars instead of ambient capture' : `${key} has no effect`));
    ctx.report({
      message: `${namespace.ref} has ${ignored.length + 1} injection labels, and Istio follows "${winner}" and ignores ${quote(ignored)}`,
      hint: `${show(winner)} ${effect}, so ${lost.join(' and ')}. Remove the label you do not mean.`,
      at: ['metadata', 'labels', ignored[0]!],
      focus: 'key',
      related: [{ resource: namespace, at: ['metadata', 'labels', winner], message: `${show(winner)} wins` }],
      // istio-injection beside istio.io/rev alone is the label a revision upgrade left behind: the only case with one clear fix.
      ...(winner === LABEL.injection && ignored.length === 1 && ignored[0] === LABEL.revision && labels[LABEL.injection] === 'enabled'
        ? { fix: { description: `remove the label "${LABEL.injection}"`, edits: [{ at: ['metadata', 'labels', LABEL.injection], remove: true as const }] } } : {}),
    });
  },
});
