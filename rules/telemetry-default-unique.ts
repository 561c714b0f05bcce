import { defineRule } from '../src/rule.js';
import { TELEMETRY } from '../src/istio/kinds.js';
import { hasSelector, hasTargetRef } from '../src/istio/policies.js';

/** A namespace default: no selector and no targetRef. */
const isDefault = (t: Parameters<typeof hasSelector>[0]) => !hasSelector(t) && !hasTargetRef(t);

export default defineRule({
  meta: {
    id: 'telemetry-default-unique',
    description: 'Disallow more than one Telemetry without a selector per namespace',
    rationale: 'A Telemetry without selector (and without targetRefs) is the default for every workload of its namespace, or of the mesh in the root namespace. Istio supports one per namespace; with several, which one applies is undefined.',
    remediation: 'Merge the selector-less Telemetries of the namespace into one, or give all but one a selector.',
    severity: 'error',
    kinds: [TELEMETRY],
    istio: 'IST0160',
    tags: ['istio', 'telemetry'],
  },
  check(telemetry, ctx) {
    if (!isDefault(telemetry)) return;
    // Copies of this object in other files are one object in the cluster, not a rival.
    const others = [...new Map(ctx.resources.inNamespace(TELEMETRY, telemetry.namespace!)
      .filter((t) => t.name !== telemetry.name && isDefault(t)).map((t) => [t.name, t])).values()];
    if (others.length === 0) return;
    const more = others.length > 1 ? ` and ${others.length - 1} more` : '';
    ctx.report({
      message: `${telemetry.ref} is one of ${others.length + 1} Telemetries without a selector in its namespace (also ${others[0]!.ref}${more})`,
      hint: 'Only one selector-less Telemetry applies per namespace, and which one is undefined. Merge them, or give all but one a selector.',
      at: ['metadata', 'name'],
      related: others.map((t) => ({ resource: t, message: `${t.ref} is another selector-less Telemetry` })),
    });
  },
});
