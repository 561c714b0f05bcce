import path from 'node:path';
import { parse } from 'yaml';
import { isObject } from '../model/resource.js';
import type { Json, Path, Resource, ResourceSet } from '../rule.js';
import { CONFIG_MAP, MUTATING_WEBHOOK_CONFIGURATION as MWC } from '../k8s/kinds.js';
import { matchesSelector } from '../k8s/selector.js';
import { coversPodCreate, webhooksOf } from '../k8s/webhooks.js';
import { metadataOf } from '../k8s/workload.js';
import { LABEL, NEVER_INJECTED_NAMESPACES } from './injection.js';
import { ISTIO_OPERATOR } from './kinds.js';

// The sidecar injector's configuration as the files declare it. With the Helm value
// `sidecarInjectorWebhook.enableNamespacesByDefault`, Istio's chart adds an `auto.` webhook
// that injects every namespace without `istio-injection` and `istio.io/rev` (system
// namespaces excepted). The value is kept in the injector ConfigMap's `values` (JSON), or
// in an IstioOperator's `spec.values`; the webhook itself is in the MutatingWebhookConfiguration.

/** Kinds the functions of this module look up. */
export const INJECTOR_CONFIG_READS: readonly string[] = [CONFIG_MAP, ISTIO_OPERATOR, MWC];
/** For `meta.names`: the only ConfigMaps read here. */
export const INJECTOR_CONFIG_MAP_NAMES: readonly string[] = ['istio-sidecar-injector'];

/** A place in the files that makes Istio inject namespaces that carry no injection label. */
export interface DefaultInjection {
  readonly resource: Resource;
  readonly at: Path;
  /** What it is, for a message: `"enableNamespacesByDefault" is true in ConfigMap istio-system/x`. */
  readonly what: string;
}

/** Whether a configuration is one of Istio's sidecar injectors: its name, or a webhook named `…sidecar-injector.istio.io`. */
export function isIstioInjector(mwc: Resource): boolean {
  return /^istio-(sidecar-injector|revision-tag-)/.test(mwc.name) || webhooksOf(mwc).some((w) => w.name.endsWith('sidecar-injector.istio.io'));
}

/**
 * The settings that turn `enableNamespacesByDefault` on for the default revision: the
 * `istio-sidecar-injector` ConfigMap (the one `istioctl analyze` reads for IST0148) and
 * IstioOperators without a revision. A revision's own setting applies only through its
 * webhooks (a `default` revision tag), which {@link defaultInjectingWebhooks} finds.
 */
export function enableNamespacesByDefault(resources: ResourceSet): readonly DefaultInjection[] {
  return resources.memo('enableNamespacesByDefault', () => {
    const found: DefaultInjection[] = [];
    for (const map of resources.ofKind(CONFIG_MAP)) {
      if (map.name !== 'istio-sidecar-injector' || !isObject(map.body.data) || typeof map.body.data.values !== 'string') continue;
      if (flag(parseQuietly(map.body.data.values)) === true) {
        found.push({ resource: map, at: ['data', 'values'], what: `"enableNamespacesByDefault" is true in ${map.ref}` });
      }
    }
    for (const operator of resources.ofKind(ISTIO_OPERATOR)) {
      const spec = operator.body.spec;
      if (!isObject(spec) || (typeof spec.revision === 'string' && spec.revision !== '' && spec.revision !== 'default')) continue;
      if (flag(spec.values) === true) {
        found.push({ resource: operator, at: ['spec', 'values', 'sidecarInjectorWebhook', 'enableNamespacesByDefault'], what: `"enableNamespacesByDefault" is true in ${operator.ref}` });
      }
    }
    return found;
  });
}

/** Labels the API server gives a Namespace, on top of its own: `kubernetes.io/metadata.name`. */
const namespaceLabels = (name: string, labels: Readonly<Record<string, string>>) => ({ ...labels, 'kubernetes.io/metadata.name': name });

/**
 * An Istio injector webhook of the files that is called for Pods without any injection
 * label in this namespace: its rules cover Pod CREATE, its namespaceSelector matches the
 * namespace and its objectSelector matches a Pod with no labels.
 */
export function defaultInjectingWebhooks(resources: ResourceSet, namespace: string, labels: Readonly<Record<string, string>>): DefaultInjection[] {
  const all = namespaceLabels(namespace, labels);
  const found: DefaultInjection[] = [];
  for (const mwc of resources.ofKind(MWC)) {
    if (!isIstioInjector(mwc)) continue;
    for (const { index, name, webhook } of webhooksOf(mwc)) {
      if (!coversPodCreate(webhook) || matchesSelector(webhook.namespaceSelector, all) !== true || matchesSelector(webhook.objectSelector, {}) !== true) continue;
      found.push({ resource: mwc, at: ['webhooks', index], what: `webhook "${name}" of ${mwc.ref} selects its unlabelled Pods` });
      break;
    }
  }
  return found;
}

/**
 * Why Istio injects the Pods of a namespace that has no injection label, or undefined; with
 * `near`, only configuration close to the Namespace's file (see {@link isNear}) counts.
 * `enableNamespacesByDefault` acts only where neither `istio-injection` nor `istio.io/rev`
 * is present (an empty value counts as present for the webhook's DoesNotExist), and never
 * in the system namespaces that the chart's selector excludes.
 */
export function injectedByDefault(resources: ResourceSet, namespace: Resource, near = false): DefaultInjection | undefined {
  const { labels } = metadataOf(namespace);
  if (NEVER_INJECTED_NAMESPACES.includes(namespace.name)) return undefined;
  const close = (source: DefaultInjection) => !near || isNear(source.resource.file, namespace.file);
  const webhook = defaultInjectingWebhooks(resources, namespace.name, labels).find(close);
  if (webhook) return webhook;
  if (Object.hasOwn(labels, LABEL.injection) || Object.hasOwn(labels, LABEL.revision)) return undefined;
  return enableNamespacesByDefault(resources).find(close);
}

/**
 * Whether a file lies in the tree of the configuration's folder's parent (`istio/config.yaml`
 * reaches `apps/ns.yaml` through `.`, `infra/istio/config.yaml` only `infra/...`). A
 * repository of many unrelated installs (test data, samples) is linted as one set, and a
 * setting in one of them says nothing about a namespace far away from it.
 */
export function isNear(configuration: string, file: string): boolean {
  const root = path.dirname(path.dirname(configuration));
  const rel = path.relative(root, path.dirname(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function flag(values: Json | undefined): boolean | undefined {
  const webhook = isObject(values) ? values.sidecarInjectorWebhook : undefined;
  const value = isObject(webhook) ? webhook.enableNamespacesByDefault : undefined;
  return typeof value === 'boolean' ? value : value === 'true' ? true : undefined;
}

function parseQuietly(text: string): Json {
  try { return parse(text) as Json; } catch { return null; }
}
