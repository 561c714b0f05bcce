import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; homepage: string };

/** The package's directory: two levels above both dist/src/ and dist/bundle/, where this module is compiled to. */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);

export const VERSION = manifest.version;
export const HOMEPAGE = manifest.homepage;

/**
 * Where a rule's documentation lives: its page, rules/docs/<id>.md, on the main branch (no
 * release tag exists yet to pin it to).
 */
export function ruleDocsUrl(ruleId: string): string {
  return `${HOMEPAGE}/blob/main/rules/docs/${ruleId}.md`;
}
