import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { isObject } from '../model/resource.js';
import type { FileLocation, Finding, RelatedLocation } from '../rule.js';
import { discover, displayPath, toPosix } from './discover.js';

/** The annotation kustomize writes with `buildMetadata: [originAnnotations]`. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** A document of rendered output and the source file it came from, as the renderer names it. */
export interface RenderedDocument {
  /** 1-based lines of the rendered text, end inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly source: string;
  readonly via: 'helm' | 'kustomize';
}

const SEPARATOR = /^---(\s|$)/;
const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/;

/**
 * The documents of `helm template` output (each after a `# Source: chart/templates/x.yaml`
 * comment) and of `kustomize build` output with origin annotations (`path:` inside
 * `config.kubernetes.io/origin`; resources fetched from another repository are left alone).
 */
export function renderedDocuments(text: string): RenderedDocument[] {
  const lines = text.split(/\r?\n/);
  const found: RenderedDocument[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && !(SEPARATOR.test(lines[i]!) && i > start)) continue;
    const chunk = lines.slice(start, i);
    const helm = chunk.map((l) => HELM_SOURCE.exec(l)?.[1]).find((s) => s !== undefined);
    const source = helm ?? (chunk.some((l) => l.includes(ORIGIN_ANNOTATION)) ? originPath(chunk.join('\n')) : undefined);
    if (source) found.push({ startLine: start + 1, endLine: i, source, via: helm ? 'helm' : 'kustomize' });
    start = i;
  }
  return found;
}

function originPath(text: string): string | undefined {
  try {
    const data = parseDocument(text.replace(/^---.*\n/, ''), { logLevel: 'silent' }).toJS() as unknown;
    const annotations = isObject(data) && isObject(data.metadata) && isObject(data.metadata.annotations) ? data.metadata.annotations : {};
    const value = annotations[ORIGIN_ANNOTATION];
    if (typeof value !== 'string') return undefined;
    const origin = parseDocument(value, { logLevel: 'silent' }).toJS() as unknown;
    return isObject(origin) && typeof origin.path === 'string' && origin.repo === undefined ? origin.path : undefined;
  } catch {
    return undefined;
  }
}

export interface SourceMapping {
  readonly cwd: string;
  /** The repository root: sources are looked for inside it only. */
  readonly root: string;
  /** The rendered input's name (`<stdin>`, or `--stdin-filename`): its directory is tried first. */
  readonly rendered: string;
}

/**
 * Moves the findings in rendered output to the source files it names, inside the repository:
 * to the line of the template that holds the rendered line's key (when exactly one line does),
 * else to the template's first line. The rendered position is kept as a related location.
 */
export async function mapToSources(findings: readonly Finding[], text: string, where: SourceMapping): Promise<Finding[]> {
  const docs = renderedDocuments(text);
  if (docs.length === 0) return [...findings];
  const lines = text.split(/\r?\n/);
  const resolver = new SourceResolver(where);
  const templates = new Map<string, string[]>();
  // Where a place in the rendered text comes from, in the repository; undefined when unknown.
  const place = async (l: FileLocation): Promise<FileLocation | undefined> => {
    const doc = l.file === where.rendered ? docs.find((d) => l.line >= d.startLine && l.line <= d.endLine) : undefined;
    const file = doc && await resolver.resolve(doc.source, doc.via);
    if (!file) return undefined;
    let template = templates.get(file);
    if (!template) templates.set(file, (template = readFileSync(file, 'utf8').split(/\r?\n/)));
    const at = matchingLine(template, lines[l.line - 1] ?? '');
    return { file: displayPath(file, where.cwd), absolutePath: file, ...(at ?? { line: 1, column: 1, endLine: 1, endColumn: (template[0]?.length ?? 0) + 1 }) };
  };
  const out: Finding[] = [];
  for (const finding of findings) {
    const related = await Promise.all(finding.related.map(async (r) => ({ ...r, ...(await place(r)) })));
    const source = await place(finding);
    if (!source) {
      out.push({ ...finding, related });
      continue;
    }
    const rendered: RelatedLocation = {
      file: finding.file, absolutePath: finding.absolutePath, line: finding.line, column: finding.column,
      endLine: finding.endLine, endColumn: finding.endColumn, message: `rendered output of ${toPosix(path.relative(where.root, source.absolutePath))}`,
    };
    out.push({ ...finding, ...source, related: [...related, rendered] });
  }
  return out;
}

/** The one template line with the rendered line's text, else its key; undefined when none or several. */
function matchingLine(template: readonly string[], rendered: string): { line: number; column: number; endLine: number; endColumn: number } | undefined {
  const text = rendered.trim().replace(/^- /, '');
  const key = /^("[^"]*"|'[^']*'|[^\s:#][^:#]*?):(\s|$)/.exec(text)?.[1];
  for (const wanted of [text, key ? `${key}:` : undefined]) {
    if (!wanted) continue;
    const hits = template.flatMap((line, i) => {
      const trimmed = line.trim().replace(/^- /, '');
      return trimmed === text || (wanted !== text && trimmed.startsWith(wanted)) ? [i] : [];
    });
    if (hits.length === 1) {
      const line = template[hits[0]!]!;
      const column = line.length - line.trimStart().length + 1;
      return { line: hits[0]! + 1, column, endLine: hits[0]! + 1, endColumn: line.length + 1 };
    }
  }
  return undefined;
}

/** Finds the repository file a renderer's source path names. */
class SourceResolver {
  private files?: string[];
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly where: SourceMapping) {}

  async resolve(source: string, via: 'helm' | 'kustomize'): Promise<string | undefined> {
    const key = `${via}\0${source}`;
    if (!this.cache.has(key)) this.cache.set(key, await this.find(source, via));
    return this.cache.get(key);
  }

  private inside(file: string): boolean {
    const rel = path.relative(this.where.root, file);
    return !rel.startsWith('..') && !path.isAbsolute(rel) && statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  }

  private async find(source: string, via: 'helm' | 'kustomize'): Promise<string | undefined> {
    const { cwd, root, rendered } = this.where;
    const direct = [path.dirname(path.resolve(cwd, rendered)), cwd, root].map((dir) => path.resolve(dir, source)).find((f) => this.inside(f));
    if (direct) return direct;
    this.files ??= (await discover([root], { cwd: root, base: root, exclude: [] })).files;
    const posix = toPosix(path.normalize(source)).replace(/^(\.\.\/)+/, '');
    const ending = (suffix: string) => this.files!.filter((f) => toPosix(f).endsWith(`/${suffix}`));
    const bySuffix = ending(posix);
    if (bySuffix.length === 1) return bySuffix[0];
    if (via === 'kustomize') return undefined;
    // Helm names a template by the chart's name, not its directory: find the chart of that name.
    const [chart, ...rest] = posix.split('/');
    const charts = this.files.filter((f) => path.basename(f) === 'Chart.yaml' && chartName(f) === chart);
    const candidates = charts.map((c) => path.join(path.dirname(c), ...rest)).filter((f) => existsSync(f));
    return candidates.length === 1 ? candidates[0] : undefined;
  }
}

function chartName(file: string): string | undefined {
  try {
    const data = parseDocument(readFileSync(file, 'utf8'), { logLevel: 'silent' }).toJS() as unknown;
    return isObject(data) && typeof data.name === 'string' ? data.name : undefined;
  } catch {
    return undefined;
  }
}
