import { defineRule } from '../../engine/rule.js';
import { dataKeysOf } from '../../model/index.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { describe, refOf } from '../../model/object.js';
import { ownedByLoadedController, podReferencesOf, resolve } from '../../model/references.js';

export default defineRule({
  id: 'missing-key',
  family: 'REF',
  severity: 'error',
  incident: '000_83f7ee5d5d972611.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  reads: ['Secret', 'ConfigMap'],
  summary: 'A pod references a key that is absent from an existing Secret or ConfigMap (when its data is visible).',
  rationale:
    'The object exists, so every presence check passes, but the pod still cannot start: a missing key in ' +
    '`secretKeyRef`/`configMapKeyRef` gives CreateContainerConfigError, a missing volume item gives FailedMount. ' +
    'A renamed key hangs pods exactly as the missing Secrets did in the Prow outage of 2019-02-05.',
  remediation: 'Add the key to the Secret or ConfigMap, or correct the key the pod asks for. If the pod can start without it, mark the reference `optional: true`.',
  example: `apiVersion: v1
kind: ConfigMap
metadata: {name: web-settings, namespace: shop}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
  - name: web
    image: registry.example.org/web:2.1
    env:
    - name: LEVEL
      valueFrom:
        configMapKeyRef: {name: web-settings, key: log-level}   # the key is LOG_LEVEL`,
  check(obj, ctx) {
    if (ownedByLoadedController(ctx.index, obj)) return;
    for (const ref of podReferencesOf(obj)) {
      if (ref.key === undefined || ref.optional) continue;
      const resolution = resolve(ctx.index, obj, ref);
      const target = resolution.status === 'found' ? resolution.target : undefined;
      // Service-account token Secrets are filled in by the token controller: their keys are not in the manifest.
      if (!target || target.raw['type'] === 'kubernetes.io/service-account-token') continue;
      const keys = dataKeysOf(target);
      if (keys.has(ref.key)) continue;
      const available = keys.size > 0 ? `it has ${[...keys].sort().map((k) => `'${k}'`).join(', ')}` : 'it has no data';
      ctx.report({
        message: `${describe(refOf(obj))} ${ref.usage} with key '${ref.key}', which ${ref.kind} ${target.name} does not have (${available})`,
        path: ref.keyPath ?? ref.path,
        related: [refOf(target)],
      });
    }
  },
});
