import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; homepage: string };

/** The package's directory: two levels above both dist/src/ and dist/bundle/, where this module is compiled to. */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

export const VERSION = manifest.version;

/**
 * The code that runs, as the cache tells it apart: the size and time of this module's file
 * (for the bundled CLI, the whole bundle), so that a rebuild is never served an older
 * build's results.
 */
export const BUILD = (() => {
  try {
    const { size, mtimeMs } = statSync(fileURLToPath(import.meta.url));
    return `${size}-${mtimeMs}`;
  } catch {
    return 'unknown';
  }
})();
export const HOMEPAGE = manifest.homepage;

/**
 * Where a rule's documentation lives: its page, rules/docs/<id>.md, on the main branch (no
 * release tag exists yet to pin it to).
 */
export function ruleDocsUrl(ruleId: string): string {
  return `${HOMEPAGE}/blob/main/rules/docs/${ruleId}.md`;
}
