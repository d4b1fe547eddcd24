import { defineRule } from '../../engine/rule.js';
import { describe, objectAt, refOf } from '../../model/object.js';

export default defineRule({
  id: 'no-rollback-history',
  family: 'ROL',
  severity: 'warning',
  incident: '004_9c9fa493a712a226.txt',
  needs: ['manifests'],
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  summary: '`revisionHistoryLimit: 0` on a Deployment, StatefulSet or DaemonSet: no rollback is possible.',
  rationale:
    'Kubernetes keeps old ReplicaSets (Deployments) or ControllerRevisions (StatefulSets, DaemonSets) so that ' +
    '`kubectl rollout undo` can go back to the previous pod template. With `revisionHistoryLimit: 0` they are ' +
    'deleted as soon as a rollout finishes: when the new version fails there is nothing to undo to, and the ' +
    'previous image and configuration have to be reconstructed under pressure. The Toolforge builds-api incident ' +
    'of 2024-03-01 left the team asking "how do we ensure that rollbacks will always work as expected?"; keeping ' +
    'the revision to roll back to is the first half of the answer (the image it names is the second: see ' +
    'rollback-image-not-found).',
  remediation:
    'Remove `revisionHistoryLimit` (the default keeps 10 revisions) or set it to at least 2. Old ReplicaSets are ' +
    'scaled to zero and cost nothing but an object in etcd.',
  example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: builds-api, namespace: builds-api}
spec:
  replicas: 2
  revisionHistoryLimit: 0   # every previous ReplicaSet is deleted
  selector: {matchLabels: {app: builds-api}}
  template:
    metadata: {labels: {app: builds-api}}
    spec:
      containers:
      - name: builds-api
        image: tools-harbor.wmcloud.org/toolforge/builds-api:0.0.130`,
  check(obj, ctx) {
    if (objectAt(obj.raw, 'spec')?.['revisionHistoryLimit'] !== 0) return;
    const kept = obj.kind === 'Deployment' ? 'no previous ReplicaSet' : 'no previous ControllerRevision';
    ctx.report({
      message: `${describe(refOf(obj))} sets revisionHistoryLimit: 0: Kubernetes keeps ${kept}, so \`kubectl rollout undo\` has nothing to roll back to`,
      path: ['spec', 'revisionHistoryLimit'],
    });
  },
});
