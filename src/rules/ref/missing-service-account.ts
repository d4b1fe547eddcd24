import { defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { checkMissing } from './missing-reference.js';

export default defineRule({
  id: 'missing-service-account',
  family: 'REF',
  severity: 'error',
  incident: '000_83f7ee5d5d972611.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  reads: ['ServiceAccount'],
  summary: "`serviceAccountName` names a ServiceAccount that does not exist in the pod's namespace (`default` always exists).",
  rationale:
    'The API server refuses to create a pod whose ServiceAccount does not exist, so a Deployment or Job with a ' +
    'missing ServiceAccount creates no pods at all; the controller only records an event. Like the Prow outage of ' +
    '2019-02-05, the workload looks deployed while nothing runs.',
  remediation: "Create the ServiceAccount in the pod's namespace, or correct `serviceAccountName`.",
  example: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: shop}
spec:
  template:
    spec:
      serviceAccountName: migrator   # no ServiceAccount migrator in namespace shop
      restartPolicy: Never
      containers:
      - {name: migrate, image: registry.example.org/migrate:3.0}`,
  check: (obj, ctx) => checkMissing('ServiceAccount', obj, ctx),
});
