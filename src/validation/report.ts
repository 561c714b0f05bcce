// Turns validation problems into the short form of a finding's message.
import type { Fix, Json, Report, Resource } from '../rule.js';
import type { SchemaProblem } from './validate.js';

/** A path as users write it: `spec.http[0].route[1].weight`. */
export function fieldName(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(p) ? `${i ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`)).join('');
}

/**
 * A CRD author's message as the end of one sentence: no final period, no ";", only its first
 * sentence (the rest goes to the hint), at most `room` characters.
 */
function sentence(text: string, room: number): { head: string; rest?: string } {
  const clean = text.trim().replace(/\s+/g, ' ').replace(/;/g, ',');
  const stop = clean.search(/[.!?]\s+[A-Z]/);
  let head = stop >= 0 ? clean.slice(0, stop) : clean.replace(/[.]+$/, '');
  const rest = stop >= 0 ? clean.slice(stop + 1).trim() : undefined;
  if (head.length > room) head = `${head.slice(0, room - 1).trimEnd()}…`;
  return { head, rest: rest || (head.endsWith('…') ? clean : undefined) };
}

/** The finding for one problem of `resource`'s body. */
export function problemReport(resource: Resource, problem: SchemaProblem, hint: string): Report {
  const field = `"${fieldName(problem.path)}"`;
  if (problem.focus === 'key') {
    return { message: `${resource.ref} has the unknown field ${field}`, hint: `The API server rejects it (strict field validation) or drops it. ${hint}`, at: problem.path, focus: 'key' };
  }
  const subject = problem.path.length ? `${field} of ${resource.ref}` : resource.ref;
  const rule = problem.rule && problem.rule.length < 200 ? ` The rule is ${JSON.stringify(problem.rule)}.` : '';
  if (problem.layer === 'cel' && problem.detail.startsWith('cannot be evaluated')) {
    return { message: `${subject} ${problem.detail}`, hint: `The API server rejects a value its validation rule fails on.${rule} ${hint}`, at: problem.path };
  }
  if (problem.layer === 'cel') {
    const { head, rest } = sentence(problem.detail, 155 - subject.length);
    return { message: `${subject}: ${head}`, hint: `${rest ? `${rest} ` : ''}A validation rule of the CRD rejects it.${rule} ${hint}`, at: problem.path };
  }
  const fix = enumFix(resource, problem);
  return { message: `${subject} ${problem.detail}`, hint: `The CRD's schema rejects it. ${hint}`, at: problem.path, ...(fix ? { fix } : {}) };
}

/** An enum value written in the wrong case (`simple` for `SIMPLE`): the one allowed value it can only mean. */
function enumFix(resource: Resource, problem: SchemaProblem): Fix | undefined {
  const value = problem.path.reduce<Json | undefined>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string | number, Json>)[key] : undefined), resource.body);
  if (typeof value !== 'string' || !problem.allowed) return undefined;
  const matches = problem.allowed.filter((a): a is string => typeof a === 'string' && a.toLowerCase() === value.toLowerCase());
  return matches.length === 1 ? { description: `write "${matches[0]}"`, edits: [{ at: problem.path, set: matches[0]! }] } : undefined;
}
