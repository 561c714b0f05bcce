import { isObject } from '../../src/model/resource.js';
import { defineRule, type Resource, type RuleContext } from '../../src/rule.js';
import { confidenceOf, orderNote, READS as REPORT_READS, relatedOf, stripReport } from './report.js';
import { matchCatalogue, type CatalogueMatch } from './match.js';
import { DAEMON_SET, DEPLOYMENT, MUTATING_WEBHOOK_CONFIGURATION as MWC, readsBeyond } from '../../src/k8s/kinds.js';
import { webhooksOf } from '../../src/k8s/webhooks.js';
import { metadataOf, podTemplateOf } from '../../src/k8s/workload.js';
import { coversPodCreate, matchesHint, namespaceLabels, nativeTargets, READS as SCOPE_READS, selectedBy, serversOf, versionStatus } from './scope.js';

const KINDS = [MWC, DEPLOYMENT, DAEMON_SET];
const ISTIO_ENTRY = 'istio-injector-pre-1.19';

export default defineRule({
  meta: {
    id: 'webhook-strips-native-sidecar',
    description: 'Report mutating webhooks known to strip native sidecars from Pods that use them',
    rationale: 'Webhooks built against Kubernetes API types older than 1.28 re-serialize the Pod without the init container field restartPolicy. The mesh proxy then becomes a blocking init container, so the Pod hangs in PodInitializing, or the API server rejects it because the proxy keeps its probes and lifecycle hooks. A finding is an error only on full evidence: a high-confidence catalogue entry, an affected version, and Pods that do run native sidecars. With weaker evidence (a medium or low confidence entry, a version the files do not tell, native sidecar use that depends on settings the files lack) it is lowered to a warning, says "may strip" and lists its doubts, so such findings alone do not fail a run at the default fail level. Products that every mesh runs, such as Istio\'s own injector, are reported only when the files show an affected version.',
    remediation: 'Upgrade the webhook to a release built with Kubernetes 1.28 or later API types; where there is none, keep the namespaces that run native sidecars out of its namespaceSelector or objectSelector, or turn native sidecars off (the sidecar.istio.io/nativeSidecar: "false" annotation, ENABLE_NATIVE_SIDECARS=false on istiod, or for Alibaba ASM: kubectl patch asmmeshconfig default --type=merge --patch=\'{"spec":{"enableNativeSidecar":false}}\').',
    severity: 'error',
    kinds: KINDS,
    reads: readsBeyond(KINDS, [MWC], SCOPE_READS, REPORT_READS),
    tags: ['native-sidecar', 'webhook'],
  },
  check(resource, ctx) {
    if (resource.groupKind === MWC) checkConfiguration(resource, ctx);
    else checkServer(resource, ctx);
  },
});

function checkConfiguration(mwc: Resource, ctx: RuleContext) {
  const webhooks = webhooksOf(mwc);
  const services = webhooks.flatMap(({ webhook }) => {
    const service = isObject(webhook.clientConfig) && isObject(webhook.clientConfig.service) ? webhook.clientConfig.service : undefined;
    return service && typeof service.name === 'string' ? [{ name: service.name, namespace: typeof service.namespace === 'string' ? service.namespace : undefined }] : [];
  });
  const match = matchCatalogue({ configName: mwc.name, webhookNames: webhooks.map((w) => w.name), services }).find((m) => m.strength === 'strong');
  if (!match) return;
  const { entry } = match;
  const serviceNamespace = services.find((s) => s.namespace)?.namespace;
  const inNamespace = serversOf(entry, ctx.resources, serviceNamespace);
  const servers = inNamespace.length ? inNamespace : serversOf(entry, ctx.resources);
  // Without a server among the files, a version label of the configuration tells the release,
  // and for Istio's own injector the configured mesh version does.
  const status = versionStatus(entry, servers, labelVersion(mwc, entry.id === ISTIO_ENTRY) ?? (entry.id === ISTIO_ENTRY ? ctx.settings.mesh?.version : undefined));
  if (status === 'fixed' || (status === 'unknown' && entry.needsVersionEvidence)) return;
  // The server's own Pods are not what the finding is about.
  const all = nativeTargets(ctx.resources, ctx.settings).filter((t) => !servers.some((s) => s.resource === t.resource));
  const hits = webhooks.filter((w) => coversPodCreate(w.webhook)).map((w) => ({ ...w, targets: selectedBy(w.webhook, all, ctx.resources) })).filter((w) => w.targets.length > 0);
  const [first, ...others] = hits;
  if (!first) return;
  const targets = [...new Set(hits.flatMap((h) => h.targets))];
  const { severity, doubts } = confidenceOf(entry, status, targets);
  const reinvoked = hits.some((h) => h.webhook.reinvocationPolicy === 'IfNeeded');
  ctx.report({
    // Istio's injector is not called after itself: its revision tags are served by the same istiod.
    ...stripReport({ subject: `${mwc.ref} (${entry.product})`, entry, servers, targets, order: entry.id === ISTIO_ENTRY ? '' : orderNote(ctx.resources, mwc.name, reinvoked), doubts, resources: ctx.resources, settings: ctx.settings }),
    at: ['webhooks', first.index],
    // Left unset for errors, so that a severity configured in .lintrc still applies.
    severity: severity === 'error' ? undefined : severity,
    related: relatedOf(servers, targets, others.map((h) => ({ resource: mwc, at: ['webhooks', h.index], message: `webhook "${h.name}" matches the same Pods` }))),
  });
}

