import type { Related, ResourceSet, Settings, Severity } from '../../src/rule.js';
import { DISABLE_HINT_READS, disableHint } from '../../src/istio/native-sidecars.js';
import type { WebhookEntry } from './catalogue-entry.js';
import type { NativeTarget, Server } from './scope.js';
import { MUTATING_WEBHOOK_CONFIGURATION as MWC } from '../../src/k8s/kinds.js';

/** Kinds the functions of this module look up. */
export const READS: readonly string[] = [MWC, ...DISABLE_HINT_READS];

/** How many related locations a finding lists before it only counts the rest. */
export const RELATED_CAP = 10;

/** The longest message: a message is one sentence of at most this many characters. */
const MESSAGE_LIMIT = 160;

const quoteList = (names: readonly string[], cap = 3) => {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, cap).map((n) => `"${n}"`).join(', ');
  return unique.length > cap ? `${shown} and ${unique.length - cap} more` : shown.replace(/, ([^,]*)$/, ' and $1');
};

/** Whether a configuration is called after Istio's injector: its name sorts later, or it is reinvoked. */
export function orderNote(resources: ResourceSet, name: string, reinvoked: boolean): string {
  const istio = resources.ofKind(MWC).map((r) => r.name).filter((n) => n.startsWith('istio-sidecar-injector') || n.startsWith('istio-revision-tag-'));
  const after = (istio.length ? istio : ['istio-sidecar-injector']).filter((n) => name > n).sort();
  if (reinvoked) return ', and with reinvocationPolicy: IfNeeded it runs again after the proxy was added';
  return after.length ? `, and it runs after the proxy was added since its name sorts after "${after[0]}"` : '';
}

/** Severity, and what would make a warning certain (empty for an error). */
export function confidenceOf(entry: WebhookEntry, status: 'affected' | 'unknown', targets: readonly NativeTarget[]): { severity: Severity; doubts: string[] } {
  const doubts: string[] = [];
  if (entry.confidence !== 'high') doubts.push(`the report against ${entry.product} is of ${entry.confidence} confidence`);
  if (status === 'unknown') doubts.push(`the image tag does not tell whether it is ${entry.fixed} or later`);
  if (!targets.some((t) => t.native === 'yes')) {
    const keys = [...new Set(targets.map((t) => t.settle).filter((k): k is string => k !== undefined))];
    doubts.push(`native sidecar use is unknown${keys.length ? ` until ${keys.map((k) => k.startsWith('the ') ? `the files hold ${k}` : `.lintrc sets "${k}"`).join(' or ')}` : ''}`);
  }
  return { severity: doubts.length ? 'warning' : 'error', doubts };
}

/** What a finding of the rule says: a message naming the resource, and a hint with the evidence and the fixes. */
export function stripReport(opts: {
  subject: string; entry: WebhookEntry; servers: readonly Server[]; targets: readonly NativeTarget[];
  order: string; doubts: readonly string[]; resources: ResourceSet; settings: Settings;
}): { message: string; hint: string } {
  const { subject, entry, servers, targets, doubts } = opts;
  const namespaces = [...new Set(targets.map((t) => t.namespace))];
  const strips = doubts.length ? 'may strip' : 'strips';
  // The namespace when it fits, else a count: long configuration and product names are common.
  const base = `${subject} ${strips} native sidecars`;
  const message = [
    `${base} in ${namespaces.length > 1 ? 'namespaces' : 'namespace'} ${quoteList(namespaces, 1)}`,
    ...(namespaces.length > 1 ? [`${base} in ${namespaces.length} namespaces`] : []),
  ].find((m) => m.length <= MESSAGE_LIMIT) ?? base;
  const images = servers.length ? `, image ${quoteList(servers.map((s) => s.image), 2)}` : '';
  const where = `namespace${namespaces.length > 1 ? 's' : ''} ${quoteList(namespaces)}`;
  const hint = `${entry.product} strips restartPolicy: Always from native sidecars (affected: ${entry.affected}${images}), and it mutates Pods with native sidecars in ${where}${opts.order}. `
    + (doubts.length ? `This is uncertain: ${doubts.join(', and ')}. ` : '')
    + `${entry.fix.replace(/\.?$/, '.')} To turn native sidecars off, ${disableHint(opts.resources, opts.settings)}.`;
  return { message, hint };
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
