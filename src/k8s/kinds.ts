// Every Kubernetes `group/Kind` meshlint names, as rule metadata and ResourceSet lookups write
// them: the API group and the Kind without a version, the Kind alone for the core group.

export const NAMESPACE = 'Namespace';
export const POD = 'Pod';
export const SERVICE = 'Service';
export const CONFIG_MAP = 'ConfigMap';
export const SECRET = 'Secret';
export const SERVICE_ACCOUNT = 'ServiceAccount';
export const REPLICATION_CONTROLLER = 'ReplicationController';
export const DEPLOYMENT = 'apps/Deployment';
export const STATEFUL_SET = 'apps/StatefulSet';
export const DAEMON_SET = 'apps/DaemonSet';
export const REPLICA_SET = 'apps/ReplicaSet';
export const JOB = 'batch/Job';
export const CRON_JOB = 'batch/CronJob';
/** Argo Rollouts: not part of Kubernetes, but a pod-template owner like a Deployment. */
export const ROLLOUT = 'argoproj.io/Rollout';
export const MUTATING_WEBHOOK_CONFIGURATION = 'admissionregistration.k8s.io/MutatingWebhookConfiguration';
export const VALIDATING_WEBHOOK_CONFIGURATION = 'admissionregistration.k8s.io/ValidatingWebhookConfiguration';
export const CUSTOM_RESOURCE_DEFINITION = 'apiextensions.k8s.io/CustomResourceDefinition';
export const INGRESS = 'networking.k8s.io/Ingress';
/** Ingress as served before Kubernetes 1.22 (extensions/v1beta1). */
export const EXTENSIONS_INGRESS = 'extensions/Ingress';

/**
 * Built-in API groups whose names have no dot; every other group is a domain with one (the
 * API server requires a dot in a CustomResourceDefinition's group).
 */
export const DOTLESS_GROUPS = ['apps', 'autoscaling', 'batch', 'extensions', 'policy'] as const;

/** Every kind that carries a pod template, the place where Istio's injector acts. */
export const WORKLOAD_KINDS = [
  POD, REPLICATION_CONTROLLER, DEPLOYMENT, STATEFUL_SET, DAEMON_SET, REPLICA_SET, JOB, CRON_JOB, ROLLOUT,
] as const;

/** Kinds whose pods may run istiod, where `ENABLE_NATIVE_SIDECARS` is set. */
export const CONTROLLER_KINDS = [DEPLOYMENT, STATEFUL_SET, DAEMON_SET] as const;

/**
 * What a rule lists in `meta.reads`: the kinds it and its helpers look up, each once and
 * sorted, without those it is called for (lookups of `meta.kinds` are always allowed).
 */
export function readsBeyond(kinds: readonly string[], ...lookups: readonly (readonly string[])[]): string[] {
  return [...new Set(lookups.flat())].filter((kind) => !kinds.includes(kind)).sort();
}

/** cert-manager's Certificate: not part of Kubernetes, but it writes the Secret named in `spec.secretName`. */
export const CERT_MANAGER_CERTIFICATE = 'cert-manager.io/Certificate';
