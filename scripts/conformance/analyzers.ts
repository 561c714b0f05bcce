/**
 * meshlint against the table of Istio's analyzer test
 * (pkg/config/analysis/analyzers/analyzers_test.go in an istio checkout): for each case, lint
 * its input files with every rule and compare, per istioctl code, the (code, resource) pairs
 * meshlint reports with those the table expects.
 *
 *   node dist/scripts/conformance/analyzers.js /path/to/istio [--codes IST0101,IST0109] [--json] [--verbose] [--markdown | --readme README.md]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Finding } from '../../src/rule.js';
import { parseAnalyzerTable, sameResource, stripComments, type AnalyzerCase } from './go-table.js';
import { CLUSTER_ONLY, offline } from './istioctl-offline.js';
import { ISTIO_CODES, lintFiles, parseArgs, ratio, shown } from './lint.js';

const USAGE = 'Usage: node dist/scripts/conformance/analyzers.js ISTIO_CHECKOUT [--codes IST0101,IST0109] [--json] [--verbose] [--markdown | --readme README.md]\n';

const ANALYZERS = 'pkg/config/analysis/analyzers';

interface Pair { readonly code: string; readonly resource: string }
interface CaseResult {
  readonly name: string; readonly analyzer: string; readonly matched: Pair[]; readonly missed: Pair[]; readonly extra: Pair[];
  /** Per code, the rules whose findings carried it. */
  readonly rules: Record<string, string[]>;
}

/** Message type name -> code, from pkg/config/analysis/msg/messages.yaml. */
function messageCodes(checkout: string): Map<string, string> {
  const doc = parse(readFileSync(path.join(checkout, 'pkg/config/analysis/msg/messages.yaml'), 'utf8')) as { messages: { name: string; code: string }[] };
  return new Map(doc.messages.map((m) => [m.name, m.code]));
}

/**
 * Codes an analyzer can report: the `msg.NewX(` calls in the Go file that defines its type or
 * constructor. Findings of other codes in its cases are not judged, since the table runs
 * one analyzer per case.
 */
function analyzerCodes(checkout: string, testSource: string, analyzer: string, codes: Map<string, string>): Set<string> {
  const ref = /^&?(\w+)\.(\w+)/.exec(analyzer);
  const found = new Set<string>();
  if (!ref) return found;
  const imports = [...testSource.matchAll(/^\s*(?:(\w+)\s+)?"istio\.io\/istio\/([^"]+)"/gm)];
  const dir = imports.find((m) => (m[1] ?? path.basename(m[2]!)) === ref[1])?.[2];
  if (!dir || !existsSync(path.join(checkout, dir))) return found;
  for (const file of readdirSync(path.join(checkout, dir)).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))) {
    const text = stripComments(readFileSync(path.join(checkout, dir, file), 'utf8'));
    if (!new RegExp(`\\b(type|func) ${ref[2]}\\b`).test(text)) continue;
    for (const m of text.matchAll(/\bmsg\.New(\w+)\(/g)) if (codes.has(m[1]!)) found.add(codes.get(m[1]!)!);
  }
  return found;
}

/** Istio passes mesh config and mesh networks files as the `istio` ConfigMap of istio-system holds them. */
function meshConfigMap(dir: string, c: AnalyzerCase): string | undefined {
  if (!c.meshConfigFile && !c.meshNetworksFile) return undefined;
  const data: Record<string, string> = {};
  if (c.meshConfigFile) data.mesh = readFileSync(path.join(dir, c.meshConfigFile), 'utf8');
  if (c.meshNetworksFile) data.meshNetworks = readFileSync(path.join(dir, c.meshNetworksFile), 'utf8');
  const scratch = mkdtempSync(path.join(tmpdir(), 'meshlint-conformance-'));
  const file = path.join(scratch, 'istio-configmap.yaml');
  writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data }));
  return file;
}

/** A finding's istioctl code: its own (a rule may give one per finding), else its rule's. */
const codeOf = (f: Finding) => f.code ?? ISTIO_CODES.get(f.ruleId);

