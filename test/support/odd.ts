import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './fixtures.js';

/** Every YAML and JSON file under test/fixtures, relative paths, sorted. */
export function fixtureFiles(): string[] {
  return (readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => /\.(ya?ml|json)$/.test(f) && statSync(path.join(FIXTURES, f)).isFile())
    .sort();
}

/** Odd values for any place in an object. */
export const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, true, '', 'x', '*', [], [null], [1, 'a', {}], {}, { '': null }, { a: [[[]]] }];
