import path from 'node:path';
import type { Resource } from '../rule.js';

// One run often covers a whole repository in which separate directories are separate
// deployments (samples, environments, test data). Cross-resource checks that need evidence
// from other files, or compare resources as rivals, take it from related directories only:
// the same directory, one above it, or one below it.

/** Whether two resources' files lie in the same directory, or one's directory contains the other's. */
export function sameTree(a: Resource, b: Resource): boolean {
  return sameTreeDirs(path.dirname(a.file), path.dirname(b.file));
}

/** Whether two directories are the same, or one contains the other. */
export function sameTreeDirs(da: string, db: string): boolean {
  return da === db || within(da, db) || within(db, da);
}

function within(dir: string, ancestor: string): boolean {
  return ancestor === '.' || dir.startsWith(ancestor.endsWith(path.sep) ? ancestor : ancestor + path.sep);
}

/**
 * An index of the directories some resources are in, answering {@link sameTree} for a
 * referrer against all of them at once in time proportional to the directory depth.
 */
export function treeIndex(resources: Iterable<Resource>): (referrer: Resource) => boolean {
  const dirs = new Set<string>();
  const below = new Set<string>();
  for (const r of resources) {
    let d = path.dirname(r.file);
    if (dirs.has(d)) continue;
    dirs.add(d);
    for (;;) {
      below.add(d);
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
    below.add('.');
  }
  return (referrer) => {
    let d = path.dirname(referrer.file);
    if (below.has(d) || dirs.has('.')) return true;
    for (;;) {
      if (dirs.has(d)) return true;
      const up = path.dirname(d);
      if (up === d) return false;
      d = up;
    }
  };
}
