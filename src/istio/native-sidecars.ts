import { isObject } from '../model/resource.js';
import type { Path, Resource, ResourceSet, Settings } from '../rule.js';
import { WORKLOAD_INJECTION_READS, workloadInjection } from './injection.js';
import { ASM_MESH_CONFIG, ISTIO_OPERATOR } from './kinds.js';
import { CONTROLLER_KINDS } from '../k8s/kinds.js';
import { atLeast, below } from '../k8s/version.js';
import { podTemplateOf } from '../k8s/workload.js';

/** Pod-template annotation that overrides the istiod setting for one workload (Istio >= 1.24). */
export const NATIVE_ANNOTATION = 'sidecar.istio.io/nativeSidecar';
/** A near miss of {@link NATIVE_ANNOTATION}: the release notes' `sidecar.istio.io/native-side`, or a slip of case. */
export const isMisspelledNativeAnnotation = (key: string) => key !== NATIVE_ANNOTATION && /^sidecar\.istio\.io\/native/i.test(key);
/** istiod environment variable: a boolean from 1.19, `true|false|auto` (default auto) from 1.27. */
export const NATIVE_ENV = 'ENABLE_NATIVE_SIDECARS';
export const ASM_DISABLE_COMMAND = `kubectl patch asmmeshconfig default --type=merge --patch='{"spec":{"enableNativeSidecar":false}}'`;

/** Whether a mesh proxy is injected as a native sidecar (an init container with `restartPolicy: Always`). */
export type Native = 'yes' | 'no' | 'unknown';

/** The decision and where it came from, strongest input first. */
export interface NativeDecision {
  readonly native: Native;
  readonly reason: string;
  readonly source: 'annotation' | 'config' | 'manifests' | 'versions';
  /** The `.lintrc` key that would turn an `unknown` into a decision. */
  readonly settle?: string;
}

/** A manifest that sets the mesh-wide switch. */
export interface NativeEvidence {
  readonly resource: Resource;
  readonly at: Path;
  /** As written: `true`, `false`, `auto` or anything else (which istiod reads as off). */
  readonly value: string;
  readonly description: string;
}

export interface MeshNative {
  readonly decision: NativeDecision;
  readonly evidence: readonly NativeEvidence[];
}

/** Kinds {@link nativeEvidence} looks up. */
export const NATIVE_EVIDENCE_READS: readonly string[] = [...CONTROLLER_KINDS, ISTIO_OPERATOR, ASM_MESH_CONFIG];

/** Collects `ENABLE_NATIVE_SIDECARS` on istiod and IstioOperators, and ASM's `enableNativeSidecar`. */
export function nativeEvidence(resources: ResourceSet): NativeEvidence[] {
  const found: NativeEvidence[] = [];
  for (const kind of CONTROLLER_KINDS) for (const resource of resources.ofKind(kind)) found.push(...controllerEvidence(resource));
  for (const resource of resources.ofKind(ISTIO_OPERATOR)) {
    const spec = resource.body.spec;
    const env = isObject(spec) && isObject(spec.values) && isObject(spec.values.pilot) && isObject(spec.values.pilot.env) ? spec.values.pilot.env : undefined;
    if (env && env[NATIVE_ENV] !== undefined && env[NATIVE_ENV] !== null) {
      found.push({ resource, at: ['spec', 'values', 'pilot', 'env', NATIVE_ENV], value: String(env[NATIVE_ENV]), description: `values.pilot.env.${NATIVE_ENV} of ${resource.ref}` });
    }
  }
  for (const resource of resources.ofKind(ASM_MESH_CONFIG)) {
    const spec = resource.body.spec;
    if (isObject(spec) && typeof spec.enableNativeSidecar === 'boolean') {
      found.push({ resource, at: ['spec', 'enableNativeSidecar'], value: String(spec.enableNativeSidecar), description: `enableNativeSidecar of ${resource.ref}` });
    }
  }
  return found;
}

const evidenceOf = new WeakMap<Resource, NativeEvidence[]>();

