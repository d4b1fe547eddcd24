import { defineRule } from '../../engine/rule.js';
import { budgetsFor } from '../../model/disruption.js';
import { describe, objectAt, refOf } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';
import { REPLICATED_KINDS, describeReplicas, effectiveReplicas } from '../../model/replicas.js';

export default defineRule({
  id: 'missing-pdb',
  family: 'ROL',
  severity: 'warning',
  incident: '004_9c9fa493a712a226.txt',
  needs: ['manifests'],
  kinds: REPLICATED_KINDS,
  summary: 'A workload with more than one replica and no PodDisruptionBudget selecting its pods.',
  rationale:
    'Without a PodDisruptionBudget, a node drain, a cluster upgrade or an autoscaler scale-down may evict every ' +
    'replica of a workload at the same time, and a workload that survived on one healthy pod goes down with the ' +
    'node. After the Toolforge builds-api incident of 2024-03-01, where a restart left a single pod that could not ' +
    'start and "any node restarts would have risked taking the entire thing down", the first remedy named was ' +
    'explicit PodDisruptionBudgets for the services the team manages.',
  remediation:
    'Add a PodDisruptionBudget in the same namespace whose `selector` matches the pod template labels, with ' +
    '`maxUnavailable: 1` (or a `minAvailable` below the replica count). Single-replica workloads, DaemonSets, Jobs ' +
    'and CronJobs are not checked; when a HorizontalPodAutoscaler (or KEDA ScaledObject) targets the workload, its ' +
    'minimum replica count is used.',
  example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: builds-api, namespace: builds-api}
spec:
  replicas: 2   # and no PodDisruptionBudget selects app=builds-api
  selector: {matchLabels: {app: builds-api}}
  template:
    metadata: {labels: {app: builds-api}}
    spec:
      containers:
      - name: builds-api
        image: tools-harbor.wmcloud.org/toolforge/builds-api:0.0.130`,
  check(obj, ctx) {
    if (ownedByLoadedController(ctx.index, obj)) return;
    const replicas = effectiveReplicas(obj, ctx.index);
    if (!replicas || replicas.count <= 1 || budgetsFor(obj, ctx.index).length > 0) return;
    const where = ctx.index.knowsAll('PodDisruptionBudget') ? '' : ' in the inputs';
    ctx.report({
      message:
        `${describe(refOf(obj))} ${describeReplicas(replicas)}${replicas.autoscaler ? ',' : ''} and no PodDisruptionBudget${where} selects its pods: ` +
        'a node drain or cluster upgrade may evict them all at once',
      path: !replicas.autoscaler && objectAt(obj.raw, 'spec')?.['replicas'] !== undefined ? ['spec', 'replicas'] : ['metadata', 'name'],
      related: replicas.autoscaler ? [refOf(replicas.autoscaler)] : [],
    });
  },
});
