import { defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { checkMissing } from './missing-reference.js';

export default defineRule({
  id: 'missing-secret',
  family: 'REF',
  severity: 'error',
  incident: '000_83f7ee5d5d972611.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  reads: ['Secret'],
  summary: 'A pod references a Secret (volume, projected volume, env, envFrom, imagePullSecrets) that does not exist in its namespace.',
  rationale:
    'A pod whose Secret volume or env source is missing never starts: it waits in ContainerCreating (FailedMount) or ' +
    'CreateContainerConfigError. In the Prow outage of 2019-02-05, job pods were created in `default` while their ' +
    'Secrets lived only in `test-pods`: 415 jobs hung and the fix itself could not deploy.',
  remediation:
    'Create the Secret in the pod\'s namespace, fix the name, or deploy the workload to the namespace that holds the ' +
    'Secret. If the pod can start without it, mark the reference `optional: true`.',
  example: `apiVersion: v1
kind: Pod
metadata: {name: job, namespace: default}
spec:
  containers:
  - name: test
    image: registry.example.org/test:1.0
    volumeMounts: [{name: creds, mountPath: /etc/creds}]
  volumes:
  - name: creds
    secret: {secretName: gcs-creds}   # no Secret gcs-creds in namespace default`,
  check: (obj, ctx) => checkMissing('Secret', obj, ctx),
});
