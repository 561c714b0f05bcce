import { defineRule } from '../src/rule.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { INEFFECTIVE_IN_AMBIENT_READS, ineffectiveInAmbient, selectorPath, sidecarSelector } from '../src/istio/sidecar-scope.js';

export default defineRule({
  meta: {
    id: 'sidecar-default-unique',
    description: 'Disallow more than one selector-less Sidecar per namespace',
    rationale: 'A Sidecar without workload selector labels is the default for every workload of its namespace (in the root namespace, for the whole mesh). Istio supports only one per namespace; with several, which one applies is undefined (in practice the oldest), so the proxies may get a different egress and ingress configuration than the one you reviewed.',
    remediation: 'Merge the selector-less Sidecars of the namespace into one (by convention named "default"), or give all but one a workloadSelector with labels.',
    severity: 'error',
    kinds: [SIDECAR],
    reads: readsBeyond([SIDECAR], [SIDECAR], INEFFECTIVE_IN_AMBIENT_READS),
    istio: 'IST0111',
    tags: ['istio', 'sidecar'],
  },
  check(sidecar, ctx) {
    if (sidecarSelector(sidecar)) return;
    // In an ambient namespace the Sidecars do nothing; sidecar-ambient-ineffective says so.
    if (ineffectiveInAmbient(sidecar, ctx.resources)) return;
    const namespace = sidecar.namespace!;
    // Copies of this Sidecar in other files are one object in the cluster, not a rival.
    const others = [...new Map(ctx.resources.inNamespace(SIDECAR, namespace)
      .filter((s) => s.name !== sidecar.name && !sidecarSelector(s)).map((s) => [s.name, s])).values()];
    if (others.length === 0) return;
    const root = namespace === ctx.settings.rootNamespace;
    const more = others.length > 1 ? ` and ${others.length - 1} more` : '';
    const base = `${sidecar.ref} is one of ${others.length + 1} Sidecars without a workloadSelector`;
    const where = `${base} in ${root ? 'root ' : ''}namespace "${namespace}"`;
    // The longest of these that stays within 160 characters: long names are common.
    const message = [`${where} (also ${others[0]!.ref}${more})`, where, `${base} in ${root ? 'the root namespace' : 'its namespace'}`]
      .find((m) => m.length <= 160) ?? base;
    ctx.report({
      message,
      hint: `Istio applies only one selector-less Sidecar per namespace${root ? ' (in the root namespace, the mesh-wide default)' : ''}, and which one is undefined. `
        + 'Merge them, or give all but one a workloadSelector with labels.',
      at: selectorPath(sidecar),
      related: others.map((s) => ({ resource: s, at: selectorPath(s), message: `${s.ref} is another selector-less Sidecar` })),
    });
  },
});
