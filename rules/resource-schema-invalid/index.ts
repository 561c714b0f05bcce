import { defineRule } from '../../src/rule.js';
import { GATEWAY_API_KINDS, ISTIO_CRD_KINDS } from '../../src/istio/kinds.js';
import { atLeast } from '../../src/k8s/version.js';
import { shippedSchema } from '../../src/validation/catalogue.js';
import { coveredBy } from '../../src/validation/covers.js';
import { fieldsTooNew } from '../../src/validation/since.js';
import { problemReport } from '../../src/validation/report.js';
import { shippedEntry, shippedProblems } from '../../src/validation/shipped.js';

export default defineRule({
  meta: {
    id: 'resource-schema-invalid',
    description: 'Validate Istio and Gateway API resources against their CRDs\' schemas and CEL rules',
    rationale: 'The API server checks every custom resource against its CRD: the structural schema (types, enums, required fields, bounds, unknown fields) and the CEL rules in `x-kubernetes-validations`. `kubectl apply` rejects a resource that fails them, so the change never reaches the mesh. An apiVersion or a field the installed Istio does not know is rejected the same way, or silently dropped. A null where the schema allows none is dropped first, as the API server does. A check that a more specific rule reports in its own words (its page lists it, e.g. sidecar-egress-hosts-required) is left to that rule, whether that rule is on or off, so that one problem has one finding.',
    remediation: 'Fix the field as the message says: use the type and values the CRD allows, remove unknown fields (often a typo or a wrong indentation), and use only the apiVersions and fields of the configured Istio version.',
    severity: 'error',
    kinds: [...ISTIO_CRD_KINDS, ...GATEWAY_API_KINDS],
    istio: 'IST0106',
    tags: ['istio', 'gateway-api', 'schema'],
    fixable: true,
  },
  check(resource, ctx) {
    const entry = shippedEntry(resource);
    if (!entry) return;
    const { kind, version } = entry;
    const mesh = ctx.settings.mesh?.version;
    const configured = mesh ? ` The configured mesh version is "${mesh}".` : '';
    if (!version) {
      const served = Object.entries(kind.versions).filter(([, v]) => v.served).map(([name]) => `"${resource.group}/${name}"`).join(', ');
      ctx.report({ message: `${resource.ref} has apiVersion "${resource.apiVersion}", which its CRD does not serve`, hint: `Use one of ${served}.`, at: ['apiVersion'], focus: 'value' });
      return;
    }
    // Version facts are Istio's: the Gateway API's CRDs are installed separately.
    const istioFacts = kind.source === 'istio' && mesh !== undefined;
    if (istioFacts && version.since && atLeast(mesh, version.since) === false) {
      ctx.report({ message: `${resource.ref} has apiVersion "${resource.apiVersion}", which Istio serves only from ${version.since} on`, hint: `Use an older apiVersion of the kind, or upgrade Istio.${configured}`, at: ['apiVersion'], focus: 'value' });
      return;
    }
    const schema = shippedSchema(version);
    const hint = kind.source === 'istio' ? 'Istio\'s CRDs define this check.' : 'The Gateway API\'s CRDs define this check.';
    // Checks that another rule of the run reports in its own words (its meta.covers) are left to it.
    const covered = coveredBy(ctx.rules, resource.groupKind);
    for (const problem of shippedProblems(resource) ?? []) if (!covered(problem)) ctx.report(problemReport(resource, problem, hint));
    if (istioFacts && kind.fieldsSince) {
      for (const field of fieldsTooNew(resource.body, schema, kind.fieldsSince, (since) => atLeast(mesh, since) === false)) {
        const name = field.path.filter((p) => typeof p === 'string').at(-1);
        ctx.report({ message: `${resource.ref} sets "${name}", a field that Istio knows only from ${field.since} on`, hint: `Older CRDs reject or drop it. Remove it, or upgrade Istio.${configured}`, at: field.path, focus: 'key' });
      }
    }
  },
});
