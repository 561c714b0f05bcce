import { defineRule } from '../../src/rule.js';
import { GATEWAY_API_KINDS, ISTIO_CRD_KINDS } from '../../src/istio/kinds.js';
import { atLeast } from '../../src/k8s/version.js';
import { shippedCatalogue, shippedSchema } from '../../src/validation/catalogue.js';
import { fieldsTooNew } from '../../src/validation/since.js';
import { problemReport } from '../../src/validation/report.js';
import { validateObject } from '../../src/validation/validate.js';

export default defineRule({
  meta: {
    id: 'resource-schema-invalid',
    description: 'Validate Istio and Gateway API resources against their CRDs\' schemas and CEL rules',
    rationale: 'The API server checks every custom resource against its CRD: the structural schema (types, enums, required fields, bounds, unknown fields) and the CEL rules in `x-kubernetes-validations`. `kubectl apply` rejects a resource that fails them, so the change never reaches the mesh. An apiVersion or a field the installed Istio does not know is rejected the same way, or silently dropped.',
    remediation: 'Fix the field as the message says: use the type and values the CRD allows, remove unknown fields (often a typo or a wrong indentation), and use only the apiVersions and fields of the configured Istio version.',
    severity: 'error',
    kinds: [...ISTIO_CRD_KINDS, ...GATEWAY_API_KINDS],
    istio: 'IST0106',
    tags: ['istio', 'gateway-api', 'schema'],
    fixable: true,
    // Off by default until the rules that check the same fields of a Sidecar
    // (sidecar-egress-hosts-required, sidecar-egress-host-format) defer to it.
    optIn: true,
  },
  check(resource, ctx) {
    const kind = shippedCatalogue().kinds[resource.groupKind];
    if (!kind) return;
    const mesh = ctx.settings.mesh?.version;
    const version = kind.versions[resource.version];
    const configured = mesh ? ` The configured mesh version is "${mesh}".` : '';
    if (!version || !version.served) {
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
    for (const problem of validateObject(resource.body, schema)) ctx.report(problemReport(resource, problem, hint));
    if (istioFacts && kind.fieldsSince) {
      for (const field of fieldsTooNew(resource.body, schema, kind.fieldsSince, (since) => atLeast(mesh, since) === false)) {
        const name = field.path.filter((p) => typeof p === 'string').at(-1);
        ctx.report({ message: `${resource.ref} sets "${name}", a field that Istio knows only from ${field.since} on`, hint: `Older CRDs reject or drop it. Remove it, or upgrade Istio.${configured}`, at: field.path, focus: 'key' });
      }
    }
  },
});
