import path from 'node:path';
import type { Resource } from '../rule.js';

// One run often covers a whole repository in which separate directories are separate
// deployments (samples, environments, test data). Cross-resource checks that need evidence
// from other files, or compare resources as rivals, take it from related directories only:
// the same directory, one above it, or one below it.

/** Whether two resources' files lie in the same directory, or one's directory contains the other's. */
export function sameTree(a: Resource, b: Resource): boolean {
  const da = path.dirname(a.file), db = path.dirname(b.file);
  return da === db || within(da, db) || within(db, da);
}

function within(dir: string, ancestor: string): boolean {
  return ancestor === '.' || dir.startsWith(ancestor.endsWith(path.sep) ? ancestor : ancestor + path.sep);
}
