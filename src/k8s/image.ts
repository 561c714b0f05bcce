/** An image reference split into its parts: `[host[:port]/]path[:tag][@digest]`. */
export interface ImageRef {
  /** Everything before the tag and digest, registry host included when written. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/**
 * Splits an image reference. A `:` only starts the tag after the last `/`, so the port
 * of a registry host (`localhost:5000/app`) stays part of the repository.
 */
export function parseImage(image: string): ImageRef {
  const trimmed = image.trim();
  const at = trimmed.indexOf('@');
  const name = at < 0 ? trimmed : trimmed.slice(0, at);
  const digest = at < 0 ? undefined : trimmed.slice(at + 1) || undefined;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  return {
    repository: hasTag ? name.slice(0, colon) : name,
    tag: hasTag ? name.slice(colon + 1) || undefined : undefined,
    digest,
  };
}

/** The repository of an image, without tag or digest (`gcr.io/a/b:1@sha256:…` -> `gcr.io/a/b`). */
export function imageRepository(image: string): string {
  return parseImage(image).repository;
}

/** The tag of an image, or `undefined` when it has none (bare name or digest only). */
export function imageTag(image: string): string | undefined {
  return parseImage(image).tag;
}

/**
 * Whether an image comes from `repository`, ignoring whatever registry or mirror path
 * precedes it: the repository's path segments must be the last segments of the image's.
 * `gcr.io/datadoghq/cluster-agent` matches `datadoghq/cluster-agent`, while
 * `notdatadoghq/cluster-agent` does not. Case-insensitive, as registries lower-case paths.
 */
export function imageMatches(image: string, repository: string): boolean {
  // Quick rejection: thousands of workload images are checked against every catalogue entry.
  if (!image.toLowerCase().includes(repository.slice(repository.lastIndexOf('/') + 1).toLowerCase())) return false;
  const have = imageRepository(image).toLowerCase().split('/');
  const want = repository.toLowerCase().split('/');
  if (want.length > have.length) return false;
  const tail = have.slice(have.length - want.length);
  return want.every((segment, i) => segment === tail[i]);
}
