import { defineRule } from '../src/rule.js';
import { DISABLE_HINT_READS, disableHint, WORKLOAD_NATIVE_READS, workloadNative } from '../src/istio/native-sidecars.js';
import { readsBeyond, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { below, minorOf } from '../src/k8s/version.js';
import { podTemplateOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'native-sidecar-unsupported',
    description: 'Disallow native sidecars on Kubernetes versions that cannot run them',
    rationale: 'Native sidecars (init containers with restartPolicy: Always) exist from Kubernetes 1.28, as an alpha feature that is off by default and stops sidecars in a different order; from 1.29 they are on by default. On older clusters the API server drops the field or rejects the Pod, so the sidecar blocks the Pod or the Pod is never created.',
    remediation: 'Upgrade the cluster to Kubernetes 1.29 or later and update kubernetesVersion in .lintrc; until then run the sidecar as a regular container and keep the mesh from injecting native sidecars.',
    severity: 'error',
    kinds: [...WORKLOAD_KINDS],
    reads: readsBeyond(WORKLOAD_KINDS, WORKLOAD_NATIVE_READS, DISABLE_HINT_READS),
    tags: ['native-sidecar', 'kubernetes-version'],
  },
  check(workload, ctx) {
    const k8s = ctx.settings.kubernetesVersion;
    const old = below(k8s, '1.28');
    if (!old && minorOf(k8s) !== '1.28') return;
    const severity = old ? undefined : 'warning';
    const lacks = old ? `which Kubernetes ${k8s} does not support` : 'which Kubernetes 1.28 has only behind an alpha feature gate';
    const why = old
      ? `Kubernetes ${k8s} predates native sidecars and drops or rejects restartPolicy on init containers`
      : 'Kubernetes 1.28 has them only behind the alpha SidecarContainers gate, off by default, with a different shutdown order';
    const upgrade = 'upgrade to Kubernetes 1.29 or later and set kubernetesVersion in .lintrc';
    const decision = workloadNative(workload, ctx.resources, ctx.settings);
    for (const d of decision.declared) {
      ctx.report({
        message: `init container "${d.name}" of ${workload.ref} is a native sidecar, ${lacks}`,
        hint: `Its restartPolicy is "Always", but ${why}. Run it as a regular container, or ${upgrade}.`,
        at: d.at, severity,
      });
    }
    const template = podTemplateOf(workload);
    if (!template || decision.native !== 'yes' || decision.injected !== true) return;
    ctx.report({
      message: `${workload.ref} would get istio-proxy as a native sidecar, ${lacks}`,
      hint: `The proxy is native because ${decision.reason}, but ${why}. To turn native sidecars off, ${disableHint(ctx.resources, ctx.settings)}, or ${upgrade}.`,
      at: decision.annotationAt ?? template.path,
      focus: decision.annotationAt ? 'value' : undefined,
      severity,
    });
  },
});
