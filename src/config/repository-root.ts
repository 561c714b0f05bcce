import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest directory at or above `dir` that holds `.git`, if there is one. */
export function findRepositoryRoot(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The nearest directory holding `.git`, else `dir`: what SARIF URIs are relative to. */
export function repositoryRoot(dir: string): string {
  return findRepositoryRoot(dir) ?? path.resolve(dir);
}
