import { defineRule } from '../src/rule.js';
import { AUTHORIZATION_POLICY } from '../src/istio/kinds.js';
import { NAMESPACE } from '../src/k8s/kinds.js';
import { isObject } from '../src/model/resource.js';

/** Namespaces every cluster has, whether or not the files declare them. */
const BUILT_IN = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Istio's namespace match for sources: `*`, `prefix*`, `*suffix`, or the name itself (any case). */
function namespaceMatches(name: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return name.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return name.toLowerCase() === pattern.toLowerCase();
}

export default defineRule({
  meta: {
    id: 'authorization-policy-namespace-unknown',
    description: 'Report AuthorizationPolicy source namespaces that match no Namespace of the files',
    rationale: 'A rule\'s from.source.namespaces and notNamespaces compare the caller\'s namespace, taken from its mTLS identity, with each entry. An entry that names no existing namespace never matches: an ALLOW rule then admits nobody, and a notNamespaces exception excludes nobody. This is judged only when the linted files declare Namespace objects, so that they can be expected to declare all of them.',
    remediation: 'Correct the namespace name (entries may use a leading or trailing "*"), add the Namespace to the manifests, or remove the entry.',
    severity: 'error',
    kinds: [AUTHORIZATION_POLICY],
    reads: [NAMESPACE],
    istio: 'IST0101',
    tags: ['istio', 'security'],
  },
  check(policy, ctx) {
    const namespaces = ctx.resources.ofKind(NAMESPACE).map((n) => n.name);
    if (namespaces.length === 0) return;
    const known = [...namespaces, ...BUILT_IN, ctx.settings.rootNamespace];
    const rules = isObject(policy.body.spec) && Array.isArray(policy.body.spec.rules) ? policy.body.spec.rules : [];
    for (const [i, rule] of rules.entries()) {
      const from = isObject(rule) && Array.isArray(rule.from) ? rule.from : [];
      for (const [j, entry] of from.entries()) {
        const source = isObject(entry) && isObject(entry.source) ? entry.source : {};
        for (const field of ['namespaces', 'notNamespaces'] as const) {
          const list = Array.isArray(source[field]) ? source[field] : [];
          for (const [k, pattern] of list.entries()) {
            if (typeof pattern !== 'string' || known.some((name) => namespaceMatches(name, pattern))) continue;
            ctx.report({
              message: `${policy.ref} names the source namespace "${pattern}" in ${field}, but no Namespace of the files matches it`,
              hint: `An entry that matches no namespace never applies: ${field === 'namespaces' ? 'the rule admits no caller through it' : 'it excludes nobody'}. Correct the name or declare the Namespace.`,
              at: ['spec', 'rules', i, 'from', j, 'source', field, k],
              focus: 'value',
            });
          }
        }
      }
    }
  },
});
