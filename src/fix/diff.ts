/** Lines of a text, each with its newline; a last line without one is marked as git marks it. */
function linesOf(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return lines.map((l) => (l.endsWith('\n') ? l : `${l}\n\\ No newline at end of file\n`));
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** A line diff: common prefix and suffix, and the longest common subsequence of what is between. */
function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: Op[] = [];
  if (x.length * y.length > 4_000_000) {
    middle.push(...x.map((line) => ({ kind: '-' as const, line })), ...y.map((line) => ({ kind: '+' as const, line })));
  } else {
    const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
    for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) { middle.push({ kind: ' ', line: x[i]! }); i++; j++; }
      else if (i < x.length && (j === y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) middle.push({ kind: '-', line: x[i++]! });
      else middle.push({ kind: '+', line: y[j++]! });
    }
  }
  return [...a.slice(0, head).map((line) => ({ kind: ' ' as const, line })), ...middle, ...a.slice(a.length - tail).map((line) => ({ kind: ' ' as const, line }))];
}

/** A unified diff of one file (`--- a/name`, `+++ b/name`, hunks with 3 lines of context); '' when nothing changed. */
export function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(linesOf(before), linesOf(after));
  const changed = ops.map((op, i) => (op.kind !== ' ' ? i : -1)).filter((i) => i >= 0);
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const last = hunks.at(-1);
    if (last && i - context <= last[1] + context) last[1] = i; else hunks.push([i, i]);
  }
  let out = `--- a/${name}\n+++ b/${name}\n`;
  for (const [first, lastChange] of hunks) {
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length - 1, lastChange + context);
    let oldStart = 1;
    let newStart = 1;
    for (let i = 0; i < from; i++) { if (ops[i]!.kind !== '+') oldStart++; if (ops[i]!.kind !== '-') newStart++; }
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    out += `@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@\n`;
    for (const op of slice) out += `${op.kind}${op.line}`;
  }
  return out;
}
