import type { Path, Resource, ResourceSet, RuleContext, Settings } from '../rule.js';
import { containersOf } from '../k8s/containers.js';
import { MUTATING_WEBHOOK_CONFIGURATION, NAMESPACE } from '../k8s/kinds.js';
import { matchesSelector } from '../k8s/selector.js';
import { webhooksOf } from '../k8s/webhooks.js';
import { metadataOf, podTemplateOf } from '../k8s/workload.js';
import { WORKLOAD_INJECTION_READS, workloadInjection } from './injection.js';

// `image: auto` on an `istio-proxy` container is a placeholder that Istio's injector replaces
// with the proxy image (gateway injection templates use it). Without injection the container
// keeps the image "auto", which no registry serves, and the Pod never starts.

/** Where the workload's pod template has an `istio-proxy` container with `image: auto`. */
export function autoImageAt(workload: Resource): Path | undefined {
  const proxy = containersOf(workload, 'containers').find((c) => c.name === 'istio-proxy' && c.container.image === 'auto');
  return proxy ? [...proxy.at, 'image'] : undefined;
}

/** Kinds {@link autoImageInjected} looks up. */
export const AUTO_IMAGE_INJECTED_READS: readonly string[] = [MUTATING_WEBHOOK_CONFIGURATION, NAMESPACE, ...WORKLOAD_INJECTION_READS];

/**
 * Whether an injector would replace the workload's `image: auto`. With Istio webhooks
 * (entries whose name ends in `istio.io`) in the files, as Istio's analyzer decides it: some
 * webhook's namespaceSelector matches the Namespace's labels and its objectSelector the pod
 * template's. Without them, from the injection labels; undefined when these cannot tell.
 */
export function autoImageInjected(workload: Resource, resources: ResourceSet, settings: Settings): { injected: boolean | undefined; byWebhooks: boolean } {
  const webhooks = resources.ofKind(MUTATING_WEBHOOK_CONFIGURATION)
    .flatMap((mwc) => webhooksOf(mwc)).filter((w) => w.name.endsWith('istio.io'));
  if (webhooks.length === 0) return { injected: workloadInjection(workload, resources, settings).injected, byWebhooks: false };
  const namespace = resources.get(NAMESPACE, undefined, workload.namespace ?? settings.defaultNamespace);
  const nsLabels = namespace ? metadataOf(namespace).labels : {};
  const podLabels = podTemplateOf(workload)?.labels ?? {};
  const injected = webhooks.some((w) => matchesSelector(w.webhook.namespaceSelector, nsLabels) === true
    && matchesSelector(w.webhook.objectSelector, podLabels) === true);
  return { injected, byWebhooks: true };
}

/**
 * Reports an istio-proxy container of `workload` whose image "auto" no injector would replace;
 * `pods` says whether the workload is a pod template owner (its pods are injected, not it).
 */
export function reportUninjectedAutoImage(workload: Resource, ctx: RuleContext, pods: boolean): void {
  const at = autoImageAt(workload);
  if (!at) return;
  const { injected, byWebhooks } = autoImageInjected(workload, ctx.resources, ctx.settings);
  if (injected !== false) return;
  const reason = byWebhooks ? `no Istio injector webhook selects ${pods ? 'its pods' : 'it'}` : pods ? 'its pods are not injected' : 'it is not injected';
  ctx.report({
    message: `${workload.ref} has an istio-proxy container with image "auto", but ${reason}`,
    hint: 'Without injection the image stays "auto", which cannot be pulled. Enable injection for the namespace or the pod template, or set a real image.',
    at,
    focus: 'value',
  });
}
