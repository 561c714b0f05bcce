import type { ErrorObject } from 'ajv';

/** One ajv error as a path into the validated data, with what is wrong there. */
export interface AjvProblem {
  /** Where the problem is: for an unknown key, the key itself (report its `key`). */
  readonly path: (string | number)[];
  readonly focus?: 'key';
  readonly keyword: string;
  /** The unknown key, for `additionalProperties`; the missing one, for `required`. */
  readonly key?: string;
  /** The allowed values, for `enum`. */
  readonly allowed?: readonly unknown[];
  /** ajv's own words for the other keywords (`must be string`, `must be <= 65535`). */
  readonly detail: string;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Turns ajv errors into paths into the data, the one place that reads `instancePath`:
 * array indices become numbers where the data has an array there, an unknown key points at
 * the key, a missing required key at its parent mapping. `if` errors (which only say that a
 * `then` failed, reported on their own) are dropped; duplicates are merged.
 */
export function ajvProblems(errors: readonly ErrorObject[], data?: unknown): AjvProblem[] {
  const problems = new Map<string, AjvProblem>();
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const path: (string | number)[] = [];
    let node = data;
    for (const raw of error.instancePath.split('/').slice(1)) {
      const segment = unescape(raw);
      const index = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : undefined;
      path.push(index ?? segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
    let problem: AjvProblem;
    if (error.keyword === 'additionalProperties') {
      const key = String(error.params.additionalProperty);
      problem = { path: [...path, key], focus: 'key', keyword: error.keyword, key, detail: `has the unknown key "${key}"` };
    } else if (error.keyword === 'required') {
      const key = String(error.params.missingProperty);
      problem = { path, keyword: error.keyword, key, detail: `is missing the required key "${key}"` };
    } else if (error.keyword === 'enum') {
      problem = { path, keyword: error.keyword, allowed: error.params.allowedValues as unknown[], detail: error.message ?? 'is invalid' };
    } else {
      problem = { path, keyword: error.keyword, detail: error.message ?? 'is invalid' };
    }
    problems.set(`${problem.path.join('\0')}\u0001${problem.keyword}\u0001${problem.detail}`, problem);
  }
  return [...problems.values()];
}
