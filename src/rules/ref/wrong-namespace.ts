import { defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { describe, refOf } from '../../model/object.js';
import { ownedByLoadedController, podReferencesOf, resolve } from '../../model/references.js';

export default defineRule({
  id: 'wrong-namespace',
  family: 'REF',
  severity: 'error',
  incident: '000_83f7ee5d5d972611.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  reads: ['Secret', 'ConfigMap', 'ServiceAccount', 'PersistentVolumeClaim'],
  summary:
    'A referenced Secret, ConfigMap, ServiceAccount or PersistentVolumeClaim is absent from the pod\'s namespace but exists in another: "did you mean test-pods?". Replaces the plain missing-* finding for that reference.',
  rationale:
    'This is the exact shape of the Prow outage of 2019-02-05: a refactor read the wrong namespace field, job pods ' +
    'were created in `default`, and their Secrets existed only in `test-pods`. A reference that resolves in another ' +
    'namespace is almost always a workload deployed to the wrong place, or a manifest without a namespace applied ' +
    'without `-n`.',
  remediation:
    'Deploy the workload to the namespace that holds the object (set `metadata.namespace`, or apply with `-n`), or ' +
    'create the object in this namespace too.',
  example: `apiVersion: v1
kind: Secret
metadata: {name: gcs-creds, namespace: test-pods}
type: Opaque
---
apiVersion: v1
kind: Pod
metadata: {name: unit-test}        # no namespace: lands in default
spec:
  containers:
  - {name: test, image: gcr.io/k8s-prow/test:v20190205}
  volumes:
  - name: creds
    secret: {secretName: gcs-creds}`,
  check(obj, ctx) {
    if (ownedByLoadedController(ctx.index, obj)) return;
    const seen = new Set<string>();
    for (const ref of podReferencesOf(obj)) {
      if (ref.optional || seen.has(`${ref.kind}/${ref.name}`)) continue;
      seen.add(`${ref.kind}/${ref.name}`);
      const resolution = resolve(ctx.index, obj, ref);
      if (resolution.status !== 'elsewhere') continue;
      const [first] = resolution.namespaces;
      const exists = resolution.namespaces.length === 1 ? `namespace ${first}` : `namespaces ${resolution.namespaces.join(', ')}`;
      const landing = obj.namespaceDefaulted
        ? `; the manifest sets no namespace, so it lands in ${obj.namespace} unless applied with -n`
        : '';
      ctx.report({
        message: `${describe(refOf(obj))} ${ref.usage}, which exists in ${exists}, not in ${obj.namespace}${landing}: did you mean ${first}?`,
        path: ref.path,
        related: resolution.namespaces.map((namespace) => ({ kind: ref.kind, namespace, name: ref.name })),
      });
    }
  },
});