/** `ENABLE_NATIVE_SIDECARS` in a controller's containers; worked out once per object, as the mesh-wide scan is repeated after every edit. */
function controllerEvidence(resource: Resource): NativeEvidence[] {
  const known = evidenceOf.get(resource);
  if (known) return known;
  const found: NativeEvidence[] = [];
  const template = podTemplateOf(resource);
  const containers = template?.spec.containers;
  if (template && Array.isArray(containers)) {
    containers.forEach((container, i) => {
      if (!isObject(container) || !Array.isArray(container.env)) return;
      container.env.forEach((env, j) => {
        if (!isObject(env) || env.name !== NATIVE_ENV || env.value === undefined) return;
        found.push({ resource, at: [...template.path, 'spec', 'containers', i, 'env', j, 'value'], value: String(env.value), description: `${NATIVE_ENV} on ${resource.ref}` });
      });
    });
  }
  evidenceOf.set(resource, found);
  return found;
}

// Go's strconv.ParseBool spellings; Istio reads any other value as off.
const TRUE = ['1', 't', 'true'];

/** What `auto` means: on when every kubelet is at least 1.33 (Istio >= 1.27 DetectNativeSidecar). */
function auto(settings: Settings, what: string): NativeDecision {
  const k8s = settings.kubernetesVersion;
  const ok = atLeast(k8s, '1.33');
  if (ok === undefined) return { native: 'unknown', source: 'manifests', reason: `${what} is "auto", which depends on the kubelet versions`, settle: 'kubernetesVersion' };
  return { native: ok ? 'yes' : 'no', source: 'manifests', reason: `${what} is "auto" and Kubernetes ${k8s} is ${ok ? 'at least' : 'below'} 1.33` };
}

function fromEvidence(e: NativeEvidence, settings: Settings): NativeDecision {
  const value = e.value.trim().toLowerCase();
  if (value === 'auto') {
    // Before 1.27 the variable is a boolean and "auto" does not parse, so it stays off.
    if (below(settings.mesh?.version, '1.27')) return { native: 'no', source: 'manifests', reason: `${e.description} is "auto", which mesh ${settings.mesh?.version} does not know` };
    return auto(settings, e.description);
  }
  const on = TRUE.includes(value);
  return { native: on ? 'yes' : 'no', source: 'manifests', reason: `${e.description} is "${e.value}"` };
}

/** The defaults of each mesh flavor and version, when nothing in config or manifests says more. */
function fromVersions(settings: Settings): NativeDecision {
  const { flavor, version } = settings.mesh ?? {};
  const k8s = settings.kubernetesVersion;
  const no = (reason: string): NativeDecision => ({ native: 'no', source: 'versions', reason });
  const unknown = (reason: string, settle: string): NativeDecision => ({ native: 'unknown', source: 'versions', reason, settle });
  if (below(k8s, '1.28')) return no(`Kubernetes ${k8s} has no native sidecars`);
  if (flavor === 'asm' && !below(version, '1.22')) {
    // ASM turns them on by default from 1.22 on Kubernetes 1.30 and later.
    if (below(k8s, '1.30')) return no(`ASM enables native sidecars only on Kubernetes 1.30 and later, not ${k8s}`);
    if (version === undefined) return unknown('ASM enables native sidecars by default from 1.22, and no mesh version is set', 'mesh.version');
    if (k8s === undefined) return unknown(`ASM ${version} enables native sidecars by default on Kubernetes 1.30 and later`, 'kubernetesVersion');
    return { native: 'yes', source: 'versions', reason: `ASM ${version} on Kubernetes ${k8s} injects native sidecars by default` };
  }
  const name = flavor === 'asm' ? 'ASM' : flavor === 'anthos' ? 'Cloud Service Mesh' : 'Istio';
  if (below(version, '1.27')) return no(`${name} ${version} injects traditional sidecars unless ${NATIVE_ENV} is "true"`);
  if (!flavor) {
    if (below(k8s, '1.30')) return no(`no mesh default enables native sidecars on Kubernetes ${k8s}`);
    return unknown('no mesh is configured, and mesh defaults differ', 'mesh');
  }
  if (below(k8s, '1.33')) return no(`${name} enables native sidecars by default only when every kubelet is at least 1.33, not ${k8s}`);
  if (version === undefined) return unknown(`${name} enables native sidecars by default from 1.27, and no mesh version is set`, 'mesh.version');
  if (k8s === undefined) return unknown(`${name} ${version} enables native sidecars when every kubelet is at least 1.33`, 'kubernetesVersion');
  return { native: 'yes', source: 'versions', reason: `${name} ${version} defaults to "auto" and Kubernetes ${k8s} is at least 1.33` };
}

/** Kinds {@link meshNative} looks up. */
export const MESH_NATIVE_READS: readonly string[] = NATIVE_EVIDENCE_READS;

