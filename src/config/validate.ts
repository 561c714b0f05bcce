import { lintrcSchema } from './schema.js';
import { ajvProblems } from '../validation/ajv-path.js';
import type { JsonObject, RuleMeta } from '../rule.js';
import { didYouMean } from '../model/suggest.js';

export interface ConfigProblem { path: (string | number)[]; focus?: 'key'; message: string }

/**
 * Checks a configuration against the schema of these rules. With `open`, rule ids other
 * than these are let through with only the shape of an entry checked: the rules of plugins
 * not yet imported (they are checked again, strictly, once the plugins are loaded).
 */
export async function validate(data: JsonObject, metas: readonly RuleMeta[], open = false): Promise<ConfigProblem[]> {
  const { default: Ajv } = await import('ajv');
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  const check = ajv.compile(lintrcSchema(metas, { open }));
  if (check(data)) return [];
  const problems: ConfigProblem[] = [];
  for (const problem of ajvProblems(check.errors ?? [], data)) {
    const at = problem.path.map(String);
    if (problem.keyword === 'additionalProperties') at.pop();
    const where = at.length ? `"${at.join('.')}"` : 'the configuration';
    if (problem.keyword === 'not' && at.length === 1 && at[0] === 'extends') {
      problems.push({ path: at, focus: 'key', message: '"extends" is not supported: declare clusters and overrides in this one .lintrc instead' });
    } else if (problem.keyword === 'additionalProperties') {
      const key = problem.key ?? '';
      const rulesMap = (at.length === 1 && at[0] === 'rules') || (at.length === 3 && at[0] === 'overrides' && at[2] === 'rules');
      const what = rulesMap ? 'rule' : at.at(-1) === 'options' ? 'option' : 'key';
      const hint = what === 'rule' ? didYouMean(key, metas.map((m) => m.id)) : '';
      problems.push({ path: [...at, key], focus: 'key', message: `unknown ${what} "${key}" in ${where}${hint}` });
    } else if (problem.keyword === 'enum') {
      const allowed = (problem.allowed ?? []).map((v) => JSON.stringify(v)).join(', ');
      const value = at.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);
      const hint = at.at(-1) === 'rule' && typeof value === 'string' ? didYouMean(value, metas.map((m) => m.id)) : '';
      problems.push({ path: at, message: `${where} must be one of ${allowed.length > 300 ? 'the rule ids' : allowed}${hint}` });
    } else if (problem.keyword === 'required') {
      problems.push({ path: at, message: `${where} must have required property '${problem.key}'` });
    } else {
      problems.push({ path: at, message: `${where} ${problem.detail}` });
    }
  }
  // Sequence indices are numbers, so that the position of an entry of a list can be found.
  for (const p of problems) p.path = p.path.map((s) => (typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s));
  const unique = new Map(problems.map((p) => [`${p.path.join('.')}\0${p.message}`, p]));
  return [...unique.values()];
}
