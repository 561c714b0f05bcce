import type { Related, ResourceSet, Settings, Severity } from '../../src/rule.js';
import { DISABLE_HINT_READS, disableHint } from '../../src/istio/native-sidecars.js';
import type { WebhookEntry } from './catalogue-entry.js';
import type { NativeTarget, Server } from './scope.js';
import { MUTATING_WEBHOOK_CONFIGURATION as MWC } from '../../src/k8s/kinds.js';

/** Kinds the functions of this module look up. */
export const READS: readonly string[] = [MWC, ...DISABLE_HINT_READS];

/** How many related locations a finding lists before it only counts the rest. */
export const RELATED_CAP = 10;

const quoteList = (names: readonly string[], cap = 3) => {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, cap).map((n) => `"${n}"`).join(', ');
  return unique.length > cap ? `${shown} and ${unique.length - cap} more` : shown;
};

/** Whether a configuration is called after Istio's injector: its name sorts later, or it is reinvoked. */
export function orderNote(resources: ResourceSet, name: string, reinvoked: boolean): string {
  const istio = resources.ofKind(MWC).map((r) => r.name).filter((n) => n.startsWith('istio-sidecar-injector') || n.startsWith('istio-revision-tag-'));
  const after = (istio.length ? istio : ['istio-sidecar-injector']).filter((n) => name > n).sort();
  if (reinvoked) return ', and with reinvocationPolicy: IfNeeded it runs again after the proxy was added';
  return after.length ? `, and it runs after the proxy was added since its name sorts after "${after[0]}"` : '';
}

/** Severity and the sentence that says what would make a warning certain. */
export function confidenceOf(entry: WebhookEntry, status: 'affected' | 'unknown', targets: readonly NativeTarget[]): { severity: Severity; doubt: string } {
  const doubts: string[] = [];
  if (entry.confidence !== 'high') doubts.push(`the report against ${entry.product} is of ${entry.confidence} confidence`);
  if (status === 'unknown') doubts.push(`the image tag does not tell whether it is ${entry.fixed} or later`);
  if (!targets.some((t) => t.native === 'yes')) {
    const keys = [...new Set(targets.map((t) => t.settle).filter((k): k is string => k !== undefined))];
    doubts.push(`native sidecar use is unknown${keys.length ? ` until ${keys.map((k) => k.startsWith('the ') ? `the files hold ${k}` : `.lintrc sets "${k}"`).join(' or ')}` : ''}`);
  }
  return { severity: doubts.length ? 'warning' : 'error', doubt: doubts.length ? ` (${doubts.join('; ')})` : '' };
}

/** The message body shared by the configuration and the server-workload cases. */
export function stripMessage(opts: {
  subject: string; entry: WebhookEntry; servers: readonly Server[]; targets: readonly NativeTarget[];
  order: string; doubt: string; resources: ResourceSet; settings: Settings;
}): string {
  const { subject, entry, servers, targets } = opts;
  const images = servers.length ? `, image ${quoteList(servers.map((s) => s.image), 2)}` : '';
  const where = `namespace${new Set(targets.map((t) => t.namespace)).size > 1 ? 's' : ''} ${quoteList(targets.map((t) => t.namespace))}`;
  const fix = entry.fix.charAt(0).toLowerCase() + entry.fix.slice(1);
  return `${subject} is ${entry.product} (affected: ${entry.affected}${images}), which strips restartPolicy: Always from native sidecars, `
    + `and it mutates Pods with native sidecars in ${where}${opts.order}${opts.doubt}; ${fix}; to turn native sidecars off, ${disableHint(opts.resources, opts.settings)}`;
}

/** Related locations: the servers first, then the affected workloads and namespaces, capped. */
export function relatedOf(servers: readonly Server[], targets: readonly NativeTarget[], extra: Related[] = []): Related[] {
  const related: Related[] = [
    ...extra,
    ...servers.map((s) => ({ resource: s.resource, at: s.at, message: `${s.resource.ref} runs the webhook server, image "${s.image}"` })),
  ];
  const shown = targets.slice(0, RELATED_CAP);
  for (const t of shown) related.push({ resource: t.resource, at: t.at, message: `${t.resource.ref} ${t.native === 'yes' ? 'runs' : 'may run'} native sidecars: ${t.reason}` });
  if (targets.length > shown.length) related.push({ resource: targets[RELATED_CAP]!.resource, message: `and ${targets.length - shown.length} more workloads or namespaces with native sidecars` });
  return related;
}
