import { Lines, rangeAt } from '../position/spans.js';
import type { SourceProblem } from '../rule.js';

/**
 * A Go template action as Helm, Kustomize helpers and test frameworks write them:
 * `{{ .Values.x }}`, `{{- if … }}`, `{{ include … }}` and template comments.
 */
const ACTION = /\{\{-?\s*(?:[.$("]|\/\*|-|(?:if|else|end|range|with|define|template|include|block|toYaml|tpl|printf|default|quote|required|lookup|not|and|or|eq|ne)\b)[^\n]*?\}\}/;

/**
 * A file that holds Go template actions and does not read as YAML (or reads as objects the
 * API server rejects) is a template, not a manifest: one finding says so, instead of a
 * syntax error on every line. Braces in a valid file (a ConfigMap's template text) are data.
 */
export function unrenderedProblem(text: string, problems: readonly SourceProblem[]): SourceProblem | undefined {
  if (!problems.some((p) => p.code === 'syntax' || p.code === 'shape')) return undefined;
  const action = ACTION.exec(text);
  if (!action) return undefined;
  const shown = action[0].length > 40 ? `${action[0].slice(0, 37)}…}}` : action[0];
  return {
    code: 'unrendered', ...rangeAt(new Lines(text), [action.index, action.index + 2]),
    message: `the file holds Go template actions such as "${shown}", so it is not YAML until rendered and was not linted`,
    hint: 'Render it first (`helm template`, or the tool that owns the template) and lint the output, or exclude the file.',
  };
}
