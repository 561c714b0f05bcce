import { defineRule } from '../../src/rule.js';
import { MUTATING_WEBHOOK_CONFIGURATION as MWC, readsBeyond } from '../../src/k8s/kinds.js';
import { injectorOverlaps, READS } from './overlaps.js';

export default defineRule({
  meta: {
    id: 'webhook-injector-overlap',
    description: 'Disallow Istio sidecar-injector webhooks that select the same Pods',
    rationale: 'When two injector webhooks match the same namespace and pod labels, both are called for a Pod and the sidecar can be injected twice, or by the wrong revision; the Pod then fails to start or runs an unintended proxy version. Unlike istioctl analyze, which compares selectors only, webhook entries whose rules do not cover Pod CREATE, and entries with neither rules nor selectors, are left out: the API server never calls them for a new Pod, so they cannot inject twice. An entry with selectors but no rules is still compared, as istioctl analyze does, since abridged manifests often omit the rules.',
    remediation: 'Give every injector webhook disjoint selectors: remove the leftover configuration of an old revision or tag, or make its namespaceSelector and objectSelector require its own istio.io/rev value; two entries of one configuration need selectors that exclude each other.',
    severity: 'error',
    kinds: [MWC],
    reads: readsBeyond([MWC], READS),
    istio: 'IST0139',
    tags: ['istio', 'injection', 'webhook'],
  },
  check(mwc, ctx) {
    const groups = injectorOverlaps(ctx.resources);
    const seen = new Set<number>();
    for (const group of groups) {
      for (const own of group.filter((w) => w.mwc === mwc)) {
        if (seen.has(own.index)) continue;
        seen.add(own.index);
        // Every group this webhook is in, so each entry is reported once with all its partners.
        const others = [...new Map(groups.filter((g) => g.some((w) => w.mwc === mwc && w.index === own.index))
          .flat().filter((w) => w.label !== own.label).map((w) => [w.label, w])).values()];
        // Only copies of this very webhook (the same configuration twice in the files): no overlap.
        if (others.length === 0) continue;
        const sameConfiguration = others.every((w) => w.mwc.name === mwc.name);
        const rest = `of ${mwc.ref} selects the same Pods as ${others.length} other injector webhook${others.length > 1 ? 's' : ''}`;
        // Long webhook names are common: by position when the name does not fit.
        const message = [`${own.title} ${rest}`, `webhook ${own.index + 1} ${rest}`].find((m) => m.length <= 160) ?? `webhook ${own.index + 1} ${rest}`;
        ctx.report({
          message,
          hint: `It overlaps with "${others[0]!.label}"${others.length > 1 ? ` and ${others.length - 1} more` : ''}, and every matching webhook is called for a Pod, so the sidecar may be injected twice or by the wrong revision. `
            + (sameConfiguration
              ? 'They are entries of the same configuration: make their namespaceSelector or objectSelector exclude each other (a DoesNotExist on the label the other one requires), or remove one.'
              : 'Make their istio.io/rev selectors disjoint, or remove the stale configuration.'),
          at: ['webhooks', own.index],
          related: others.map((w) => ({ resource: w.mwc, at: ['webhooks', w.index], message: `webhook "${w.label}"` })),
        });
      }
    }
  },
});
