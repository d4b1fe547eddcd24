import { defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { checkMissing } from './missing-reference.js';

export default defineRule({
  id: 'missing-configmap',
  family: 'REF',
  severity: 'error',
  incident: '000_83f7ee5d5d972611.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  reads: ['ConfigMap'],
  summary: 'A pod references a ConfigMap (volume, projected volume, env, envFrom) that does not exist in its namespace.',
  rationale:
    'A pod whose ConfigMap volume or env source is missing never starts (FailedMount or CreateContainerConfigError). ' +
    'It is the same failure as the Prow outage of 2019-02-05, where pods landed in a namespace without the objects they mount.',
  remediation:
    'Create the ConfigMap in the pod\'s namespace, fix the name, or deploy the workload where the ConfigMap lives. ' +
    'If the pod can start without it, mark the reference `optional: true`.',
  example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: registry.example.org/web:2.1
        envFrom:
        - configMapRef: {name: web-settings}   # not in namespace shop`,
  check: (obj, ctx) => checkMissing('ConfigMap', obj, ctx),
});
