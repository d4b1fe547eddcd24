import { type RuleContext, defineRule } from '../../engine/rule.js';
import { budgetSelector } from '../../model/disruption.js';
import { type K8sObject, type ObjectRef, describe, objectAt, refOf } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';
import { describeReplicas, effectiveReplicas } from '../../model/replicas.js';

/** A `minAvailable`/`maxUnavailable` value: a count, or a percentage of the pods the budget selects. */
type Budget = { count: number } | { percent: number };

/** The API server accepts a non-negative integer or a percentage string; anything else is not judged here. */
function budgetOf(value: unknown): Budget | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { count: value };
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return percent ? { percent: Number(percent[1]) } : undefined;
}

interface SelectedPods {
  total: number;
  /** "Deployment shop/api runs 2 replicas", for the message. */
  parts: string[];
  workloads: ObjectRef[];
}

/**
 * How many pods the budget protects when every selected workload runs at its floor (autoscaler minimum).
 * Undefined when some selected pods come in a number the inputs do not tell (a DaemonSet runs one per
 * node; Jobs and operator-managed pods vary).
 */
function selectedPods(pdb: K8sObject, ctx: RuleContext): SelectedPods | undefined {
  const selector = budgetSelector(pdb);
  if (!selector || pdb.namespace === undefined) return undefined;
  const result: SelectedPods = { total: 0, parts: [], workloads: [] };
  for (const { object } of ctx.index.podTemplatesMatching(pdb.namespace, selector)) {
    if (ownedByLoadedController(ctx.index, object)) continue;
    const replicas = object.kind === 'Pod' ? { count: 1 } : effectiveReplicas(object, ctx.index);
    if (!replicas) return undefined;
    result.total += replicas.count;
    result.parts.push(object.kind === 'Pod' ? describe(refOf(object)) : `${describe(refOf(object))} ${describeReplicas(replicas)}`);
    result.workloads.push(refOf(object));
  }
  return result;
}

const CONSEQUENCE = 'it allows no voluntary disruption, so every node drain and cluster upgrade hangs on these pods';

export default defineRule({
  id: 'pdb-blocks-eviction',
  family: 'ROL',
  severity: 'warning',
  incident: '004_9c9fa493a712a226.txt',
  needs: ['manifests'],
  kinds: ['PodDisruptionBudget'],
  summary: 'A PodDisruptionBudget that allows zero disruptions, so node drains hang.',
  rationale:
    'A PodDisruptionBudget is meant to let pods go one at a time. One that allows no disruption at all ' +
    '(`maxUnavailable: 0`, `minAvailable: 100%`, or a `minAvailable` as large as the replica count) refuses every ' +
    'eviction: `kubectl drain` retries forever, managed node upgrades stall or force-delete the pods after a ' +
    'timeout, and the node cannot be restarted cleanly. After the Toolforge builds-api incident of 2024-03-01 the ' +
    'team set out to add PodDisruptionBudgets so that node restarts could not take a service down; a budget that ' +
    'blocks eviction turns that protection into a node that cannot be maintained.',
  remediation:
    'Use `maxUnavailable: 1` (or a percentage above 0%), or a `minAvailable` below the number of pods the budget ' +
    'selects; with a single replica, run a second one or drop the budget. When a HorizontalPodAutoscaler targets ' +
    "the workload, its `minReplicas` is the count to compare with. Percentages are rounded up as the disruption " +
    'controller does: `minAvailable: 90%` of 3 pods is 3.',
  example: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: builds-api, namespace: builds-api}
spec:
  minAvailable: 2   # the Deployment runs 2 replicas: no pod may ever be evicted
  selector: {matchLabels: {app: builds-api}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: builds-api, namespace: builds-api}
spec:
  replicas: 2
  selector: {matchLabels: {app: builds-api}}
  template:
    metadata: {labels: {app: builds-api}}
    spec:
      containers:
      - name: builds-api
        image: tools-harbor.wmcloud.org/toolforge/builds-api:0.0.130`,
  check(obj, ctx) {
    const spec = objectAt(obj.raw, 'spec');
    if (!spec) return;
    const who = describe(refOf(obj));
    if (spec['maxUnavailable'] !== undefined) {
      const max = budgetOf(spec['maxUnavailable']);
      if (max && ('count' in max ? max.count : max.percent) === 0) {
        ctx.report({ message: `${who} sets maxUnavailable: ${String(spec['maxUnavailable'])}: ${CONSEQUENCE}`, path: ['spec', 'maxUnavailable'] });
      }
      return;
    }
    // policy/v1beta1 defaults a budget that sets neither field to minAvailable: 1; policy/v1 leaves it allowing everything.
    const defaulted = spec['minAvailable'] === undefined && obj.apiVersion === 'policy/v1beta1';
    const min = defaulted ? { count: 1 } : budgetOf(spec['minAvailable']);
    if (!min) return;
    const field = defaulted ? 'neither minAvailable nor maxUnavailable, which policy/v1beta1 defaults to minAvailable: 1,' : `minAvailable: ${String(spec['minAvailable'])}`;
    const path = defaulted ? ['spec'] : ['spec', 'minAvailable'];
    if ('percent' in min && min.percent >= 100) {
      ctx.report({ message: `${who} sets ${field}: ${CONSEQUENCE}`, path });
      return;
    }
    const pods = selectedPods(obj, ctx);
    if (!pods || pods.total === 0) return;
    // The disruption controller rounds a percentage of the selected pods up.
    const required = 'count' in min ? min.count : Math.ceil((min.percent * pods.total) / 100);
    if (required < pods.total) return;
    const rounding = 'percent' in min ? ` (${required} of ${pods.total}, rounded up)` : '';
    ctx.report({
      message: `${who} sets ${field}${rounding} and selects ${pods.total} ${pods.total === 1 ? 'pod' : 'pods'} (${pods.parts.join('; ')}): ${CONSEQUENCE}`,
      path,
      related: pods.workloads,
    });
  },
});
