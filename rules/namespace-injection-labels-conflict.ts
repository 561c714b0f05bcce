import { defineRule } from '../src/rule.js';
import { LABEL, countedInjectionLabels } from '../src/istio/injection.js';
import { NAMESPACE } from '../src/k8s/kinds.js';
import { metadataOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'namespace-injection-labels-conflict',
    description: 'Disallow more than one injection label on a Namespace',
    rationale: 'istio-injection takes precedence over istio.io/rev: every revision webhook requires istio-injection to be absent, so with both labels the revision is ignored and a canary upgrade silently keeps injecting the default revision. A sidecar injection label next to istio.io/dataplane-mode likewise overrides ambient mode for the pods. An empty istio.io/rev matches no injector webhook, so next to ambient mode it only muddles which mode applies. Labels are counted as istioctl analyze counts them: istio.io/rev and istio.io/dataplane-mode only when istio-injection is absent or enabled.',
    remediation: 'Keep one injection label per namespace: istio.io/rev=<revision> for revision-based upgrades (remove istio-injection), istio-injection=enabled for the default revision, or istio.io/dataplane-mode=ambient alone for ambient.',
    severity: 'error',
    kinds: [NAMESPACE],
    istio: 'IST0123',
    tags: ['istio', 'injection'],
    fixable: true,
  },
  check(namespace, ctx) {
    const labels = metadataOf(namespace).labels;
    const counted = countedInjectionLabels(labels);
    if (counted.length < 2) return;
    // Counted in Istio's order of precedence; an empty istio.io/rev selects no webhook and a
    // dataplane mode other than ambient captures nothing, so the first label that acts wins.
    const acts = (key: string) => key === LABEL.injection || (key === LABEL.revision ? labels[key] !== '' : labels[key] === 'ambient');
    const winner = counted.find(acts);
    const ignored = counted.filter((key) => key !== winner);
    const show = (key: string) => `${key}: "${labels[key]}"`;
    const quote = (keys: string[]) => keys.map((key) => `"${key}"`).join(' and ');
    const effectOf = (key: string) => key === LABEL.injection ? 'injects the default revision'
      : key === LABEL.revision ? `injects revision "${labels[key]}"` : 'puts the pods in ambient mode';
    const lost = ignored.map((key) => (key === LABEL.revision ? (labels[key] === '' ? `the empty ${key} matches no injector` : `revision "${labels[key]}" is never injected`)
      : labels[key] === 'ambient' ? 'the pods get sidecars instead of ambient capture' : `${key} has no effect`));
    ctx.report({
      message: winner
        ? `${namespace.ref} has ${counted.length} injection labels, and Istio follows "${winner}" and ignores ${quote(ignored)}`
        : `${namespace.ref} has ${counted.length} injection labels, and none of ${quote(counted)} selects a sidecar or ambient mode`,
      hint: `${winner ? `${show(winner)} ${effectOf(winner)}, so ${lost.join(' and ')}` : `In effect none is set: ${lost.join(' and ')}`}. Remove the label you do not mean.`,
      at: ['metadata', 'labels', ignored[0]!],
      focus: 'key',
      related: winner ? [{ resource: namespace, at: ['metadata', 'labels', winner], message: `${show(winner)} wins` }] : [],
      // istio-injection beside istio.io/rev alone is the label a revision upgrade left behind: the only case with one clear fix.
      ...(winner === LABEL.injection && ignored.length === 1 && ignored[0] === LABEL.revision && labels[LABEL.revision] !== '' && labels[LABEL.injection] === 'enabled'
        ? { fix: { description: `remove the label "${LABEL.injection}"`, edits: [{ at: ['metadata', 'labels', LABEL.injection], remove: true as const }] } } : {}),
    });
  },
});
