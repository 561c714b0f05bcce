import { defineRule, type FixEdit, type Path } from '../src/rule.js';
import { ANNOTATED_KINDS, annotationDefinition, annotationSites, isIgnoredAnnotation, isIstioAnnotation, isIstioLabel, knownAnnotations, retiredAnnotation, siteText } from '../src/istio/annotations.js';
import { isMisspelledNativeAnnotation } from '../src/istio/native-sidecars.js';
import { below } from '../src/k8s/version.js';
import { isWorkload } from '../src/k8s/workload.js';

/** The release after `1.23`. */
const nextMinor = (release: string) => `1.${Number(release.split('.')[1]) + 1}`;

const LABEL_VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const split = (name: string) => [name.slice(0, name.indexOf('/')), name.slice(name.indexOf('/') + 1)] as const;

/** Edit distance (insertions, deletions, substitutions and swaps of neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The annotation Istio knows that this one most likely means, and whether renaming is surely right (only the case differs). */
function suggestion(key: string): { name: string; sure: boolean } | undefined {
  const known = knownAnnotations();
  const only = (names: string[]) => (names.length === 1 ? names[0] : undefined);
  const sameLetters = only(known.filter((k) => k.toLowerCase() === key.toLowerCase()));
  if (sameLetters) return { name: sameLetters, sure: true };
  const [prefix, name] = split(key);
  const near = only(known.filter((k) => {
    const [p, n] = split(k);
    return p === prefix && distance(n.toLowerCase(), name.toLowerCase()) <= (name.length >= 8 ? 2 : 1);
  }));
  // The right name under another prefix: istio.io/ingress.class, sidecar.istio.io/excludeOutboundPorts.
  const moved = near ?? only(known.filter((k) => split(k)[1].toLowerCase() === name.toLowerCase()));
  return moved ? { name: moved, sure: false } : undefined;
}

export default defineRule({
  meta: {
    id: 'istio-annotation-unknown',
    description: 'Report annotations in an Istio namespace that Istio does not know',
    rationale: 'Istio reads only the annotations of its catalogue. One in a namespace of Istio\'s (any prefix ending in istio.io, such as sidecar.istio.io/ or proxy.istio.io/) that the catalogue does not list is usually a misspelling, a label written as an annotation, or an annotation of another Istio release, and does nothing.',
    remediation: 'Correct the name (the finding suggests the closest one Istio knows), move a label to metadata.labels, or remove the annotation.',
    severity: 'warning',
    kinds: ANNOTATED_KINDS,
    istio: 'IST0108',
    tags: ['istio', 'annotation'],
    fixable: true,
  },
  check(resource, ctx) {
    for (const site of annotationSites(resource)) {
      for (const [key, value] of Object.entries(site.raw)) {
        if (!isIstioAnnotation(key) || isIgnoredAnnotation(key) || annotationDefinition(key)) continue;
        // A near miss of sidecar.istio.io/nativeSidecar on a workload is native-sidecar-annotation's.
        if (isWorkload(resource) && isMisspelledNativeAnnotation(key)) continue;
        const at: Path = [...site.path, key];
        const labels: Path = [...site.path.slice(0, -1), 'labels'];
        if (isIstioLabel(key)) {
          const movable = typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value) && site.labels[key] === undefined;
          ctx.report({
            message: `${resource.ref} has "${key}" as an annotation${siteText(site)}, but Istio reads it as a label`,
            hint: site.labels[key] === undefined
              ? `Istio reads ${key} from labels only, so as an annotation it does nothing: move it to ${labels.join('.')}.`
              : `Istio reads ${key} from labels only, and the label of that name is already set: delete the annotation.`,
            at, focus: 'key',
            ...(movable ? { fix: { description: `make "${key}" a label`, edits: [{ at, remove: true }, { at: [...labels, key], set: value }] as FixEdit[] } } : {}),
          });
          continue;
        }
        const lastRelease = retiredAnnotation(key);
        if (lastRelease) {
          const version = ctx.settings.mesh?.version;
          if (below(version, nextMinor(lastRelease))) continue;
          ctx.report({
            message: `${resource.ref} has the annotation "${key}"${siteText(site)}, which Istio dropped after ${lastRelease}`,
            hint: version ? `Istio ${version} does not read it, so it does nothing: remove it.`
              : `Istio ${nextMinor(lastRelease)} and later do not read it, so there it does nothing: remove it, or set mesh.version in .lintrc if the mesh runs ${lastRelease} or older.`,
            at, focus: 'key',
          });
          continue;
        }
        const guess = suggestion(key);
        const renamable = guess?.sure && typeof value === 'string' && site.raw[guess.name] === undefined;
        ctx.report({
          message: `${resource.ref} has the annotation "${key}"${siteText(site)}, which Istio does not know`,
          hint: `${guess ? `Did you mean "${guess.name}"? ` : ''}Istio reads only the annotations of its catalogue, so this one does nothing: ${guess ? 'correct its name' : 'correct its name or remove it'}.`,
          at, focus: 'key',
          ...(renamable ? { fix: { description: `rename it to "${guess.name}"`, edits: [{ at, remove: true }, { at: [...site.path, guess.name], set: value }] as FixEdit[] } } : {}),
        });
      }
    }
  },
});
