// The schema checks that other rules report in their own words (`RuleMeta.covers`): the rules
// that validate against CRDs leave them out, whichever rules declare them (built-in or plugins).
import type { RuleMeta } from '../rule.js';
import type { SchemaProblem } from './validate.js';

type Covered = (problem: SchemaProblem) => boolean;

const NONE: Covered = () => false;
const byRules = new WeakMap<readonly RuleMeta[], Map<string, Covered>>();

/** The field a problem is about: the missing one for `required`, else where it is. */
const fieldOf = (problem: SchemaProblem) => problem.field ?? problem.path;

/** Whether a schema problem of a `groupKind` resource is one that a rule of `rules` reports itself. */
export function coveredBy(rules: readonly RuleMeta[] | undefined, groupKind: string): Covered {
  if (!rules) return NONE;
  let kinds = byRules.get(rules);
  if (!kinds) byRules.set(rules, (kinds = new Map()));
  let covered = kinds.get(groupKind);
  if (covered) return covered;
  const checks = rules.flatMap((m) => (m.covers ?? []).filter((c) => c.kind === groupKind))
    .map((c) => ({ segments: c.path.split('.'), keywords: new Set(c.keywords) }));
  covered = checks.length === 0 ? NONE : (problem) => {
    const field = fieldOf(problem);
    return checks.some(({ segments, keywords }) => keywords.has(problem.keyword) && segments.length === field.length
      && segments.every((s, i) => s === '*' || s === String(field[i])));
  };
  kinds.set(groupKind, covered);
  return covered;
}
