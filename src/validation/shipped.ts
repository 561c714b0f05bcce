// Validation of the resources whose schemas meshlint ships, done once per resource: the schema
// rule reports the problems, and the webhook checks use them to leave alone what does not decode.
import type { Resource } from '../rule.js';
import { shippedCatalogue, shippedSchema, shippedValidator, type KindEntry, type VersionEntry } from './catalogue.js';
import { validateObject, type SchemaProblem } from './validate.js';

const problems = new WeakMap<object, readonly SchemaProblem[]>();

/** The shipped kind and version of a resource; `version` is missing when the kind is shipped but that version is not served. */
export function shippedEntry(resource: Resource): { kind: KindEntry; version?: VersionEntry } | undefined {
  const kind = shippedCatalogue().kinds[resource.groupKind];
  if (!kind) return undefined;
  const version = kind.versions[resource.version];
  return version?.served ? { kind, version } : { kind };
}

/** The problems of a resource against its shipped schema (undefined when none applies), computed once per body. */
export function shippedProblems(resource: Resource): readonly SchemaProblem[] | undefined {
  const version = shippedEntry(resource)?.version;
  if (!version) return undefined;
  let found = problems.get(resource.body);
  if (!found) problems.set(resource.body, (found = validateObject(resource.body, shippedSchema(version), shippedValidator(version))));
  return found;
}
