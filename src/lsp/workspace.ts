import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load.js';
import { LintState } from '../engine/incremental.js';
import { lintWorldsByFile } from '../engine/worlds.js';
import { compileIgnore, type CompiledIgnore } from '../engine/suppression.js';
import { discover, displayPath } from '../input/discover.js';
import { HelmCharts } from '../input/helm-charts.js';
import { kindFilter } from '../input/kind-filter.js';
import type { ParsedFile } from '../input/parse.js';
import { parseAll, parseSource, type PoolOptions, type SourceJob, type SourceResult } from '../input/parse-threads.js';
import { resolveFixes } from '../fix/resolve.js';
import { Locator } from '../position/locator.js';
import type { Finding } from '../rule.js';
import { configure } from '../run.js';

/** A manifest of the workspace as last parsed: from disk, or from the editor's unsaved buffer. */
interface Entry {
  result: SourceResult;
  /** Parse again before the next lint. */
  stale: boolean;
}

export interface WorkspaceOptions {
  /** Load no plugin named in the configuration. */
  readonly pluginsOff?: string;
}

/**
 * The files of one workspace folder, linted together as the CLI lints that folder: its
 * configuration, its `include`/`exclude`, every manifest as context. Buffers open in the
 * editor win over the files on disk. Between runs it keeps each file's parse and each
 * rule's results, so that after an edit only the edited file is parsed again and only the
 * rules that read what changed run again.
 */
export class Workspace {
  private config!: Config;
  private configFile: string | undefined;
  private ignore: readonly CompiledIgnore[] = [];
  private poolOptions!: PoolOptions;
  private readonly files = new Map<string, Entry>();
  private readonly buffers = new Map<string, string>();
  private memos = new Map<string, LintState>();
  /** The findings last returned, by absolute path. */
  private byFile: Map<string, Finding[]> | undefined;
  /** Each file's findings as last returned, by the array the lint gave for it. */
  private shown = new WeakMap<Finding[], Finding[]>();
  /** Texts of the files as last parsed, and a locator that keeps their parsed documents between runs. */
  private readonly texts = new Map<string, { text: string; chunks: ParsedFile['chunks'] }>();
  private readonly locator = new Locator((file) => this.texts.get(file));
  private loaded = false;
  /** The files' paths, sorted; undefined when files came or went. */
  private sorted: string[] | undefined;

  constructor(readonly root: string, private readonly options: WorkspaceOptions = {}) {}

  /** The configuration file in use, if any. */
  get configPath(): string | undefined {
    return this.configFile;
  }

  /** Reads the configuration and the list of manifests again; every file is parsed again. */
  async reload(): Promise<void> {
    const configured = await configure({ cwd: this.root, ...(this.options.pluginsOff ? { pluginsOff: this.options.pluginsOff } : {}) });
    this.config = configured.config;
    this.configFile = configured.configFile;
    this.ignore = await compileIgnore(this.config.ignore, this.config.base);
    this.poolOptions = { defaultNamespace: this.config.settings.defaultNamespace, filter: kindFilter(this.config), maxFileSize: this.config.maxFileSize };
    this.memos = new Map();
    for (const file of this.texts.keys()) this.locator.forget(file);
    this.texts.clear();
    this.files.clear();
    this.sorted = undefined;
    this.byFile = undefined;
    const inputs = this.config.include.length > 0 ? this.config.include : ['.'];
    const found = await discover(inputs, { cwd: this.config.include.length > 0 ? this.config.base : this.root, base: this.config.base, exclude: this.config.exclude })
      .catch(() => ({ files: [] as string[] }));
    const jobs: SourceJob[] = found.files.map((file) => this.jobFor(file));
    const results = await parseAll(jobs, this.poolOptions, Math.max(1, Math.min(4, jobs.length >> 6)));
    results.forEach((result, i) => this.files.set(found.files[i]!, { result, stale: false }));
    // Open buffers of files that discovery does not list (outside `include`) are linted too.
    for (const file of this.buffers.keys()) if (!this.files.has(file)) this.files.set(file, { result: parseSource(this.jobFor(file), this.poolOptions), stale: false });
    this.loaded = true;
  }

