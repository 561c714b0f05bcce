import { defineRule, type Resource, type ResourceSet } from '../src/rule.js';
import { CUSTOM_RESOURCE_DEFINITION } from '../src/k8s/kinds.js';
import path from 'node:path';
import { sameTreeDirs } from '../src/model/file-tree.js';
import { shippedCatalogue } from '../src/validation/catalogue.js';
import { coveredBy } from '../src/validation/covers.js';
import { problemReport } from '../src/validation/report.js';
import { resourceSchema, type SchemaNode } from '../src/validation/structural.js';
import { validateObject } from '../src/validation/validate.js';

type Version = { name?: unknown; served?: unknown; schema?: { openAPIV3Schema?: unknown } };
/** `tree`: the directory whose tree the CRD judges. */
interface Definition { crd: Resource; versions: Version[]; tree: string }

/**
 * The CustomResourceDefinitions of the run (every copy of each), by the `group/Kind` they
 * define. Each judges the tree of its directory, or of the directory above when its own holds
 * nothing but CRDs (a `crds/` folder beside the manifests that use them).
 */
function definitions(resources: ResourceSet): Map<string, Definition[]> {
  return resources.memo('custom-resource-definitions', () => {
    const others = new Set(resources.all().filter((r) => r.groupKind !== CUSTOM_RESOURCE_DEFINITION).map((r) => path.dirname(r.file)));
    const byKind = new Map<string, Definition[]>();
    for (const last of resources.ofKind(CUSTOM_RESOURCE_DEFINITION)) {
      for (const crd of resources.definitions?.(CUSTOM_RESOURCE_DEFINITION, undefined, last.name) ?? [last]) {
        const spec = crd.body.spec as { group?: unknown; names?: { kind?: unknown }; versions?: unknown } | undefined;
        if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string' || !Array.isArray(spec.versions)) continue;
        const key = `${spec.group}/${spec.names.kind}`;
        const dir = path.dirname(crd.file);
        byKind.set(key, [...(byKind.get(key) ?? []), { crd, versions: spec.versions as Version[], tree: others.has(dir) ? dir : path.dirname(dir) }]);
      }
    }
    return byKind;
  });
}

/**
 * The CRD that judges a resource: the last one whose tree holds it, or lies below it. A CRD
 * in a sibling directory belongs to another deployment (another sample, another release of
 * the operator), as the other cross-file checks take it.
 */
const definitionFor = (resource: Resource, resources: ResourceSet) =>
  definitions(resources).get(resource.groupKind)?.filter((d) => sameTreeDirs(d.tree, path.dirname(resource.file))).at(-1);

const schemas = new WeakMap<Version, SchemaNode>();

export default defineRule({
  meta: {
    id: 'custom-resource-schema-invalid',
    description: 'Validate custom resources against the CustomResourceDefinitions found in the linted files',
    rationale: 'When a repository carries the CRDs of an operator next to its custom resources, the API server will check each resource against its CRD: the structural schema and the CEL rules. A CRD judges the custom resources in its own directory, above it or below it (from a directory of CRDs only, such as `crds/`, the tree of the directory above): one in a sibling directory is taken for another deployment (another sample, another release of the operator). A resource of an apiVersion the CRD does not serve, or one that fails the schema, is rejected at apply time. Checks that a plugin rule declares it reports itself (`meta.covers`) are left to it.',
    remediation: 'Fix the field as the message says, or use an apiVersion the CRD serves. Kinds whose CRDs meshlint ships (Istio, the Gateway API) are checked by resource-schema-invalid instead.',
    severity: 'error',
    kinds: ['*'],
    reads: [CUSTOM_RESOURCE_DEFINITION],
    istio: 'IST0106',
    tags: ['schema', 'crd'],
  },
  check(resource, ctx) {
    if (resource.groupKind === CUSTOM_RESOURCE_DEFINITION || shippedCatalogue().kinds[resource.groupKind]) return;
    const definition = definitionFor(resource, ctx.resources);
    if (!definition) return;
    const { crd, versions } = definition;
    const index = versions.findIndex((v) => v.name === resource.version);
    const version = versions[index];
    if (!version || version.served !== true) {
      const served = versions.filter((v) => v.served === true && typeof v.name === 'string').map((v) => `"${resource.group}/${v.name as string}"`);
      ctx.report({
        message: `${resource.ref} has apiVersion "${resource.apiVersion}", which its CRD does not serve`,
        hint: served.length ? `Use one of ${served.join(', ')}.` : 'The CRD serves no version.',
        at: ['apiVersion'], focus: 'value',
        related: [{ resource: crd, at: version ? ['spec', 'versions', index] : ['spec', 'versions'], message: 'the CustomResourceDefinition' }],
      });
      return;
    }
    let schema = schemas.get(version);
    if (!schema) schemas.set(version, (schema = resourceSchema(version.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true })));
    let problems;
    try {
      problems = validateObject(resource.body, schema);
    } catch {
      return; // A schema ajv cannot compile is the CRD's problem: the API server would have refused the CRD.
    }
    const related = [{ resource: crd, at: ['spec', 'versions', index, 'schema'], message: 'the schema of this version' }];
    const covered = coveredBy(ctx.rules, resource.groupKind);
    for (const problem of problems) if (!covered(problem)) ctx.report({ ...problemReport(resource, problem, `${crd.ref} in the linted files defines it.`), related });
  },
});
