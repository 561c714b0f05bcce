/**
 * meshlint against the CRD validation test data of an istio checkout
 * (pkg/config/validation/testdata/crds/*-invalid.yaml, each document preceded by the error it
 * must get in `_err`, and *-valid.yaml): how many invalid documents get an error finding, how
 * many of those at (or inside) the field the `_err` names, and how many valid ones get none;
 * also the valid configurations of pkg/test/datasets/validation/dataset/, where the checkout has them.
 *
 *   node dist/scripts/conformance/crds.js /path/to/istio [--json] [--verbose]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Finding } from '../../src/rule.js';
import { lintFiles, parseArgs, ratio, shown } from './lint.js';
import { namedField, spans, startsIn, targets } from './yaml-fields.js';

const USAGE = 'Usage: node dist/scripts/conformance/crds.js ISTIO_CHECKOUT [--json] [--verbose]\n';
const DATA = 'pkg/config/validation/testdata/crds';
const DATASETS = 'pkg/test/datasets/validation/dataset';

interface DocResult {
  readonly file: string; readonly line: number; readonly err?: string;
  readonly errors: string[]; readonly reported: boolean; readonly fieldNamed: boolean; readonly atField: boolean;
}

async function lintDocument(text: string, scratch: string): Promise<Finding[]> {
  const file = path.join(scratch, 'document.yaml');
  writeFileSync(file, text);
  return lintFiles([file], scratch, true);
}

async function checkFile(dir: string, name: string, scratch: string): Promise<DocResult[]> {
  const results: DocResult[] = [];
  let line = 1;
  for (const chunk of readFileSync(path.join(dir, name), 'utf8').split(/^---[ \t]*$/m)) {
    const startLine = line;
    line += chunk.split('\n').length - 1;
    // The expected error is test metadata, not part of the object: blank its line, keep the others in place.
    const text = chunk.replace(/^_err:.*$/m, '#');
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    if (doc.contents === null) continue;
    const err = parseDocument(chunk).get('_err');
    const findings = (await lintDocument(text, scratch)).filter((f) => f.severity === 'error');
    const field = typeof err === 'string' ? namedField(err) : undefined;
    const where = field ? targets(spans(doc.contents, lines), field) : [];
    const atField = findings.some((f) => where.some((s) => startsIn(s, f.line, f.column)));
    results.push({
      file: name, line: startLine + (chunk.startsWith('\n') ? 1 : 0), ...(typeof err === 'string' ? { err } : {}),
      errors: findings.map((f) => `${f.line}:${f.column} ${f.message} [${f.ruleId}]`),
      reported: findings.length > 0, fieldNamed: Boolean(field), atField,
    });
  }
  return results;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), USAGE);
  const dir = path.join(path.resolve(args.checkout), DATA);
  if (!existsSync(dir)) { process.stderr.write(`no ${DATA} under ${args.checkout}\n`); process.exit(2); }
  const scratch = mkdtempSync(path.join(tmpdir(), 'meshlint-crds-'));
  const invalid: DocResult[] = [], valid: DocResult[] = [], datasets: DocResult[] = [];
  const datasetDir = path.join(path.resolve(args.checkout), DATASETS);
  try {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('-invalid.yaml')) invalid.push(...(await checkFile(dir, name, scratch)));
      else if (name.endsWith('-valid.yaml')) valid.push(...(await checkFile(dir, name, scratch)));
    }
    if (existsSync(datasetDir)) {
      for (const name of readdirSync(datasetDir).filter((n) => /\.ya?ml$/.test(n)).sort()) datasets.push(...(await checkFile(datasetDir, name, scratch)));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const reported = invalid.filter((d) => d.reported).length;
  const named = invalid.filter((d) => d.fieldNamed);
  const atField = named.filter((d) => d.atField).length;
  const clean = valid.filter((d) => !d.reported).length;
  const summary = {
    invalid: invalid.length, reported, reportedRatio: ratio(reported, invalid.length),
    fieldNamed: named.length, atField, atFieldRatio: ratio(atField, named.length),
    valid: valid.length, clean, cleanRatio: ratio(clean, valid.length),
    datasets: datasets.length, datasetsClean: datasets.filter((d) => !d.reported).length,
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, invalidDocuments: invalid, validDocuments: valid, datasetDocuments: datasets }, null, 2)}\n`);
    return;
  }
  const files = [...new Set([...invalid, ...valid].map((d) => d.file))];
  const lines = [
    'meshlint vs Istio\'s CRD validation test data', '',
    'file                              documents  error findings  at the field',
    ...files.map((f) => {
      const docs = [...invalid, ...valid].filter((d) => d.file === f);
      const at = docs.filter((d) => d.fieldNamed);
      return `${f.padEnd(33)} ${String(docs.length).padStart(9)} ${String(docs.filter((d) => d.reported).length).padStart(15)}  ${at.length ? `${at.filter((d) => d.atField).length}/${at.length}` : '-'}`;
    }),
    '',
    `invalid documents with an error finding: ${reported}/${invalid.length} = ${shown(summary.reportedRatio)}`,
    `  at (or inside) the field their _err names: ${atField}/${named.length} = ${shown(summary.atFieldRatio)} (${invalid.length - named.length} _err name no field)`,
    `valid documents without an error finding: ${clean}/${valid.length} = ${shown(summary.cleanRatio)}`,
    existsSync(datasetDir)
      ? `validation dataset documents without an error finding: ${summary.datasetsClean}/${datasets.length} (${DATASETS})`
      : `(no ${DATASETS} in the checkout: its valid configurations were not read)`,
  ];
  if (args.verbose) {
    for (const d of invalid.filter((x) => !x.reported || (x.fieldNamed && !x.atField))) lines.push(`  ${d.reported ? 'not at the field' : 'missed'}: ${d.file}:${d.line} ${d.err}${d.errors.length ? `\n      ${d.errors.join('\n      ')}` : ''}`);
    for (const d of [...valid, ...datasets].filter((x) => x.reported)) lines.push(`  false error: ${d.file}:${d.line}\n      ${d.errors.join('\n      ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