// Without the configuration in the files, the server's image identifies the product and the
// catalogue's selector hints stand in for the configuration's selectors.
function checkServer(workload: Resource, ctx: RuleContext) {
  const images = serverImages(workload);
  const key = images.join('\n');
  // Thousands of workloads share a few images: match each image list once per run.
  const matches = ctx.resources.memo('webhook-strips-native-sidecar/images', () => new Map<string, CatalogueMatch | undefined>());
  if (!matches.has(key)) matches.set(key, matchCatalogue({ images }).find((m) => m.strength === 'strong'));
  const match = matches.get(key);
  if (!match) return;
  const { entry } = match;
  const configured = ctx.resources.ofKind(MWC).some((mwc) => matchCatalogue({ configName: mwc.name, webhookNames: webhooksOf(mwc).map((w) => w.name) }).some((m) => m.entry.id === entry.id));
  if (configured) return;
  const servers = serversOf(entry, ctx.resources).filter((s) => s.resource === workload);
  const status = versionStatus(entry, servers);
  if (status === 'fixed' || !servers[0] || (status === 'unknown' && entry.needsVersionEvidence)) return;
  const targets = nativeTargets(ctx.resources, ctx.settings).filter((t) => t.resource !== workload && matchesHint(entry.namespaceSelector, namespaceLabels(ctx.resources, t.namespace)) && matchesHint(entry.objectSelector, t.podLabels));
  if (targets.length === 0) return;
  const { severity, doubts } = confidenceOf(entry, status, targets);
  ctx.report({
    ...stripReport({ subject: `${workload.ref}, which runs ${entry.product},`, entry, servers, targets, order: '', doubts, resources: ctx.resources, settings: ctx.settings }),
    at: servers[0].at,
    severity: severity === 'error' ? undefined : severity,
    related: relatedOf(servers.slice(1), targets),
  });
}

/** The release a configuration's labels name: `app.kubernetes.io/version`, `operator.istio.io/version`, or a `helm.sh/chart` suffix. */
function labelVersion(mwc: Resource, istio: boolean): string | undefined {
  const labels = metadataOf(mwc).labels;
  const chart = /-(v?\d+\.\d+(?:\.\d+)?[^-]*)$/.exec(labels['helm.sh/chart'] ?? '')?.[1];
  const version = labels['app.kubernetes.io/version'] || labels['operator.istio.io/version'] || chart || undefined;
  // Istio's charts carry the placeholder 1.0.0 until a release sets the version: no evidence.
  return istio && version === '1.0.0' ? undefined : version;
}

function serverImages(workload: Resource): string[] {
  const spec = podTemplateOf(workload)?.spec ?? {};
  return Array.isArray(spec.containers) ? spec.containers.flatMap((c) => isObject(c) && typeof c.image === 'string' ? [c.image] : []) : [];
}
