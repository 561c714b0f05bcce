import path from 'node:path';

/** The path segments of `absolute` inside the repository `root`, or undefined when it lies outside. */
export function repositorySegments(absolute: string, root: string): string[] | undefined {
  const relative = path.relative(root, absolute);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep);
}
