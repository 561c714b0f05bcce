import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest directory holding `.git`, else `dir`: what SARIF URIs are relative to. */
export function repositoryRoot(dir: string): string {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return path.resolve(dir);
  }
}
