import { defineRule } from '../src/rule.js';
import { quitQuitQuitAt } from '../src/k8s/containers.js';
import { LABEL } from '../src/istio/injection.js';
import { NATIVE_ANNOTATION, WORKLOAD_NATIVE_READS, workloadNative } from '../src/istio/native-sidecars.js';
import { CRON_JOB, JOB, readsBeyond } from '../src/k8s/kinds.js';
import { podTemplateOf } from '../src/k8s/workload.js';

const KINDS = [JOB, CRON_JOB];

export default defineRule({
  meta: {
    id: 'job-sidecar-blocks-completion',
    description: 'Report Jobs and CronJobs whose Pods get a traditional Istio sidecar',
    rationale: 'A traditional istio-proxy is a regular container: it keeps running after the job\'s own containers exit, so the Pod never completes, the Job never succeeds and CronJob runs pile up. A native sidecar is stopped by the kubelet once the other containers are done.',
    remediation: 'Turn native sidecars on for the job (sidecar.istio.io/nativeSidecar: "true" on Istio 1.24 and Kubernetes 1.29 or later), keep the proxy out with the pod label sidecar.istio.io/inject: "false", or end the job\'s command with a POST to http://localhost:15020/quitquitquit.',
    severity: 'warning',
    kinds: KINDS,
    reads: readsBeyond(KINDS, WORKLOAD_NATIVE_READS),
    tags: ['istio', 'native-sidecar', 'job'],
  },
  check(job, ctx) {
    const template = podTemplateOf(job);
    if (!template) return;
    const decision = workloadNative(job, ctx.resources, ctx.settings);
    if (decision.injected !== true || decision.native !== 'no') return;
    // The deprecated annotation still opts out once the webhook runs, unless a label says otherwise.
    if (template.labels[LABEL.inject] === undefined && template.annotations[LABEL.inject] === 'false') return;
    if (quitQuitQuitAt(job)) return;
    ctx.report({
      message: `${job.ref} gets a traditional istio-proxy sidecar, which keeps its Pods from completing`,
      hint: `The proxy is injected (${decision.injectionReason}) and is not a native sidecar (${decision.reason}), so it keeps running after the job's containers exit. `
        + `Set ${NATIVE_ANNOTATION}: "true" on the pod template (Istio 1.24, Kubernetes 1.29 or later), label it ${LABEL.inject}: "false", or end the command with curl -fsS -X POST http://localhost:15020/quitquitquit.`,
      at: template.path,
    });
  },
});
