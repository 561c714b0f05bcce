import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'resource-duplicate',
    description: 'Warn about objects defined more than once in the linted files',
    rationale: 'Two definitions of the same object (API group, kind, namespace and name, in any version) are one object in the cluster: whichever `kubectl apply` or a GitOps tool applies last replaces the other, so a reviewed definition can silently lose. meshlint checks only the last definition, as the cluster would keep it.',
    remediation: 'Keep one definition and delete the copies, or give the objects different names or namespaces.',
    severity: 'warning',
    kinds: ['*'],
    tags: ['metadata'],
  },
  check(resource, ctx) {
    if (resource.name === '') return;
    const all = ctx.resources.definitions?.(resource.groupKind, resource.namespace, resource.name) ?? [];
    if (all.length < 2) return;
    const others = all.filter((r) => r !== resource);
    const versions = [...new Set(all.map((r) => r.apiVersion))];
    const spread = versions.length > 1 ? ` (as ${versions.map((v) => `"${v}"`).join(', ')})` : '';
    const message = `${resource.ref} is defined ${all.length} times${spread}, and only the definition applied last takes effect`;
    ctx.report({
      message: message.length <= 160 ? message : `${resource.ref} is defined ${all.length} times, and only the definition applied last takes effect`,
      hint: `meshlint checks this definition, the last one by file path and position, as the one that would stay in the cluster; ${others.length === 1 ? 'the other definition is the related location' : `the other ${others.length} are the related locations`}. Keep one definition.`,
      related: others.map((r) => ({ resource: r, message: `another definition of ${r.ref}` })),
    });
  },
});
