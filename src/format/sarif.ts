import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOMEPAGE, VERSION, ruleDocsUrl } from '../package-info.js';
import type { FileLocation, Finding, RuleMeta, Severity } from '../rule.js';
import type { Formatter } from './formatter.js';
import { jsonText } from './json-text.js';
import { repositorySegments } from './repository-path.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation' };

const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

function descriptor(meta: RuleMeta) {
  const url = ruleDocsUrl(meta.id);
  const istio = meta.istio ? ` Equivalent istioctl analyze code: ${meta.istio}.` : '';
  return {
    id: meta.id,
    name: pascal(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.rationale}${istio}` },
    // GitHub shows `help` but not helpUri, so the link is repeated here.
    help: {
      text: `${meta.rationale}\n\nHow to fix: ${meta.remediation}\n\nDocumentation: ${url}`,
      markdown: `${meta.rationale}\n\n**How to fix:** ${meta.remediation}\n\n[Documentation of ${meta.id}](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      // SARIF wants unique tags; a plugin's may repeat ours.
      tags: [...new Set(['kubernetes', 'service-mesh', ...(meta.tags ?? []), ...(meta.istio ? [meta.istio] : [])])].slice(0, 20),
      precision: 'very-high',
      'problem.severity': PROBLEM_SEVERITY[meta.severity],
    },
  };
}

/** SARIF 2.1.0 for GitHub code scanning: repo-relative URIs, one-line regions where possible. */
export const sarif: Formatter = (findings, context) => {
  const rules = [...context.rules];
  const index = new Map(rules.map((m, i) => [m.id, i]));
  const uri = (absolute: string) => {
    // Files named on the command line may lie outside the repository: their URIs climb out
    // of it with "..", still relative to the source root, never absolute machine paths.
    const segments = repositorySegments(absolute, context.root) ?? path.relative(context.root, absolute).split(path.sep);
    return { uri: segments.map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  };
  const physical = (l: FileLocation) => ({
    artifactLocation: uri(l.absolutePath),
    region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn },
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: linked(f) },
    locations: [{
      physicalLocation: physical(f),
      ...(f.resource ? { logicalLocations: [{ name: f.resource.name || f.resource.kind, fullyQualifiedName: f.resource.ref, kind: 'resource' }] } : {}),
    }],
    ...(f.related.length ? { relatedLocations: f.related.map((r, id) => ({ id, physicalLocation: physical(r), message: { text: r.message } })) } : {}),
    partialFingerprints: { 'meshlintFinding/v1': fingerprint(f, uri(f.absolutePath).uri) },
    ...(f.fix?.replacements ? {
      fixes: [{
        description: { text: f.fix.description },
        artifactChanges: [{
          artifactLocation: uri(f.absolutePath),
          replacements: f.fix.replacements.map((r) => ({ deletedRegion: { ...r.region }, ...(r.text ? { insertedContent: { text: r.text } } : {}) })),
        }],
      }],
    } : {}),
    // GitHub shows a result's message.text (and the rule's help), not its markdown: the
    // hint travels in a field of its own for the tools and scripts that read it.
    // The cluster is a property, so that a workflow can split a log per cluster and upload
    // each with its own category (automationDetails).
    ...(f.hint || f.cluster || f.code ? { properties: { ...(f.hint ? { hint: f.hint } : {}), ...(f.cluster ? { cluster: f.cluster } : {}), ...(f.code ? { istio: f.code, tags: [f.code] } : {}) } } : {}),
    ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind === 'config' || f.suppression.kind === 'baseline' ? 'external' : 'inSource', justification: f.suppression.justification || `suppressed by ${f.suppression.kind}` }] } : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'meshlint', version: VERSION, semanticVersion: VERSION, informationUri: HOMEPAGE, rules: rules.map(descriptor) } },
      ...(context.sarifCategory ? { automationDetails: { id: `${context.sarifCategory.replace(/\/+$/, '')}/` } } : {}),
      originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(context.root).href.replace(/\/?$/, '/')}` } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return jsonText(log);
};

/**
 * The message as SARIF plain text with embedded links: brackets are escaped, and each
 * related location is linked where the message names its resource (`[Sidecar shop/a](0)`,
 * which GitHub turns into a link), else in a "see also" list at the end.
 */
function linked(f: Finding): string {
  const escape = (s: string) => s.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, '\\$&');
  let text = escape(f.message);
  const unnamed: string[] = [];
  f.related.forEach((r, id) => {
    const name = escape(r.message);
    // A place inside the finding's own resource is not what the message's mention of it denotes.
    const ref = r.resource && r.resource.ref !== f.resource?.ref ? escape(r.resource.ref) : undefined;
    for (const candidate of ref && ref !== name ? [name, ref] : [name]) {
      const at = findOutsideLinks(text, candidate);
      if (at < 0) continue;
      text = `${text.slice(0, at)}[${candidate}](${id})${text.slice(at + candidate.length)}`;
      return;
    }
    unnamed.push(`[${name}](${id})`);
  });
  return unnamed.length ? `${text} (see also ${unnamed.join(', ')})` : text;
}

/** Index of `word` in `text`, as a whole word and not inside an earlier link, or -1. */
function findOutsideLinks(text: string, word: string): number {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text.slice(0, at).replace(/\\[[\]]/g, '');
    const insideLink = /\[[^\]]*$/.test(before) || /\]\($/.test(before);
    const whole = !/[\w-]/.test(text[at - 1] ?? ' ') && !/[\w-]/.test(text[at + word.length] ?? ' ');
    if (!insideLink && whole) return at;
  }
  return -1;
}

/**
 * Identifies a finding by what it is, not where: rule, file, resource and message.
 * Moving unrelated lines keeps it; a second identical finding gets the same one, which
 * GitHub treats as one alert.
 */
function fingerprint(f: Finding, uri: string): string {
  const key = [f.ruleId, uri, f.resource ? f.resource.ref : `${f.line}:${f.column}`, f.message].join('\0');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
