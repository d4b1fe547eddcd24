import { defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { checkMissing } from './missing-reference.js';

export default defineRule({
  id: 'missing-pvc',
  family: 'REF',
  severity: 'error',
  incident: '000_83f7ee5d5d972611.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  reads: ['PersistentVolumeClaim'],
  summary: 'A volume claims a PersistentVolumeClaim that does not exist in the pod\'s namespace.',
  rationale:
    'A pod whose PersistentVolumeClaim is missing stays Pending with "persistentvolumeclaim not found" and is never ' +
    'scheduled: the same silent hang as the Prow outage of 2019-02-05.',
  remediation:
    "Create the PersistentVolumeClaim in the pod's namespace, or correct `claimName`. For per-replica storage in a " +
    'StatefulSet, use `volumeClaimTemplates` instead.',
  example: `apiVersion: v1
kind: Pod
metadata: {name: db, namespace: data}
spec:
  containers:
  - {name: db, image: registry.example.org/postgres:16.2}
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: db-data}   # no such claim in namespace data`,
  check: (obj, ctx) => checkMissing('PersistentVolumeClaim', obj, ctx),
});
