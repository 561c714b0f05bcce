// The two modules used, not the package index, which loads all of semver at start-up.
import SemVer from 'semver/classes/semver.js';
import compare from 'semver/functions/compare.js';

// Dot-separated numbers, optionally after a `v`, then nothing or a separator, so a
// commit-ish tag such as `1234abc` is not read as 1234.0.0.
const VERSION = /^[vV]?(\d+(?:\.\d+)*)(.*)$/;
const SUFFIX = /^(?:$|[.+_-])/;

/**
 * Reads a Kubernetes, mesh or image-tag version as major.minor.patch.
 *
 * Missing parts count as 0 (`1.24` is 1.24.0). Anything after the third numeric part is
 * dropped: vendor builds such as Alibaba ASM's `1.22.2.35-ge64ec8af-aliyun` or Google's
 * `1.18.7-asm.4` are releases of that upstream version, not pre-releases of it, which is
 * how semver would order them. Returns `undefined` for tags that name no version
 * (`latest`, `main`, a digest or commit).
 */
export function parseVersion(text: string | undefined): SemVer | undefined {
  const m = text === undefined ? null : VERSION.exec(text.trim());
  if (!m || !SUFFIX.test(m[2])) return undefined;
  const parts = m[1].split('.');
  const [major, minor, patch] = [0, 1, 2].map((i) => Number(parts[i] ?? 0));
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return new SemVer(`${major}.${minor}.${patch}`);
}

/** Like {@link parseVersion}, but for versions written in the source: a bad one is a bug. */
function bound(text: string): SemVer {
  const v = parseVersion(text);
  if (!v) throw new TypeError(`not a version: "${text}"`);
  return v;
}

/** Orders two versions like `Array.prototype.sort` expects; `undefined` when either is unknown. */
export function compareVersions(a: string | undefined, b: string | undefined): -1 | 0 | 1 | undefined {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  return va && vb ? compare(va, vb) : undefined;
}

/**
 * Whether `version` is `min` or later; `undefined` when `version` is missing or unreadable,
 * so callers must decide what an unknown version means. Throws if `min` is not a version.
 */
export function atLeast(version: string | undefined, min: string): boolean | undefined {
  const v = parseVersion(version);
  return v ? compare(v, bound(min)) >= 0 : undefined;
}

/** Whether `version` is strictly before `limit`; `undefined` when `version` is unknown. */
export function below(version: string | undefined, limit: string): boolean | undefined {
  const result = atLeast(version, limit);
  return result === undefined ? undefined : !result;
}

/** `major.minor` of a version (`v1.24.3` -> `1.24`), or `undefined` when unknown. */
export function minorOf(version: string | undefined): string | undefined {
  const v = parseVersion(version);
  return v ? `${v.major}.${v.minor}` : undefined;
}
