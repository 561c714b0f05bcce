import type { TextReplacement } from '../rule.js';

/**
 * Applies fixes (each a list of replacements, applied whole or not at all) to a text. A fix
 * that touches text another fix already changes is left for the next pass, so no two edits
 * ever overlap; returns the new text and how many fixes were applied.
 */
export function applyFixes(text: string, fixes: readonly (readonly TextReplacement[])[]): { text: string; applied: number } {
  const taken: TextReplacement[] = [];
  const touches = (a: TextReplacement, b: TextReplacement) => a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
  let applied = 0;
  const ordered = [...fixes].sort((a, b) => (a[0]?.offset ?? 0) - (b[0]?.offset ?? 0));
  for (const fix of ordered) {
    if (fix.length === 0 || fix.some((r) => r.offset < 0 || r.offset + r.length > text.length || taken.some((t) => touches(r, t)))) continue;
    taken.push(...fix);
    applied++;
  }
  taken.sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const r of taken) out = out.slice(0, r.offset) + r.text + out.slice(r.offset + r.length);
  return { text: out, applied };
}