  /** Whether a file is one this workspace lints (under its root, not excluded). */
  contains(file: string): boolean {
    return this.files.has(file) || (!path.relative(this.root, file).startsWith('..') && isManifest(file));
  }

  /** The editor's text of a file (`undefined`: the buffer was closed, disk wins again). */
  setBuffer(file: string, text: string | undefined): void {
    if (text === undefined) this.buffers.delete(file); else this.buffers.set(file, text);
    this.touch(file);
  }

  /** A file changed on disk (created, changed or deleted). */
  touch(file: string): void {
    const entry = this.files.get(file);
    if (entry) entry.stale = true;
    else if (this.loaded && (this.buffers.has(file) || existsSync(file)) && isManifest(file)) { this.files.set(file, { result: { parsed: emptyFile(file) }, stale: true }); this.sorted = undefined; }
  }

  /** The text a file was linted from, for code actions. */
  textOf(file: string): string | undefined {
    const result = this.files.get(file)?.result;
    return result && 'text' in result ? result.text : undefined;
  }

  /** The documents of a file as last parsed, for code actions. */
  parsedOf(file: string): ParsedFile | undefined {
    const result = this.files.get(file)?.result;
    return result && 'parsed' in result ? result.parsed : undefined;
  }

  /** Lints the workspace; the findings of every file, by absolute path (files without findings map to []). */
  async lint(): Promise<Map<string, Finding[]>> {
    if (!this.loaded) await this.reload();
    for (const [file, entry] of this.files) {
      if (!entry.stale) continue;
      const shown = displayPath(file, this.root);
      this.texts.delete(shown);
      this.locator.forget(shown);
      if (!this.buffers.has(file) && !existsSync(file)) { this.files.delete(file); this.sorted = undefined; continue; }
      entry.result = parseSource(this.jobFor(file), this.poolOptions);
      entry.stale = false;
    }
    const parsed: ParsedFile[] = [];
    const charts = new HelmCharts();
    // In path order, as discovery lists them: a file created later takes the place a new
    // workspace would give it, so that the lint kept between runs sees what a fresh one sees.
    if (!this.sorted) this.sorted = [...this.files.keys()].sort();
    for (const file of this.sorted) {
      const { result } = this.files.get(file)!;
      if ('template' in result) { charts.add(result.template); continue; }
      parsed.push(result.parsed);
      if (result.text !== undefined && !this.texts.has(result.parsed.file)) this.texts.set(result.parsed.file, { text: result.text, chunks: result.parsed.chunks });
    }
    parsed.push(...charts.files());
    const { locator } = this;
    const { byFile: linted, changed } = await lintWorldsByFile(parsed, this.config, { cwd: this.root, locator, ignore: this.ignore, states: this.memos });
    // A file whose findings did not change keeps its array: the server sends nothing for it.
    const full = !this.byFile || this.byFile.size !== this.files.size || [...changed].some((file) => !this.files.has(path.resolve(this.root, file)));
    if (full) this.byFile = new Map([...this.files.keys()].map((file) => [file, EMPTY]));
    const show = (file: string, findings: Finding[] | undefined) => {
      let shown = findings && this.shown.get(findings);
      if (findings && !shown) {
        resolveFixes(findings.filter((f) => f.fix && !f.fix.replacements), locator);
        shown = findings.filter((f) => !f.suppression);
        this.shown.set(findings, shown);
      }
      this.byFile!.set(path.resolve(this.root, file), shown && shown.length > 0 ? shown : EMPTY);
    };
    if (full) linted.forEach((findings, file) => show(file, findings));
    else for (const file of changed) show(file, linted.get(file));
    // Positions of the next edits' findings need the texts, not the documents parsed for these.
    this.locator.release();
    return new Map(this.byFile);
  }

  private jobFor(file: string): SourceJob {
    const buffer = this.buffers.get(file);
    return { file: displayPath(file, this.root), path: file, ...(buffer !== undefined ? { content: buffer } : {}) };
  }
}

const EMPTY: Finding[] = [];
const MANIFEST = /\.(ya?ml|json)$/i;
const isManifest = (file: string) => MANIFEST.test(file) && !/(^|[\\/])\.lintrc(\.[a-z]+)?$/.test(file);

function emptyFile(file: string): ParsedFile {
  return { file, resources: [], problems: [], skipped: [], directives: [] };
}
