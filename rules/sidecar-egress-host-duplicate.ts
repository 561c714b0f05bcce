import { defineRule } from '../src/rule.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { egressHostProblem, parseEgressHost } from '../src/istio/hosts.js';
import { egressListeners, sidecarSelector } from '../src/istio/sidecar-scope.js';

export default defineRule({
  meta: {
    id: 'sidecar-egress-host-duplicate',
    description: 'Disallow egress hosts that another host of the same Sidecar listener already imports',
    rationale: 'Istio warns about an egress host listed twice in one listener (after "." is read as the Sidecar\'s namespace), about "ns/x" next to "ns/*", and about any host next to "*/*". The extra host changes nothing, but it hides what the listener was meant to import and often marks a copy-paste mistake.',
    remediation: 'Delete the redundant host, or narrow the wildcard host ("ns/*" or "*/*") to the services the workloads call.',
    severity: 'warning',
    kinds: [SIDECAR],
    istio: 'IST0133',
    tags: ['istio', 'sidecar'],
    fixable: true,
  },
  check(sidecar, ctx) {
    // The root namespace's default is applied to every other namespace, with "." read as
    // the workload's namespace there, so "./*" next to "istio-system/*" is the documented idiom.
    const dot = sidecar.namespace === ctx.settings.rootNamespace && !sidecarSelector(sidecar) ? '.' : sidecar.namespace!;
    for (const { listener, index } of egressListeners(sidecar)) {
      if (!Array.isArray(listener.hosts)) continue;
      // Well-formed hosts only; sidecar-egress-host-format reports the others.
      const hosts = listener.hosts.flatMap((raw, i) => {
        const parsed = typeof raw === 'string' ? parseEgressHost(raw) : undefined;
        if (!parsed || parsed.namespace === '' || parsed.dnsName === '') return [];
        const namespace = parsed.namespace === '.' ? dot : parsed.namespace;
        return [{ raw: raw as string, i, namespace, dnsName: parsed.dnsName, key: `${namespace}/${parsed.dnsName}`, exclusion: parsed.namespace.startsWith('~') }];
      });
      const where = `egress listener ${index + 1} of ${sidecar.ref}`;
      const all = hosts.find((h) => h.key === '*/*');
      // Deleting a host another one already imports changes nothing, unless exclusions subtract from what the listener imports.
      const trims = hosts.some((h) => h.exclusion);
      for (const host of hosts) {
        const at = ['spec', 'egress', index, 'hosts', host.i];
        // A malformed host is sidecar-egress-host-format's to fix: deleting it would hide what it was meant to be.
        const remove = egressHostProblem(host.raw, true) ? {} : { fix: { description: `delete "${host.raw}"`, edits: [{ at, remove: true as const }] } };
        const earlier = hosts.find((h) => h.i < host.i && h.key === host.key);
        const shadow = hosts.find((h) => h.namespace === host.namespace && h.dnsName === '*' && host.dnsName !== '*');
        if (earlier) {
          ctx.report({ message: `host "${host.raw}" of ${where} repeats "${earlier.raw}" (host ${earlier.i + 1})`, hint: 'The second entry imports nothing more. Delete one of them.', at, ...remove });
        } else if (all && host !== all && !host.exclusion) {
          // Exclusions ("~ns/…") are meant to trim "*/*", so they are not redundant next to it.
          ctx.report({ message: `host "${host.raw}" of ${where} is already imported by "*/*"`, hint: `"*/*" imports every host of every namespace. Delete "${host.raw}", or replace "*/*" with the hosts the workloads call.`, at, ...(trims ? {} : remove) });
        } else if (shadow && !host.exclusion) {
          ctx.report({ message: `host "${host.raw}" of ${where} is already imported by "${shadow.raw}"`, hint: `"${shadow.raw}" imports every host of namespace "${host.namespace}". Delete "${host.raw}", or narrow "${shadow.raw}".`, at, ...(trims ? {} : remove) });
        }
      }
    }
  },
});
