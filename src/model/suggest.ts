/** Levenshtein distance between two short strings (flag names, rule ids). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate a mistyped `word` most likely meant: the closest within a third of its
 * length (at least 2 edits), or one that starts with it; undefined when nothing is close.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) { best = candidate; bestDistance = d; }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  const prefixed = [...candidates].filter((c) => word.length >= 3 && c.startsWith(word));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** ` (did you mean "x"?)`, or `''` when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = '"'): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean ${quote}${match}${quote}?)`;
}
