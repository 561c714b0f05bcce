import { defineRule, type Path } from '../src/rule.js';
import { isMisspelledNativeAnnotation as misspelled, NATIVE_ANNOTATION, NATIVE_ENV } from '../src/istio/native-sidecars.js';
import { below } from '../src/k8s/version.js';
import { POD, WORKLOAD_KINDS } from '../src/k8s/kinds.js';
import { metadataOf, podTemplateOf } from '../src/k8s/workload.js';

export default defineRule({
  meta: {
    id: 'native-sidecar-annotation',
    description: 'Require the sidecar.istio.io/nativeSidecar annotation to be spelled, placed and valued so that Istio reads it',
    rationale: 'Istio reads sidecar.istio.io/nativeSidecar only from the Pod\'s own annotations, only from Istio 1.24, and its injection template treats every value except "false" as "true"; a misspelled key (the release notes say sidecar.istio.io/native-side) or one on the Deployment\'s metadata does nothing.',
    remediation: 'Put sidecar.istio.io/nativeSidecar: "true" or "false" under the pod template\'s metadata.annotations, with exactly that key, on Istio 1.24 or later; on older Istio use ENABLE_NATIVE_SIDECARS on istiod.',
    severity: 'warning',
    kinds: [...WORKLOAD_KINDS],
    tags: ['istio', 'native-sidecar', 'annotation'],
  },
  check(workload, ctx) {
    const template = podTemplateOf(workload);
    if (!template) return;
    const { version, flavor } = ctx.settings.mesh ?? {};
    const templateAt = (key: string): Path => [...template.path, 'metadata', 'annotations', key];
    for (const key of Object.keys(template.annotations).filter(misspelled)) {
      ctx.report({ message: `annotation "${key}" of ${workload.ref} is not "${NATIVE_ANNOTATION}", so Istio ignores it`, hint: `Istio reads only that exact key: rename the annotation to "${NATIVE_ANNOTATION}".`, at: templateAt(key), focus: 'key' });
    }
    // The exact key on the workload's own metadata is workload-annotation-misplaced's finding.
    if (workload.groupKind !== POD) {
      for (const key of Object.keys(metadataOf(workload).annotations).filter(misspelled)) {
        ctx.report({
          message: `annotation "${key}" is on the metadata of ${workload.ref}, where Istio never reads it`,
          hint: `Istio reads it from the Pod's own annotations only, and only when spelt "${NATIVE_ANNOTATION}": move it to the pod template's metadata.annotations under that key.`,
          at: ['metadata', 'annotations', key], focus: 'key',
        });
      }
    }
    const value = template.annotations[NATIVE_ANNOTATION];
    if (value === undefined) return;
    if (value !== 'true' && value !== 'false') {
      ctx.report({ message: `annotation "${NATIVE_ANNOTATION}" of ${workload.ref} is "${value}", which Istio reads as "true"`, hint: 'Istio\'s injection template treats every value except "false" as "true". Write "true" or "false".', at: templateAt(NATIVE_ANNOTATION), focus: 'value' });
    }
    if (below(version, '1.24')) {
      const mesh = flavor === 'asm' ? 'ASM' : flavor === 'anthos' ? 'Cloud Service Mesh' : 'Istio';
      ctx.report({ message: `annotation "${NATIVE_ANNOTATION}" of ${workload.ref} does nothing on ${mesh} ${version}`, hint: `${mesh} honours it from 1.24. Upgrade the mesh, or set ${NATIVE_ENV} on istiod.`, at: templateAt(NATIVE_ANNOTATION), focus: 'key' });
    }
  },
});
