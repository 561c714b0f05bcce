import type { Config } from '../config/load.js';

/**
 * Which documents must be parsed: those whose kind an enabled rule checks or reads.
 * Plain data, so that it can be sent to worker threads and be part of the cache key.
 */
export interface KindFilter {
  /** Read objects of every kind (a rule is called for or reads `*`). */
  readonly all: boolean;
  /**
   * Parse every document, whatever its kind, to check its syntax (a rule's
   * `allDocumentsOption` is set, as the syntax rule's is by default); when false, documents that
   * no rule reads are skipped after a quick look at their kind.
   */
  readonly everyDocument: boolean;
  /** `group/Kind` → the object names wanted (globs), or null for every name. */
  readonly kinds: Readonly<Record<string, readonly string[] | null>>;
}

export function kindFilter(config: Config): KindFilter {
  const kinds: Record<string, string[] | null> = {};
  let all = false;
  let everyDocument = false;
  for (const rule of config.rules) {
    const enabled = config.enabled.get(rule.meta.id);
    if (!enabled) continue;
    if (rule.meta.allDocumentsOption && enabled.options[rule.meta.allDocumentsOption] === true) everyDocument = true;
    for (const kind of [...rule.meta.kinds, ...(rule.meta.reads ?? [])]) {
      if (kind === '*') all = true;
      const names = rule.meta.kinds.includes(kind) ? rule.meta.names?.[kind] : undefined;
      if (!names) kinds[kind] = null;
      else if (kinds[kind] !== null) kinds[kind] = [...(kinds[kind] ?? []), ...names];
    }
  }
  const sorted: Record<string, readonly string[] | null> = {};
  for (const kind of Object.keys(kinds).sort()) sorted[kind] = kinds[kind] ? [...new Set(kinds[kind])].sort() : null;
  return { all, everyDocument, kinds: sorted };
}

const regexes = new Map<string, RegExp>();
/** A name glob (`*` only) as a regular expression, compiled once: it is tested for every document of its kind. */
const globRegex = (glob: string) => {
  let regex = regexes.get(glob);
  if (!regex) regexes.set(glob, (regex = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)));
  return regex;
};

/** Whether a document of this kind and name (undefined: not seen) must be parsed. */
export function wanted(filter: KindFilter, groupKind: string, name: string | undefined): boolean {
  if (filter.all || groupKind.endsWith('List')) return true;
  if (!(groupKind in filter.kinds)) return false;
  const names = filter.kinds[groupKind];
  return !names || name === undefined || names.some((glob) => globRegex(glob).test(name));
}
