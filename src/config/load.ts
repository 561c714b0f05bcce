import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument, type Document } from 'yaml';
import { Lines, spanOf } from '../position/spans.js';
import { isObject } from '../model/resource.js';
import { DEFAULT_MAX_FILE_SIZE } from '../input/decode.js';
import { lintrcSchema } from './schema.js';
import { defaultSeverity, type JsonObject, type Rule, type Settings, type Severity } from '../rule.js';

export const CONFIG_NAMES = ['.lintrc', '.lintrc.yaml', '.lintrc.yml', '.lintrc.json'];

/** A configuration problem: printed as `file:line:col: message`, exit code 2. */
export class ConfigError extends Error {}

export interface IgnoreEntry { rule: string; resource?: string; file?: string; reason: string }

export interface Config {
  /** The `.lintrc` read, if any. */
  readonly file?: string;
  /** Directory that relative paths in the configuration are resolved against. */
  readonly base: string;
  readonly settings: Settings;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly ignore: readonly IgnoreEntry[];
  /** Largest file read, in bytes. */
  readonly maxFileSize: number;
  /** Absolute paths of the plugin modules loaded. */
  readonly pluginFiles: readonly string[];
  /** Every rule known to this run (built-in and plugins), in id order. */
  readonly rules: readonly Rule[];
  /** Effective severity and options of each enabled rule. */
  readonly enabled: ReadonlyMap<string, { severity: Severity; options: Record<string, unknown> }>;
}

/** Walks up from `dir` to the first `.lintrc`. */
export function findConfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

export async function loadConfig(file: string | undefined, cwd: string, builtins: readonly Rule[]): Promise<Config> {
  if (!file) return resolveConfig({}, undefined, cwd, builtins);
  const display = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${display}: cannot read configuration: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lines = new Lines(text);
  const document = parseDocument(text, { prettyErrors: false, logLevel: 'error' }) as Document;
  const at = (offset: number) => {
    const { line, column } = lines.position(offset);
    return `${display}:${line}:${column}`;
  };
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`).join('\n'));
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(`${display}:1:1: ${(error as Error).message}`);
  }
  if (!isObject(data)) throw new ConfigError(`${display}:1:1: the configuration must be a mapping`);
  const base = path.dirname(file);
  const plugins = Array.isArray(data.plugins) && data.plugins.every((p) => typeof p === 'string')
    ? await loadPlugins(data.plugins as string[], base, display, builtins)
    : [];
  const rules = [...builtins, ...plugins];
  const errors = await validate(data, rules);
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => `${at((spanOf(document, e.path, e.focus) ?? [0])[0])}: ${e.message}`).join('\n'));
  }
  const pluginFiles = plugins.length ? (data.plugins as string[]).map((p) => path.resolve(base, p)) : [];
  return { ...resolveConfig(data, file, base, rules), pluginFiles };
}

async function loadPlugins(specs: string[], base: string, display: string, builtins: readonly Rule[]): Promise<Rule[]> {
  const seen = new Set(builtins.map((r) => r.meta.id));
  const rules: Rule[] = [];
  for (const spec of specs) {
    const target = path.resolve(base, spec);
    let exported: unknown;
    try {
      exported = await import(pathToFileURL(target).href);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ? 'not found' : (error as Error).message;
      throw new ConfigError(`${display}: plugin "${spec}" cannot be loaded: ${reason}`);
    }
    const value = (exported as { default?: unknown }).default ?? exported;
    const list = Array.isArray(value) ? value : isObject(value) && Array.isArray((value as { rules?: unknown }).rules) ? (value as { rules: unknown[] }).rules : [value];
    for (const rule of list as Rule[]) {
      const id = rule?.meta?.id;
      if (typeof id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || (typeof rule.check !== 'function' && typeof rule.checkFile !== 'function')) {
        throw new ConfigError(`${display}: plugin "${spec}" exports something that is not a rule (a rule has meta.id in kebab-case and a check function)`);
      }
      if (seen.has(id)) throw new ConfigError(`${display}: plugin "${spec}" defines rule "${id}", which already exists`);
      seen.add(id);
      rules.push(rule);
    }
  }
  return rules;
}

interface ConfigProblem { path: (string | number)[]; focus?: 'key'; message: string }

async function validate(data: JsonObject, rules: readonly Rule[]): Promise<ConfigProblem[]> {
  const { default: Ajv } = await import('ajv');
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  const check = ajv.compile(lintrcSchema(rules.map((r) => r.meta)));
  if (check(data)) return [];
  const problems: ConfigProblem[] = [];
  for (const error of check.errors ?? []) {
    if (error.keyword === 'if') continue;
    const at = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const where = at.length ? `"${at.join('.')}"` : 'the configuration';
    if (error.keyword === 'additionalProperties') {
      const key = String(error.params.additionalProperty);
      const what = at.length === 1 && at[0] === 'rules' ? 'rule' : at.at(-1) === 'options' ? 'option' : 'key';
      problems.push({ path: [...at, key], focus: 'key', message: `unknown ${what} "${key}" in ${where}` });
    } else if (error.keyword === 'enum') {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      problems.push({ path: at, message: `${where} must be one of ${allowed.length > 300 ? 'the rule ids' : allowed}` });
    } else {
      problems.push({ path: at, message: `${where} ${error.message}` });
    }
  }
  const unique = new Map(problems.map((p) => [`${p.path.join('.')}\0${p.message}`, p]));
  return [...unique.values()];
}

function resolveConfig(data: JsonObject, file: string | undefined, base: string, rules: readonly Rule[]): Config {
  const mesh = isObject(data.mesh) ? data.mesh as unknown as Settings['mesh'] : undefined;
  const settings: Settings = {
    defaultNamespace: (data.defaultNamespace as string | undefined) ?? 'default',
    rootNamespace: (data.rootNamespace as string | undefined) ?? 'istio-system',
    kubernetesVersion: data.kubernetesVersion as string | undefined,
    mesh,
    nativeSidecars: (data.nativeSidecars as Settings['nativeSidecars'] | undefined) ?? 'auto',
  };
  const overrides = isObject(data.rules) ? data.rules : {};
  const enabled = new Map<string, { severity: Severity; options: Record<string, unknown> }>();
  for (const rule of rules) {
    const override = overrides[rule.meta.id];
    const severity = typeof override === 'string' ? override : isObject(override) && typeof override.severity === 'string' ? override.severity : defaultSeverity(rule.meta);
    if (severity === 'off') continue;
    const options = isObject(override) && isObject(override.options) ? override.options : {};
    enabled.set(rule.meta.id, { severity: severity as Severity, options: { ...defaultsOf(rule.meta.options), ...options } });
  }
  return {
    file, base, settings, pluginFiles: [], rules: [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1)), enabled,
    include: (data.include as string[] | undefined) ?? [],
    exclude: (data.exclude as string[] | undefined) ?? [],
    ignore: (data.ignore as unknown as IgnoreEntry[] | undefined) ?? [],
    maxFileSize: (data.maxFileSize as number | undefined) ?? DEFAULT_MAX_FILE_SIZE,
  };
}

/** The `default` of each top-level property of an options schema. */
export function defaultsOf(schema: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const properties = isObject(schema?.properties) ? schema.properties : {};
  const defaults: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (isObject(value) && 'default' in value) defaults[key] = value.default;
  }
  return defaults;
}
