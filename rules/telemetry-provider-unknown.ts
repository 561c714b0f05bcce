import { defineRule } from '../src/rule.js';
import { TELEMETRY } from '../src/istio/kinds.js';
import { MESH_PROVIDERS_READS, meshProviders, providerLists } from '../src/istio/telemetry.js';
import { readsBeyond } from '../src/k8s/kinds.js';
import path from 'node:path';

const sameTree = (config: string, file: string) => {
  const relative = path.relative(path.dirname(config), path.dirname(file));
  return !relative.startsWith('..') && !path.isAbsolute(relative);
};

export default defineRule({
  meta: {
    id: 'telemetry-provider-unknown',
    description: 'Report Telemetry entries whose providers are empty or not defined in the MeshConfig',
    rationale: 'A Telemetry entry acts through its providers. An accessLogging entry with no provider, while the MeshConfig sets no defaultProviders.accessLogging, is ignored; a provider name that is not one of the MeshConfig\'s extensionProviders (nor a built-in one) is skipped by istiod, so no logs, metrics or traces are produced for it. Unknown names are judged only when the files hold exactly one MeshConfig and the Telemetry sits in its directory or below.',
    remediation: 'Name a provider in the entry (e.g. "envoy" for access logs), set defaultProviders in the MeshConfig, or define the provider under meshConfig.extensionProviders.',
    severity: 'warning',
    kinds: [TELEMETRY],
    reads: readsBeyond([TELEMETRY], MESH_PROVIDERS_READS),
    istio: 'IST0157',
    tags: ['istio', 'telemetry'],
  },
  check(telemetry, ctx) {
    const mesh = meshProviders(ctx.resources, ctx.settings);
    for (const list of providerLists(telemetry)) {
      const at = ['spec', list.section, list.index];
      if (list.section === 'accessLogging' && !list.disabled && !list.present && !mesh?.defaultAccessLogging) {
        ctx.report({
          message: `${telemetry.ref} has an accessLogging entry without providers, and the MeshConfig sets no default access-log provider`,
          hint: 'istiod ignores the entry, so no access log is written. Name a provider such as "envoy", or set defaultProviders.accessLogging in the MeshConfig.',
          at,
          focus: 'key',
        });
        continue;
      }
      // One MeshConfig, and the Telemetry kept beside or below it: the files then describe one mesh.
      if (!mesh?.only || !sameTree(mesh.resource.file, telemetry.file)) continue;
      for (const { name, index } of list.names) {
        if (mesh.names.has(name)) continue;
        ctx.report({
          message: `${telemetry.ref} names the ${list.section} provider "${name}", which the MeshConfig does not define`,
          hint: 'istiod skips providers that are not among meshConfig.extensionProviders, so this one produces nothing. Define it there or correct the name.',
          at: [...at, 'providers', index, 'name'],
          focus: 'value',
          related: [{ resource: mesh.resource, message: `${mesh.resource.ref} holds the MeshConfig` }],
        });
      }
    }
  },
});
