import { defineRule } from '../src/rule.js';
import { AUTO_IMAGE_INJECTED_READS, reportUninjectedAutoImage } from '../src/istio/image-auto.js';
import { POD, readsBeyond, WORKLOAD_KINDS } from '../src/k8s/kinds.js';

const KINDS = WORKLOAD_KINDS.filter((kind) => kind !== POD);

export default defineRule({
  meta: {
    id: 'proxy-image-auto-uninjected',
    description: 'Report workloads whose istio-proxy container has image auto that no injector would replace',
    rationale: 'The image "auto" of an istio-proxy container is a placeholder that Istio\'s sidecar injector replaces with the proxy image (gateway deployments use it with inject.istio.io/templates: gateway). If no injector acts on the workload, the pods keep the image "auto", cannot pull it and never start. Istio reports this when no Istio injector webhook of the files selects the namespace and pod labels (or, without webhooks in the files, when the injection labels rule injection out).',
    remediation: 'Label the namespace for injection (istio-injection=enabled or istio.io/rev), set the pod label sidecar.istio.io/inject: "true", or give the container a real proxy image.',
    severity: 'warning',
    kinds: KINDS,
    reads: readsBeyond(KINDS, AUTO_IMAGE_INJECTED_READS),
    istio: 'IST0146',
    tags: ['istio', 'injection'],
  },
  check(workload, ctx) {
    reportUninjectedAutoImage(workload, ctx, true);
  },
});
