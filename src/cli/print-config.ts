import path from 'node:path';
import { jsonText } from '../format/json-text.js';
import { configure, type RunOptions } from '../run.js';

/**
 * `--print-config FILE`: the configuration that applies when FILE is linted from the working
 * directory, as JSON: the file it comes from, the settings, each rule's severity (or off) and
 * options, and whether FILE is excluded.
 */
export async function printConfig(file: string, options: Pick<RunOptions, 'cwd' | 'config' | 'pluginsOff' | 'ruleOverrides'>): Promise<string> {
  const { configFile, config } = await configure(options);
  const { Minimatch } = await import('minimatch');
  const relative = path.relative(config.base, path.resolve(options.cwd, file)).split(path.sep).join('/');
  const excluded = config.exclude.some((p) => new Minimatch(p, { dot: true }).match(relative));
  const rules = Object.fromEntries(config.rules.map((r) => {
    const on = config.enabled.get(r.meta.id);
    return [r.meta.id, on ? { severity: on.severity, options: on.options } : 'off'];
  }));
  return jsonText({
    file: relative, configFile: configFile ?? null, excluded,
    include: config.include, exclude: config.exclude, settings: config.settings, maxFileSize: config.maxFileSize,
    ignore: config.ignore, plugins: config.pluginFiles, rules,
  });
}
