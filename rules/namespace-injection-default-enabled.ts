import { defineRule } from '../src/rule.js';
import { LABEL } from '../src/istio/injection.js';
import { INJECTOR_CONFIG_READS, injectedByDefault } from '../src/istio/injector-config.js';
import { NAMESPACE, readsBeyond } from '../src/k8s/kinds.js';
import { metadataOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'namespace-injection-default-enabled',
    description: 'Report Namespaces without an injection label that the injector configuration injects by default',
    rationale: 'With sidecarInjectorWebhook.enableNamespacesByDefault (in the istio-sidecar-injector ConfigMap\'s values or an IstioOperator\'s spec.values), or any injector webhook whose selectors match unlabelled namespaces and Pods, every namespace without istio-injection and istio.io/rev gets sidecars. Nothing on the namespace says so: the same manifests applied to a mesh installed without that setting run outside the mesh, and an opt-out has to be added to each namespace that should stay out. The root namespace, ambient namespaces and the Kubernetes system namespaces that the injector skips are exempt. Only configuration close to the Namespace counts (in the tree of its folder\'s parent folder), since a repository may hold many unrelated installs; namespace-injection-unset stays silent on a namespace whatever configuration of the files injects it.',
    remediation: 'Label the namespace istio-injection=enabled (or istio.io/rev=<revision>) to make the injection explicit, or istio-injection=disabled to keep it out of the mesh.',
    severity: 'info',
    kinds: [NAMESPACE],
    reads: readsBeyond([NAMESPACE], INJECTOR_CONFIG_READS),
    istio: 'IST0148',
    tags: ['istio', 'injection'],
  },
  check(namespace, ctx) {
    if (namespace.name === ctx.settings.rootNamespace) return;
    const { labels } = metadataOf(namespace);
    // The labels decide first: a labelled namespace is injected (or not) by its own choice.
    if (labels[LABEL.injection] || labels[LABEL.revision] || labels[LABEL.dataplaneMode] === 'ambient') return;
    // A positive claim needs configuration from the same install: see isNear.
    const source = injectedByDefault(ctx.resources, namespace, true);
    if (!source) return;
    const metadata = namespace.body.metadata as { labels?: unknown } | undefined;
    ctx.report({
      message: `${namespace.ref} has no injection label, but its Pods get sidecars by default`,
      hint: `${source.what.replace(/^./, (c) => c.toUpperCase())}, so the namespace is injected unless a Pod opts out. `
        + `Label it ${LABEL.injection}=enabled to make that explicit, or ${LABEL.injection}=disabled to keep it out.`,
      at: metadata?.labels ? ['metadata', 'labels'] : [],
      focus: 'key',
      related: [{ resource: source.resource, at: source.at, message: source.what }],
    });
  },
});
