import { defineRule, type Resource, type ResourceSet } from '../src/rule.js';
import { SIDECAR } from '../src/istio/kinds.js';
import { EXCLUSION_HOSTS_SINCE, egressHostProblem, isDns1123Label, parseEgressHost } from '../src/istio/hosts.js';
import { toFqdn } from '../src/istio/service-registry.js';
import { egressListeners, sidecarSelector } from '../src/istio/sidecar-scope.js';
import { SERVICE } from '../src/k8s/kinds.js';
import { atLeast } from '../src/k8s/version.js';
import { sameTree } from '../src/model/file-tree.js';

const REMEDY: Record<string, string> = {
  form: 'Write it as "namespace/dnsName", e.g. "./reviews.shop.svc.cluster.local" or "istio-system/*".',
  namespace: 'Use "*", "." (this namespace), "~" or a namespace name.',
  'short-name': 'Use the fully qualified name, e.g. "./reviews.shop.svc.cluster.local", or "*".',
  'partial-wildcard': 'A wildcard may only be the whole dnsName ("*") or its first label ("*.example.com").',
  domain: 'Use a valid DNS name, optionally starting with "*.".',
};

/**
 * A short egress host ("shop/reviews", "./reviews", "*\/reviews") written with the fully
 * qualified name of the one Service of the files it can import, in the Sidecar's directory
 * tree; undefined for exclusions, for "." in the root namespace's default Sidecar (each
 * workload's own namespace there), and when no Service or several fit.
 */
function qualifiedEgressHost(sidecar: Resource, host: string, resources: ResourceSet, rootNamespace: string): string | undefined {
  const { namespace, dnsName } = parseEgressHost(host)!;
  if (namespace === '.' && sidecar.namespace === rootNamespace && !sidecarSelector(sidecar)) return undefined;
  const target = namespace === '.' ? sidecar.namespace! : namespace;
  if (target !== '*' && !isDns1123Label(target)) return undefined;
  const services = (target === '*' ? resources.ofKind(SERVICE) : resources.inNamespace(SERVICE, target)).filter((s) => s.name === dnsName && sameTree(s, sidecar));
  const fqdns = new Set(services.map((s) => toFqdn(s.name, s.namespace!)));
  return fqdns.size === 1 ? `${namespace}/${[...fqdns][0]}` : undefined;
}

export default defineRule({
  meta: {
    id: 'sidecar-egress-host-format',
    description: 'Require every Sidecar egress host to be a valid "namespace/dnsName"',
    rationale: 'Istio validates each egress host of a Sidecar and rejects the whole resource when one is malformed: a missing "/", an empty part, a namespace that is not "*", ".", "~" or a namespace name, a short name, a partial wildcard or an invalid domain. Exclusion hosts ("~ns/…") exist only from Istio 1.31 on; older releases reject them or read them as importing nothing.',
    remediation: 'Write each host as "namespace/dnsName" with a fully qualified dnsName, "*", or a leading "*." wildcard, e.g. "./*", "istio-system/*" or "prod/*.example.com"; use exclusion hosts only on Istio 1.31 or later.',
    severity: 'error',
    kinds: [SIDECAR],
    reads: [SERVICE],
    istio: 'IST0106',
    tags: ['istio', 'sidecar'],
    fixable: true,
    covers: [{ kind: SIDECAR, path: 'spec.egress.*.hosts.*', keywords: ['type'] }],
  },
  check(sidecar, ctx) {
    const version = ctx.settings.mesh?.version;
    // No configured version: assume a current mesh rather than flag a feature it may have.
    const exclusions = version === undefined || atLeast(version, EXCLUSION_HOSTS_SINCE) !== false;
    for (const { listener, index } of egressListeners(sidecar)) {
      if (!Array.isArray(listener.hosts)) continue;
      listener.hosts.forEach((host, i) => {
        const at = ['spec', 'egress', index, 'hosts', i];
        const where = `egress listener ${index + 1} of ${sidecar.ref}`;
        if (typeof host !== 'string') {
          ctx.report({ message: `host ${i + 1} of ${where} is not a string`, hint: `Istio rejects the whole Sidecar. ${REMEDY.form}`, at });
          return;
        }
        const problem = egressHostProblem(host, exclusions);
        if (!problem) return;
        if (problem.kind === 'exclusion-unsupported') {
          ctx.report({ message: `host "${host}" of ${where} is an exclusion, which Istio reads only from ${EXCLUSION_HOSTS_SINCE} on`, hint: `The configured mesh version is "${version}". Upgrade Istio, or list the hosts to import instead.`, at });
        } else {
          const qualified = problem.kind === 'short-name' ? qualifiedEgressHost(sidecar, host, ctx.resources, ctx.settings.rootNamespace) : undefined;
          ctx.report({
            message: `host "${host}" of ${where} ${problem.detail}`,
            hint: `Istio rejects the whole Sidecar. ${qualified ? `The files hold one Service of that name it can import: write "${qualified}".` : REMEDY[problem.kind]}`,
            at,
            ...(qualified ? { fix: { description: `write "${qualified}"`, edits: [{ at, set: qualified }] } } : {}),
          });
        }
      });
    }
  },
});
