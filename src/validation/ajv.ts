// The one ajv set-up of the resource schemas, shared by the validators compiled at run time
// (CRDs found in the linted files) and those the build compiles ahead of time for the shipped
// schemas (scripts/compile-validators.mjs), so that both check exactly the same.
import { createRequire } from 'node:module';
import type { Options } from 'ajv';
import { FUNCTION_FORMATS, PATTERN_FORMATS } from './formats.js';

type AjvClass = typeof import('ajv').default;
const require = createRequire(import.meta.url);

/**
 * An ajv instance for structural schemas. Without ajv's optimising pass a schema compiles in
 * half the time and validates as fast; `code` adds options for generating standalone code.
 */
export function createAjv(code: Options['code'] = {}): InstanceType<AjvClass> {
  const Ajv = (require('ajv') as { default: AjvClass }).default;
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, unicodeRegExp: false, code: { optimize: false, ...code } });
  for (const [name, pattern] of Object.entries(PATTERN_FORMATS)) ajv.addFormat(name, pattern);
  for (const [name, format] of Object.entries(FUNCTION_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}
