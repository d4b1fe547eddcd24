import { defineRule } from '../../engine/rule.js';
import { describe, objectAt, refOf, stringAt } from '../../model/object.js';

export default defineRule({
  id: 'hpa-missing-target',
  family: 'DEP',
  severity: 'error',
  incident: '002_0fddb103a2359b4c.txt',
  needs: ['manifests'],
  kinds: ['HorizontalPodAutoscaler'],
  reads: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'],
  summary: 'A HorizontalPodAutoscaler whose scale target does not exist.',
  rationale:
    'An autoscaler pointing at a renamed or deleted workload scales nothing; the workload it was meant for runs at ' +
    'its fixed replica count and falls over at the next peak. A broken dependency that only shows under load, like ' +
    'the ones found too late in the Toolforge outage of 2018-12-04.',
  remediation: 'Point `spec.scaleTargetRef` at the workload (kind, name, apiVersion) in the same namespace, or delete the autoscaler.',
  example: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web-v1}   # renamed to web
  minReplicas: 2
  maxReplicas: 10`,
  check(obj, ctx) {
    const target = objectAt(objectAt(obj.raw, 'spec'), 'scaleTargetRef');
    const kind = stringAt(target, 'kind');
    const name = stringAt(target, 'name');
    if (!kind || !name || obj.namespace === undefined) return;
    if (ctx.index.presence(kind, obj.namespace, name)) return;
    const where = ctx.index.knowsAll(kind) ? `which does not exist in namespace ${obj.namespace}` : `which is not found in the inputs (namespace ${obj.namespace})`;
    ctx.report({
      message: `${describe(refOf(obj))} scales ${kind} '${name}', ${where}`,
      path: ['spec', 'scaleTargetRef', 'name'],
      related: [{ kind, namespace: obj.namespace, name }],
      onlyInputs: !ctx.index.knowsAll(kind),
    });
  },
});
