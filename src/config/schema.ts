import { DEFAULT_MAX_FILE_SIZE } from '../input/decode.js';
import { defaultSeverity, type RuleMeta } from '../rule.js';

const stringList = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, description });
const version = (description: string) => ({
  type: 'string', pattern: '^v?\\d+\\.\\d+(\\.\\d+)?([-+.].*)?$', description,
});
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const CLUSTER_NAME = '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$';

const SEVERITIES = ['error', 'warning', 'info', 'off'];
/** Any rule's entry, for rules of plugins not imported yet: a severity, or a severity and options. */
const ANY_RULE = {
  if: { type: 'string' },
  then: { enum: SEVERITIES },
  else: { type: 'object', additionalProperties: false, properties: { severity: { enum: SEVERITIES }, options: { type: 'object' } } },
};

/** What the CLI accepts as a plugin's rule id. */
export const PLUGIN_RULE_ID = '^[a-z0-9]+(-[a-z0-9]+)*$';

/**
 * The JSON Schema of `.lintrc`, generated from the rules' metadata. With `open`, other rule
 * ids are accepted with any entry of the right shape (plugins' rules before they are loaded).
 * With `editor` (the published schemas/lintrc.schema.json, for editors), a file that names
 * `plugins` may also name their rules, as the CLI accepts once the plugins are loaded.
 */
export function lintrcSchema(metas: readonly RuleMeta[], { open = false, editor = false } = {}): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  const rulesEntry = (description: string) => ({
    type: 'object', additionalProperties: open || editor ? ANY_RULE : false, properties: rules, description,
    ...(editor ? { propertyNames: { pattern: PLUGIN_RULE_ID } } : {}),
  });
  for (const meta of [...metas].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    rules[meta.id] = {
      description: `${meta.description} (default: ${defaultSeverity(meta)})`,
      if: { type: 'string' },
      then: { enum: SEVERITIES },
      else: {
        type: 'object',
        additionalProperties: false,
        properties: {
          severity: { enum: SEVERITIES },
          options: meta.options ?? { type: 'object', additionalProperties: false, properties: {} },
        },
      },
    };
  }
  const settings = {
    defaultNamespace: { type: 'string', pattern: DNS_LABEL, default: 'default', description: 'Namespace of namespaced objects that do not set metadata.namespace.' },
    rootNamespace: { type: 'string', pattern: DNS_LABEL, default: 'istio-system', description: "Istio's root namespace (MeshConfig rootNamespace)." },
    kubernetesVersion: version('Kubernetes version of the target cluster, e.g. "1.31". Quote it: 1.30 unquoted is the number 1.3.'),
    mesh: {
      type: 'object',
      additionalProperties: false,
      required: ['flavor'],
      description: 'The service mesh and its version.',
      properties: {
        flavor: { enum: ['istio', 'asm', 'anthos'], description: 'istio, asm (Alibaba Cloud ASM) or anthos (Anthos / Cloud Service Mesh).' },
        version: version('Version of that mesh, e.g. "1.24"; ASM and Cloud Service Mesh follow Istio\'s minor numbers.'),
      },
    },
    nativeSidecars: { enum: ['auto', 'enabled', 'disabled'], default: 'auto', description: 'Whether the mesh injects its proxy as a native sidecar; auto decides from the manifests and versions.' },
  };
  // A cluster's settings default to the top level's, not to the built-in defaults.
  const inherited = Object.fromEntries(Object.entries(settings).map(([key, value]) => {
    const { default: _, ...rest } = value as Record<string, unknown>;
    return [key, { ...rest, description: `${rest.description as string} Default: the top-level setting.` }];
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/meshlint/meshlint/schemas/lintrc.schema.json',
    title: 'meshlint configuration (.lintrc)',
    type: 'object',
    additionalProperties: false,
    properties: {
      include: stringList('Globs of files to lint when no path is given on the command line, relative to this file; none may leave the repository.'),
      exclude: stringList('Globs of files never to lint, relative to this file.'),
      ...settings,
      root: { type: 'boolean', default: false, description: 'Stop the search for a configuration here: no .lintrc above this directory is read (none above the repository root is, either way).' },
      rules: rulesEntry('Severity (error, warning, info, off) or {severity, options} per rule.'),
      clusters: {
        type: 'array',
        description: 'Clusters, each linted as a world of its own: cross-resource rules see only the resources of its files. Files in no cluster form the cluster "default", with the top-level settings. A file belongs to the first cluster whose globs match it.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'include'],
          properties: {
            name: { type: 'string', pattern: CLUSTER_NAME, description: 'Name findings carry (letters, digits, ".", "_", "-"); "default" is the files in no cluster.' },
            include: { ...stringList('Globs of the files of this cluster, relative to this file; none may leave the repository.'), minItems: 1 },
            exclude: stringList('Globs of files left out of this cluster (they may belong to a later one), relative to this file.'),
            ...inherited,
          },
        },
      },
      overrides: {
        type: 'array',
        description: 'Rule settings for some files, as ESLint files blocks: later blocks win over earlier ones and over the top-level rules. Versions and mesh belong to clusters, which are whole worlds, not to files.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files', 'rules'],
          properties: {
            files: { ...stringList('Globs of the files this block applies to, relative to this file.'), minItems: 1 },
            excludedFiles: stringList('Globs of files this block does not apply to, relative to this file.'),
            rules: rulesEntry('Severity (error, warning, info, off) or {severity, options} per rule, for these files.'),
          },
        },
      },
      extends: { not: {}, description: 'Not supported: a repository has one .lintrc; share settings between clusters at its top level, and per path with overrides.' },
      ignore: {
        type: 'array',
        description: 'Findings to suppress where the files cannot carry a comment or annotation.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'reason'],
          properties: {
            rule: open ? { type: 'string', minLength: 1 } : { enum: ['*', ...Object.keys(rules)], description: 'Rule id, or * for every rule.' },
            resource: { type: 'string', minLength: 1, description: 'Glob over "Kind namespace/name" or "Kind name", e.g. "Namespace kube-*".' },
            file: { type: 'string', minLength: 1, description: 'Glob over file paths, relative to this file.' },
            reason: { type: 'string', minLength: 1, description: 'Why the finding does not apply.' },
          },
        },
      },
      plugins: stringList('Modules that export more rules: paths starting with "./" or "../" relative to this file, or package names, both from inside the repository. Plugins are code; --no-plugins turns them off.'),
      maxFileSize: { type: 'integer', minimum: 1, default: DEFAULT_MAX_FILE_SIZE, description: 'Largest file read, in bytes; a larger file is reported, and not read.' },
    },
    // Without plugins, only the built-in rule ids.
    ...(editor ? { if: { not: { required: ['plugins'], properties: { plugins: { minItems: 1 } } } }, then: { properties: { rules: { propertyNames: { enum: Object.keys(rules) } } } } } : {}),
  };
}
