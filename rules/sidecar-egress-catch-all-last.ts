import { defineRule } from '../src/rule.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { egressListeners } from '../src/istio/sidecar-scope.js';

export default defineRule({
  meta: {
    id: 'sidecar-egress-catch-all-last',
    description: 'Require the egress listener without a port to be the only one and the last one',
    rationale: 'An egress listener without "port" catches all traffic not claimed by the listeners with a port. Istio allows at most one such listener and only as the last entry ("egress listener with empty port should be the last listener"); otherwise it rejects the whole Sidecar.',
    remediation: 'Keep a single egress listener without "port", move it to the end of "egress", and merge the hosts of any other port-less listener into it.',
    severity: 'error',
    kinds: [SIDECAR],
    istio: 'IST0106',
    tags: ['istio', 'sidecar'],
  },
  check(sidecar, ctx) {
    const listeners = egressListeners(sidecar);
    const spec = sidecar.body.spec as { egress: unknown[] } | undefined;
    const count = spec?.egress?.length ?? 0;
    const portless = listeners.filter(({ listener }) => listener.port === undefined || listener.port === null);
    for (const { index } of portless) {
      if (index === count - 1) continue;
      const merge = portless.length > 1 ? ` ${portless.length} listeners have no "port": merge their hosts into one.` : '';
      ctx.report({
        message: `egress listener ${index + 1} of ${sidecar.ref} has no "port" but is not the last of its ${count} listeners`,
        hint: `Istio accepts one egress listener without "port", and only as the last one, or it rejects the whole Sidecar.${merge} Move it to the end of "egress".`,
        at: ['spec', 'egress', index],
      });
    }
  },
});
