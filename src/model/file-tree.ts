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

/** The directories some resources are in, and every directory above them: plain data, so that an index built again compares equal. */
export interface Tree {
  readonly dirs: ReadonlySet<string>;
  readonly below: ReadonlySet<string>;
}

/** Indexes the directories some resources are in, so that {@link inTree} answers {@link sameTree} against all of them at once. */
export function treeIndex(resources: Iterable<Resource>): Tree {
  const dirs = new Set<string>();
  const below = new Set<string>();
  let last: string | undefined;
  for (const r of resources) {
    if (r.file === last) continue;
    last = r.file;
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
  return { dirs, below };
}

/** Whether a resource of the tree is in the referrer's directory tree, in time proportional to the directory depth. */
export function inTree({ dirs, below }: Tree, referrer: Resource): boolean {
  let d = path.dirname(referrer.file);
  if (below.has(d) || dirs.has('.')) return true;
  for (;;) {
    if (dirs.has(d)) return true;
    const up = path.dirname(d);
    if (up === d) return false;
    d = up;
  }
}
