import type { Rule } from '../src/types.js';
import fileUnreadable from './file-unreadable.js';
import helmTemplateUnrendered from './helm-template-unrendered.js';
import resourceMetadataInvalid from './resource-metadata-invalid.js';
import sidecarEgressHostsRequired from './sidecar-egress-hosts-required.js';
import yamlSyntax from './yaml-syntax.js';

/** Every built-in rule, sorted by id; a test checks this list against the folder. */
export const rules: readonly Rule[] = [
  fileUnreadable,
  helmTemplateUnrendered,
  resourceMetadataInvalid,
  sidecarEgressHostsRequired,
  yamlSyntax,
];
