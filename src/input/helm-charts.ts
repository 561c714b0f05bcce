import { existsSync } from 'node:fs';
import path from 'node:path';
import { toPosix } from './discover.js';
import { Lines, rangeAt } from '../position/spans.js';
import { unparsedFile, type ParsedFile } from './parse.js';
import type { SourceProblem } from '../rule.js';

/** A template of a Helm chart: Go template actions that only `helm template` can expand. */
export interface Template {
  readonly file: string;
  /** The chart's directory as findings show it. */
  readonly chart: string;
  /** Where its first template action starts. */
  readonly at: Omit<SourceProblem, 'message' | 'code'>;
}

/**
 * Finds the files of Helm charts' `templates/` folders that hold template actions. They are
 * not YAML until rendered, and parsing them would bury the run under syntax errors.
 */
export class HelmCharts {
  private readonly charts = new Map<string, boolean>();
  private readonly templates: Template[] = [];

  /** The file as a template of a chart, if it is one; `file` is the display path, `absolute` the real one. */
  templateOf(file: string, absolute: string, text: string): Template | undefined {
    const action = text.indexOf('{{');
    if (action < 0) return undefined;
    const chart = this.chartOf(absolute);
    if (chart === undefined) return undefined;
    const rel = toPosix(path.relative(chart, absolute));
    // Never an absolute path: the chart's directory as seen from the displayed file's.
    const shown = file === rel ? '.' : file.endsWith(`/${rel}`) ? file.slice(0, -rel.length - 1)
      : toPosix(path.normalize(path.join(path.dirname(file), path.relative(path.dirname(absolute), chart))));
    return { file, chart: shown, at: at(text, action) };
  }

  add(template: Template): void {
    this.templates.push(template);
  }

  /** One file per template: the first of each chart (by path) carries the chart's one problem. */
  files(): ParsedFile[] {
    const byChart = new Map<string, Template[]>();
    for (const t of this.templates) byChart.set(t.chart, [...(byChart.get(t.chart) ?? []), t]);
    return [...byChart.values()].flatMap((list) => {
      const [first, ...rest] = list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      const count = list.length === 1 ? 'its template was' : `its ${list.length} templates were`;
      const problem: SourceProblem = {
        code: 'unrendered', ...first!.at, message: `Helm chart "${first!.chart}" is not rendered, so ${count} not linted`,
        hint: 'Pipe `helm template` output to `meshlint -`, and exclude the chart\'s templates/ folder from the plain run.',
      };
      return [unparsedFile(first!.file, problem, 'Helm template, not rendered'), ...rest.map((t) => ({ ...unparsedFile(t.file, problem, 'Helm template, not rendered'), problems: [] }))];
    });
  }

  private chartOf(file: string): string | undefined {
    for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      if (path.basename(dir) !== 'templates') continue;
      const chart = path.dirname(dir);
      if (!this.charts.has(chart)) this.charts.set(chart, existsSync(path.join(chart, 'Chart.yaml')));
      if (this.charts.get(chart)) return chart;
    }
    return undefined;
  }
}

/** The `{{` of the first template action. */
const at = (text: string, offset: number): Template['at'] => rangeAt(new Lines(text), [offset, offset + 2]);
