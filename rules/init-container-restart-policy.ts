import { defineRule, type Fix, type Path } from '../src/rule.js';
import { containersOf } from '../src/k8s/containers.js';
import { atLeast } from '../src/k8s/version.js';
import { WORKLOAD_KINDS } from '../src/k8s/kinds.js';

// Fields the API server allows on an init container only when it is a sidecar.
const SIDECAR_ONLY = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];
const RESTART_RULES_VALUES = ['Always', 'OnFailure', 'Never'];

export default defineRule({
  meta: {
    id: 'init-container-restart-policy',
    description: 'Require valid container restartPolicy values and sidecar-only fields only on sidecars',
    rationale: 'Before Kubernetes 1.35 (ContainerRestartRules beta) a container-level restartPolicy is accepted only on init containers and only as "Always", which makes them native sidecars; values are case-sensitive. Probes and lifecycle hooks are allowed on an init container only when it is a sidecar, and restartPolicyRules needs restartPolicy. The API server rejects Pods that break these rules, so the workload never starts.',
    remediation: 'Write restartPolicy: Always on init containers meant as sidecars and remove it elsewhere; remove probes and lifecycle from ordinary init containers. If the cluster runs Kubernetes 1.35 or later, set kubernetesVersion in .lintrc to allow per-container restart rules.',
    severity: 'error',
    kinds: [...WORKLOAD_KINDS],
    tags: ['native-sidecar', 'kubernetes-version'],
    fixable: true,
  },
  check(workload, ctx) {
    const k8s = ctx.settings.kubernetesVersion;
    const rules = atLeast(k8s, '1.35') === true;
    const version = k8s ? `Kubernetes ${k8s}, as .lintrc sets, is older than 1.35` : 'No kubernetesVersion is set in .lintrc, so meshlint assumes a cluster older than 1.35';
    const upgrade = 'Remove it, or set kubernetesVersion if the cluster runs 1.35 or later.';
    const report = (message: string, hint: string, at: Path, focus?: 'key' | 'value', fix?: Fix) => ctx.report({ message, hint, at, focus, ...(fix ? { fix } : {}) });
    for (const { container, name, list, at } of [...containersOf(workload, 'initContainers'), ...containersOf(workload, 'containers')]) {
      const what = `${list === 'initContainers' ? 'init container' : 'container'} "${name}" of ${workload.ref}`;
      const policy = container.restartPolicy;
      if (policy !== undefined && !(list === 'initContainers' && policy === 'Always') && !(rules && RESTART_RULES_VALUES.includes(String(policy)))) {
        const text = `restartPolicy "${String(policy)}" of ${what}`;
        if (!RESTART_RULES_VALUES.includes(String(policy))) {
          const close = RESTART_RULES_VALUES.find((v) => v.toLowerCase() === String(policy).toLowerCase());
          // Only a spelling that is then accepted is corrected: "always" on an init container, any value with restart rules.
          const fixed = close && ((list === 'initContainers' && close === 'Always') || rules) && typeof policy === 'string'
            ? { description: `write "${close}"`, edits: [{ at: [...at, 'restartPolicy'], set: close }] } : undefined;
          report(`${text} is not a valid value`, close ? `Values are case-sensitive: write "${close}", or remove it.` : `Write "Always" to make it a native sidecar${rules ? ', "OnFailure" or "Never"' : ''}, or remove it.`, [...at, 'restartPolicy'], 'value', fixed);
        } else {
          const legal = list === 'initContainers' ? 'init containers accept only "Always"' : 'regular containers accept no restartPolicy';
          report(`${text} needs Kubernetes 1.35 (ContainerRestartRules)`, `${version}, where ${legal}. ${upgrade}`, [...at, 'restartPolicy'], 'value');
        }
      }
      if (container.restartPolicyRules !== undefined) {
        if (policy === undefined) report(`${what} sets restartPolicyRules without restartPolicy`, 'The API server rejects restartPolicyRules on a container without restartPolicy: add restartPolicy.', [...at, 'restartPolicyRules'], 'key');
        else if (!rules) report(`${what} sets restartPolicyRules, which needs Kubernetes 1.35 (ContainerRestartRules)`, `${version}. ${upgrade}`, [...at, 'restartPolicyRules'], 'key');
      }
      if (list !== 'initContainers' || policy === 'Always') continue;
      for (const field of SIDECAR_ONLY.filter((f) => container[f] !== undefined)) {
        report(`${what} sets "${field}" but is not a sidecar`, `The API server accepts "${field}" on an init container only with restartPolicy: Always. Add that to make it a native sidecar, or remove "${field}".`, [...at, field], 'key');
      }
    }
  },
});
