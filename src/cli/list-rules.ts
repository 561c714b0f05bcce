import type { Config } from '../config/load.js';
import { wrap } from '../format/pretty.js';
import { jsonText } from '../format/json-text.js';
import { ruleDocsUrl } from '../package-info.js';
import { shown } from './main.js';

/**
 * `--list-rules`: each rule with its effective severity, istioctl code and whether it fixes,
 * its description wrapped below, in 80 columns; or, as JSON, the same with each rule's page.
 */
export function listRules(config: Config, format: 'text' | 'json'): string {
  const rows = config.rules.map((r) => ({
    id: r.meta.id, severity: config.enabled.get(r.meta.id)?.severity ?? 'off', defaultSeverity: r.meta.severity,
    istio: r.meta.istio ?? null, fixable: Boolean(r.meta.fixable), description: r.meta.description, docs: ruleDocsUrl(r.meta.id),
  }));
  if (format === 'json') return jsonText(rows);
  const width = Math.min(44, Math.max(...rows.map((row) => row.id.length)));
  // Plugins bring their own ids and descriptions: each line is made safe like any other output.
  const lines = rows.flatMap((row) => [
    shown([row.id.padEnd(width), row.severity.padEnd(7), (row.istio ?? '').padEnd(7), row.fixable ? 'fixable' : ''].join('  ').trimEnd()),
    ...wrap(shown(row.description), 76).map((line) => `    ${line}`),
  ]);
  return `${lines.join('\n')}\n\nEach rule's page:\n  ${ruleDocsUrl('<id>')}\n`;
}
