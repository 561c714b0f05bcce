// A CustomResourceDefinition's `openAPIV3Schema` (a Kubernetes "structural schema") as a JSON
// Schema for ajv, with the semantics the API server gives it: unknown fields are rejected
// (strict field validation) unless `x-kubernetes-preserve-unknown-fields` is set, `nullable`
// admits null, `x-kubernetes-int-or-string` admits both, OpenAPI 3.0's boolean
// `exclusiveMinimum` becomes a bound. Descriptions and examples are dropped; the CEL
// rules (`x-kubernetes-validations`, transition rules on `oldSelf` excepted) are kept for the
// CEL walk, as are the list and map types and the defaults (applied before CEL).

/** A schema node: JSON Schema keywords plus the `x-kubernetes-*` ones kept for the walks. */
export type SchemaNode = { [keyword: string]: unknown };

/** One CEL rule of a schema node, as the CRD writes it. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

/** Formats the API server checks (k8s.io/kube-openapi's strfmt); the others, e.g. int32, are documentation. */
export const CHECKED_FORMATS = ['byte', 'date-time', 'ipv4', 'ipv6', 'uuid', 'date'] as const;

const COPIED = [
  'type', 'required', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems',
  'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
];

const isObject = (value: unknown): value is SchemaNode => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The schema of a property of an object node: its own, or the node's additionalProperties. */
export const childSchema = (node: SchemaNode, key: string): SchemaNode | undefined =>
  (node.properties as Record<string, SchemaNode> | undefined)?.[key] ?? (isObject(node.additionalProperties) ? node.additionalProperties : undefined);

/** Whether one path starts with another. */
export const hasPrefix = (path: readonly (string | number)[], prefix: readonly (string | number)[]) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

/** Converts one structural schema node (and everything below it). */
export function toJsonSchema(node: unknown): SchemaNode {
  if (!isObject(node)) return {};
  const out: SchemaNode = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  // The API server applies defaults before it evaluates the CEL rules, which rely on them.
  if (node.default !== undefined) out.default = node.default;
  if (typeof node.format === 'string' && (CHECKED_FORMATS as readonly string[]).includes(node.format)) out.format = node.format;
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  for (const combiner of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (Array.isArray(node[combiner])) out[combiner] = (node[combiner] as unknown[]).map(toJsonSchema);
  }
  if (isObject(node.not)) out.not = toJsonSchema(node.not);
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (intOrString) {
    out.type = ['integer', 'string'];
    // The CRD spells int-or-string out as `anyOf: [{type: integer}, {type: string}]` too.
    if (Array.isArray(out.anyOf) && (out.anyOf as SchemaNode[]).every((s) => typeof s.type === 'string' && Object.keys(s).length === 1)) delete out.anyOf;
    out['x-kubernetes-int-or-string'] = true;
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (isObject(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, toJsonSchema(v)]));
  }
  if (isObject(node.items)) out.items = toJsonSchema(node.items);
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (preserve) out['x-kubernetes-preserve-unknown-fields'] = true;
  if (isObject(node.additionalProperties)) out.additionalProperties = toJsonSchema(node.additionalProperties);
  else if (node.additionalProperties === true) out.additionalProperties = true;
  else if (node.type === 'object' && !preserve && node['x-kubernetes-embedded-resource'] !== true) out.additionalProperties = false;
  if (node['x-kubernetes-embedded-resource'] === true) out['x-kubernetes-embedded-resource'] = true;
  if (Array.isArray(node['x-kubernetes-validations'])) {
    const rules: CelRule[] = [];
    for (const raw of node['x-kubernetes-validations'] as unknown[]) {
      if (!isObject(raw) || typeof raw.rule !== 'string' || /\boldSelf\b/.test(raw.rule)) continue;
      const rule: Record<string, string> = { rule: raw.rule };
      for (const key of ['message', 'messageExpression', 'fieldPath', 'reason']) if (typeof raw[key] === 'string') rule[key] = raw[key] as string;
      rules.push(rule as unknown as CelRule);
    }
    if (rules.length) out['x-kubernetes-validations'] = rules;
  }
  return out;
}

/**
 * The schema of a whole custom resource: `apiVersion` and `kind` as strings, `metadata` left to
 * the metadata checks (the API server validates it as ObjectMeta, not with this schema) and
 * `status` ignored (it is a subresource: the API server drops it on create).
 */
export function resourceSchema(openAPIV3Schema: unknown): SchemaNode {
  const root = toJsonSchema(openAPIV3Schema);
  const properties = { ...(isObject(root.properties) ? root.properties : {}) } as Record<string, SchemaNode>;
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  properties.metadata = {};
  properties.status = {};
  return { ...root, type: 'object', properties, additionalProperties: root['x-kubernetes-preserve-unknown-fields'] === true ? true : false };
}

/** Every field path a schema defines, `*` for list items and map values (`spec.http.*.timeout`). */
export function fieldPaths(schema: SchemaNode, prefix = '', out = new Set<string>()): Set<string> {
  if (isObject(schema.properties)) {
    for (const [key, child] of Object.entries(schema.properties)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      fieldPaths(child as SchemaNode, path, out);
    }
  }
  if (isObject(schema.items)) fieldPaths(schema.items, prefix ? `${prefix}.*` : '*', out);
  if (isObject(schema.additionalProperties)) fieldPaths(schema.additionalProperties, prefix ? `${prefix}.*` : '*', out);
  for (const combiner of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(schema[combiner])) for (const sub of schema[combiner] as SchemaNode[]) fieldPaths(sub, prefix, out);
  }
  return out;
}