/** The mesh-wide decision: `.lintrc` first, then manifests, then versions. */
export function meshNative(resources: ResourceSet, settings: Settings): MeshNative {
  return resources.memo('meshNative', () => decideMesh(resources, settings));
}

function decideMesh(resources: ResourceSet, settings: Settings): MeshNative {
  const evidence = nativeEvidence(resources);
  if (settings.nativeSidecars !== 'auto') {
    const on = settings.nativeSidecars === 'enabled';
    return { evidence, decision: { native: on ? 'yes' : 'no', source: 'config', reason: `.lintrc sets nativeSidecars: ${settings.nativeSidecars}` } };
  }
  const decisions = evidence.map((e) => fromEvidence(e, settings));
  const first = decisions[0];
  if (!first) return { evidence, decision: fromVersions(settings) };
  if (decisions.every((d) => d.native === first.native)) return { evidence, decision: first };
  // Revisions may differ; without knowing which one serves a namespace, say so.
  return { evidence, decision: { native: 'unknown', source: 'manifests', reason: `the manifests disagree: ${decisions.map((d) => d.reason).join(', ')}`, settle: 'nativeSidecars' } };
}

/** An init container written with `restartPolicy: Always`: a native sidecar whatever the mesh does. */
export interface DeclaredSidecar {
  readonly name: string;
  readonly at: Path;
}

/** The decision for one workload, with the injection state it depends on. */
export interface WorkloadNative extends NativeDecision {
  /** Whether the mesh injects a proxy at all (`undefined`: the files cannot tell). */
  readonly injected: boolean | undefined;
  readonly injectionReason: string;
  readonly declared: readonly DeclaredSidecar[];
  /** Path of the annotation when it decided. */
  readonly annotationAt?: Path;
}


export function declaredSidecars(workload: Resource): DeclaredSidecar[] {
  const template = podTemplateOf(workload);
  const init = template?.spec.initContainers;
  if (!template || !Array.isArray(init)) return [];
  return init.flatMap((c, i) => isObject(c) && c.restartPolicy === 'Always'
    ? [{ name: String(c.name ?? i), at: [...template.path, 'spec', 'initContainers', i, 'restartPolicy'] }] : []);
}

/** Kinds {@link workloadNative} looks up. */
export const WORKLOAD_NATIVE_READS: readonly string[] = [...WORKLOAD_INJECTION_READS, ...MESH_NATIVE_READS];

/**
 * Whether a workload's mesh proxy is a native sidecar: the pod-template annotation (Istio
 * >= 1.24), then {@link meshNative}.
 */
export function workloadNative(workload: Resource, resources: ResourceSet, settings: Settings, mesh = meshNative(resources, settings)): WorkloadNative {
  const template = podTemplateOf(workload);
  const injection = workloadInjection(workload, resources, settings);
  const base = { injected: injection.injected, injectionReason: injection.reason, declared: declaredSidecars(workload) };
  const value = template?.annotations[NATIVE_ANNOTATION];
  if (template && value !== undefined && !below(settings.mesh?.version, '1.24')) {
    // The injection template tests `!= "false"`, so every other value means native.
    const on = value !== 'false';
    return { ...base, native: on ? 'yes' : 'no', source: 'annotation', reason: `the pod template annotation ${NATIVE_ANNOTATION} is "${value}"`, annotationAt: [...template.path, 'metadata', 'annotations', NATIVE_ANNOTATION] };
  }
  return { ...base, ...mesh.decision };
}

/** Whether the workload's Pods will run any native sidecar: its own, or an injected proxy. */
export function usesNative(w: WorkloadNative): Native {
  if (w.declared.length > 0) return 'yes';
  if (w.injected === false || w.native === 'no') return 'no';
  return w.injected === true && w.native === 'yes' ? 'yes' : 'unknown';
}

/** Kinds {@link disableHint} looks up. */
export const DISABLE_HINT_READS: readonly string[] = [ASM_MESH_CONFIG];

/** How to turn native sidecars off for this mesh, for hints. */
export function disableHint(resources: ResourceSet, settings: Settings): string {
  if (settings.mesh?.flavor === 'asm' || resources.ofKind(ASM_MESH_CONFIG).length > 0) return `run ${ASM_DISABLE_COMMAND}`;
  const env = `set ${NATIVE_ENV}=false on istiod`;
  return below(settings.mesh?.version, '1.24') ? env : `annotate the pod templates ${NATIVE_ANNOTATION}: "false" or ${env}`;
}
