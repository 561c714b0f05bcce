import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { rules } from '../../rules/index.js';
import { findConfig, loadConfig } from '../../src/config/load.js';
import { lint } from '../../src/engine/lint.js';
import { discover, displayPath } from '../../src/input/discover.js';
import { load } from '../../src/input/load.js';
import { kindFilter } from '../../src/input/kind-filter.js';
import type { Finding } from '../../src/rule.js';

/** The source tree's test/fixtures (tests run from dist/, fixtures stay in the source tree). */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures');

/**
 * A fixture case: one YAML file, or a directory of files (for cross-file rules) with an
 * optional `.lintrc.yaml`. A file case may set configuration in a first-line comment:
 * `# config: {kubernetesVersion: "1.27"}`.
 */
export interface FixtureCase {
  readonly ruleId: string;
  readonly name: string;
  /** The file or directory. */
  readonly path: string;
  /** Golden output next to it: `<case>.out`. */
  readonly golden: string;
}

export function fixtureCases(ruleId: string): FixtureCase[] {
  const dir = path.join(FIXTURES, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(ya?ml|json)$/.test(name) || statSync(path.join(dir, name)).isDirectory())
    .sort()
    .map((name) => ({
      ruleId, name, path: path.join(dir, name),
      golden: path.join(dir, `${name.replace(/\.(ya?ml|json)$/, '')}.out`),
    }));
}

const CONFIG_COMMENT = /^# config: (.+)$/m;

/** Runs one rule (and yaml-syntax) over a case; paths in findings are relative to the case's folder. */
export async function runCase(c: FixtureCase): Promise<Finding[]> {
  const isDir = statSync(c.path).isDirectory();
  const cwd = isDir ? c.path : path.dirname(c.path);
  const configFile = isDir ? findConfig(c.path) : undefined;
  let config = await loadConfig(configFile && path.dirname(configFile) === c.path ? configFile : undefined, cwd, rules);
  if (!isDir) {
    const inline = CONFIG_COMMENT.exec(readFileSync(c.path, 'utf8').split('\n')[0] ?? '');
    if (inline) config = await configFromText(inline[1]!, cwd);
  }
  // Only this rule (and yaml-syntax) runs; documents are parsed as in a run of the whole
  // configuration. (A lookup of a kind the rule does not declare fails it anyway.)
  const only = { ...config, enabled: new Map([...config.enabled].filter(([id]) => id === c.ruleId || id === 'yaml-syntax')) };
  const found = await discover([c.path], { cwd, base: cwd, exclude: [] });
  const { files, locator } = await load(found.files.map((f) => ({ file: displayPath(f, cwd), from: { path: f } })), {
    defaultNamespace: config.settings.defaultNamespace, filter: kindFilter(config), maxFileSize: config.maxFileSize,
  });
  return lint(files, only, { cwd, locator }).findings;
}

async function configFromText(text: string, cwd: string) {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlint-case-'));
  try {
    writeFileSync(path.join(dir, '.lintrc.yaml'), JSON.stringify(parse(text)));
    return await loadConfig(path.join(dir, '.lintrc.yaml'), cwd, rules);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `# expect: rule-a, rule-b` markers: the findings expected to start on that line. */
export function expectedMarkers(c: FixtureCase): string[] {
  const files = statSync(c.path).isDirectory()
    ? readdirSync(c.path, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ya?ml|json)$/.test(f) && !path.basename(f).startsWith('.lintrc')).map((f) => path.join(c.path, f))
    : [c.path];
  const cwd = statSync(c.path).isDirectory() ? c.path : path.dirname(c.path);
  const markers: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
      const match = /#\s*expect:\s*([a-z0-9, -]+?)\s*$/.exec(line);
      if (!match) return;
      for (const id of match[1]!.split(/[\s,]+/).filter(Boolean)) markers.push(`${displayPath(file, cwd)}:${i + 1} ${id}`);
    });
  }
  return markers.sort();
}

export const findingMarkers = (findings: readonly Finding[]) =>
  findings.filter((f) => !f.suppression).map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();

/** Golden text: the text format, with related locations and suppressions spelled out. */
export function goldenText(findings: readonly Finding[]): string {
  return findings.map((f) => {
    const lines = [`${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}: ${f.severity} ${f.message} [${f.ruleId}]`];
    for (const r of f.related) lines.push(`    related ${r.file}:${r.line}:${r.column}: ${r.message}`);
    if (f.suppression) lines.push(`    suppressed by ${f.suppression.kind}: ${f.suppression.justification}`);
    return lines.join('\n') + '\n';
  }).join('');
}