async function runCase(checkout: string, c: AnalyzerCase, judged: Set<string>, codes: Map<string, string>): Promise<CaseResult> {
  const dir = path.join(checkout, ANALYZERS);
  const mesh = meshConfigMap(dir, c);
  const files = [...c.inputFiles.map((f) => path.join(dir, f)), ...(mesh ? [mesh] : [])];
  let findings;
  try {
    findings = (await lintFiles(files, dir)).filter((f) => f.resource && judged.has(codeOf(f) ?? ''));
  } finally {
    if (mesh) rmSync(path.dirname(mesh), { recursive: true, force: true });
  }
  const expected = c.expected.map((e) => ({ code: codes.get(e.type) ?? `?${e.type}`, resource: e.resource })).filter((e) => judged.has(e.code));
  const matched: Pair[] = [], missed: Pair[] = [];
  const rules: Record<string, string[]> = {};
  for (const f of findings) (rules[codeOf(f)!] ??= []).push(f.ruleId);
  const left = [...findings];
  for (const e of expected) {
    const i = left.findIndex((f) => codeOf(f) === e.code && sameResource(e.resource, f.resource!));
    if (i < 0) { missed.push(e); continue; }
    left.splice(i, 1);
    matched.push(e);
  }
  const extra = left.map((f) => ({ code: codeOf(f)!, resource: `${f.resource!.kind} ${f.resource!.namespace ? `${f.resource!.namespace}/` : ''}${f.resource!.name} [${f.ruleId}]` }));
  return { name: c.name, analyzer: c.analyzer, matched, missed, extra, rules };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const markdown = argv.includes('--markdown');
  const at = argv.indexOf('--readme');
  const readme = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !readme) { process.stderr.write(USAGE); process.exit(2); }
  const args = parseArgs(argv.filter((a, i) => a !== '--markdown' && (at < 0 || (i !== at && i !== at + 1))), USAGE);
  const checkout = path.resolve(args.checkout);
  const testFile = path.join(checkout, ANALYZERS, 'analyzers_test.go');
  if (!existsSync(testFile)) { process.stderr.write(`no ${ANALYZERS}/analyzers_test.go under ${checkout}\n`); process.exit(2); }
  const source = readFileSync(testFile, 'utf8');
  const codes = messageCodes(checkout);
  const table = parseAnalyzerTable(source);
  const cases = table.filter((c) => !c.skipAll);
  const implemented = new Set(ISTIO_CODES.values());

  const results: CaseResult[] = [];
  for (const c of cases) {
    const own = new Set([...analyzerCodes(checkout, source, c.analyzer, codes), ...cases.filter((o) => o.analyzer === c.analyzer).flatMap((o) => o.expected.map((e) => codes.get(e.type) ?? `?${e.type}`))]);
    const judged = new Set([...own].filter((code) => !args.codes || args.codes.has(code)));
    results.push(await runCase(checkout, c, judged, codes));
  }

  const perCode = new Map<string, { expected: number; found: number; missed: number; extra: number }>();
  const row = (code: string) => perCode.get(code) ?? perCode.set(code, { expected: 0, found: 0, missed: 0, extra: 0 }).get(code)!;
  for (const r of results) {
    for (const p of r.matched) { row(p.code).expected++; row(p.code).found++; }
    for (const p of r.missed) { row(p.code).expected++; row(p.code).missed++; }
    for (const p of r.extra) row(p.code).extra++;
  }
  const sum = (list: string[], key: 'expected' | 'found' | 'extra') => list.reduce((n, code) => n + (perCode.get(code)?.[key] ?? 0), 0);
  const all = [...perCode.keys()].sort();
  const ours = all.filter((code) => implemented.has(code));
  // The table's codes that files can decide (the cluster-only ones need running Pods, Secrets, status or several clusters).
  const decidable = all.filter((code) => !CLUSTER_ONLY.has(code));
  const totals = (list: string[]) => {
    const expected = sum(list, 'expected'), found = sum(list, 'found'), extra = sum(list, 'extra');
    return { codes: list.length, expected, found, extra, recall: ratio(found, expected), precision: ratio(found, found + extra) };
  };
  const untested = [...implemented].filter((code) => !perCode.has(code) && (!args.codes || args.codes.has(code))).sort();
  const rulesOf = (code: string) => [...new Set([...[...ISTIO_CODES].filter(([, c]) => c === code).map(([id]) => id), ...results.flatMap((r) => r.rules[code] ?? [])])].sort();
  const summary = {
    checkout, cases: cases.length, skipAll: table.length - cases.length,
    implemented: totals(ours), decidable: totals(decidable), all: totals(all),
    untested,
    codes: Object.fromEntries([...all, ...untested].sort().map((code) => [code, { ...(perCode.get(code) ?? { expected: 0, found: 0, missed: 0, extra: 0 }), rules: rulesOf(code), offline: offline(code) }])),
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, results }, null, 2)}\n`);
    return;
  }
  if (markdown || readme) {
    const rows = Object.entries(summary.codes).map(([code, r]) =>
      `| ${code} | ${r.rules.map((id) => `\`${id}\``).join(', ') || '—'} | ${r.expected} | ${r.found} | ${shown(ratio(r.found, r.expected))} | ${shown(ratio(r.found, r.found + r.extra))} | ${r.offline} |`);
    const total = (label: string, t: ReturnType<typeof totals>) => `| ${label} | | ${t.expected} | ${t.found} | ${shown(t.recall)} | ${shown(t.precision)} | |`;
    const text = [
      '| code | meshlint rules | expected | found | recall | precision | `istioctl analyze --use-kube=false` runs it |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      total(`the ${ours.length} codes of meshlint rules`, summary.implemented),
      total(`the ${decidable.length} codes files can decide`, summary.decidable),
      total(`all ${all.length} codes of the table`, summary.all),
    ].join('\n') + '\n';
    if (!readme) { process.stdout.write(text); return; }
    const current = readFileSync(readme, 'utf8');
    const block = /(<!-- istioctl-table:start -->\n)[\s\S]*?(<!-- istioctl-table:end -->)/;
    if (!block.test(current)) { process.stderr.write(`no <!-- istioctl-table:start --> ... end block in ${readme}\n`); process.exit(2); }
    writeFileSync(readme, current.replace(block, (_, start: string, end: string) => `${start}${text}${end}`));
    process.stdout.write(`wrote the table into ${readme}\n`);
    return;
  }
  const lines = [
    `meshlint vs the istioctl analyzer test table: ${cases.length} cases (${summary.skipAll} left out: skipAll, not run by istioctl analyze)`,
    '', 'code     expected  found  missed  extra  meshlint rules',
    ...all.map((code) => {
      const r = perCode.get(code)!;
      return `${code.padEnd(8)} ${String(r.expected).padStart(8)} ${String(r.found).padStart(6)} ${String(r.missed).padStart(7)} ${String(r.extra).padStart(6)}  ${summary.codes[code]!.rules.join(', ') || '-'}`;
    }),
    '',
    `codes meshlint implements (${ours.length}): recall ${summary.implemented.found}/${summary.implemented.expected} = ${shown(summary.implemented.recall)}, precision ${summary.implemented.found}/${summary.implemented.found + summary.implemented.extra} = ${shown(summary.implemented.precision)}`,
    `codes files can decide (${decidable.length}): recall ${summary.decidable.found}/${summary.decidable.expected} = ${shown(summary.decidable.recall)}, precision ${summary.decidable.found}/${summary.decidable.found + summary.decidable.extra} = ${shown(summary.decidable.precision)}`,
    `all codes (${all.length}): recall ${summary.all.found}/${summary.all.expected} = ${shown(summary.all.recall)}, precision ${summary.all.found}/${summary.all.found + summary.all.extra} = ${shown(summary.all.precision)}`,
    `codes of meshlint rules that the table does not test: ${untested.join(', ') || 'none'}`,
  ];
  if (args.verbose) {
    for (const r of results.filter((x) => x.missed.length || x.extra.length)) {
      lines.push('', `${r.name} (${r.analyzer})`);
      for (const p of r.missed) lines.push(`  missed ${p.code} ${p.resource}`);
      for (const p of r.extra) lines.push(`  extra  ${p.code} ${p.resource}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
