import { defineRule } from '../../engine/rule.js';
import { podSpecOf, podTemplateLabelsOf } from '../../model/kinds.js';
import { type FieldPath, type JsonObject, type K8sObject, arrayAt, describe, isObject, objectAt, refOf, stringAt } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';
import { REPLICATED_KINDS, describeReplicas, effectiveReplicas } from '../../model/replicas.js';
import { formatSelector, matches, selectorFromLabelSelector, selectorFromMap } from '../../model/selector.js';

/**
 * Whether a pod anti-affinity term or topology spread constraint applies to the workload's own pods:
 * it names a topology key and its label selector matches the pod template's labels (a missing
 * selector matches no pod). An anti-affinity term that lists other namespaces only, without a
 * namespaceSelector, keeps the pods away from someone else's pods, not from each other.
 */
function spreadsOwnPods(term: unknown, obj: K8sObject, labels: JsonObject, antiAffinity: boolean): boolean {
  if (!isObject(term) || !stringAt(term, 'topologyKey')) return false;
  const selectorField = objectAt(term, 'labelSelector');
  const selector = selectorField && selectorFromLabelSelector(selectorField);
  if (!selector || !matches(selector, labels)) return false;
  if (!antiAffinity) return true;
  const namespaces = arrayAt(term, 'namespaces');
  return namespaces.length === 0 || namespaces.includes(obj.namespace) || objectAt(term, 'namespaceSelector') !== undefined;
}

export default defineRule({
  id: 'no-spread',
  family: 'RES',
  severity: 'warning',
  incident: '003_157caf4844598117.txt',
  needs: ['manifests'],
  kinds: REPLICATED_KINDS,
  summary: 'A workload with more than one replica and neither pod anti-affinity nor topology spread constraints.',
  rationale:
    'Replicas protect against losing a node only if they run on different nodes. Nothing obliges the scheduler to ' +
    'put them there: its default spreading is a soft preference that resource fit easily outweighs, and on a small ' +
    'or busy cluster all replicas end up side by side. In the EDGI web-monitoring outage of 2018-10-10 the diffing ' +
    'replicas were all deployed to one node; when it failed they were rescheduled together onto the next one, and ' +
    'took it down as well.',
  remediation:
    'Add `topologySpreadConstraints` (topologyKey `kubernetes.io/hostname`, and `topology.kubernetes.io/zone` where ' +
    'there are zones, `maxSkew: 1`) or a pod anti-affinity on the hostname, with a `labelSelector` that matches the ' +
    "workload's own pod labels. `whenUnsatisfiable: ScheduleAnyway` and `preferred…` anti-affinity are enough to " +
    'count; DaemonSets (one pod per node), Jobs, CronJobs and single-replica workloads are not checked; when a ' +
    'HorizontalPodAutoscaler (or KEDA ScaledObject) targets the workload, its minimum replica count is used.',
  example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: diffing, namespace: web-monitoring}
spec:
  replicas: 4   # nothing keeps the four pods off the same node
  selector: {matchLabels: {app: diffing}}
  template:
    metadata: {labels: {app: diffing}}
    spec:
      containers:
      - name: diffing
        image: envirodgi/processing:ce70870`,
  check(obj, ctx) {
    if (ownedByLoadedController(ctx.index, obj)) return;
    const replicas = effectiveReplicas(obj, ctx.index);
    const pod = podSpecOf(obj);
    const labels = podTemplateLabelsOf(obj);
    if (!replicas || replicas.count <= 1 || !pod || !labels) return;
    const antiAffinity = objectAt(objectAt(pod.spec, 'affinity'), 'podAntiAffinity');
    const antiAffinityTerms = [
      ...arrayAt(antiAffinity, 'requiredDuringSchedulingIgnoredDuringExecution'),
      ...arrayAt(antiAffinity, 'preferredDuringSchedulingIgnoredDuringExecution').map((p) => objectAt(p, 'podAffinityTerm')),
    ];
    const constraints = arrayAt(pod.spec, 'topologySpreadConstraints');
    if (antiAffinityTerms.some((term) => spreadsOwnPods(term, obj, labels, true))) return;
    if (constraints.some((constraint) => spreadsOwnPods(constraint, obj, labels, false))) return;

    const who = `${describe(refOf(obj))} ${describeReplicas(replicas)}`;
    const related = replicas.autoscaler ? [refOf(replicas.autoscaler)] : [];
    if (antiAffinityTerms.length > 0 || constraints.length > 0) {
      const path: FieldPath = constraints.length > 0 ? [...pod.path, 'topologySpreadConstraints'] : [...pod.path, 'affinity', 'podAntiAffinity'];
      ctx.report({
        message:
          `${who}, but no pod anti-affinity term or topology spread constraint selects its own pods (${formatSelector(selectorFromMap(labels)) || 'no labels'}) ` +
          'with a topology key: the scheduler may put them all on one node, and losing that node loses them all',
        path,
        related,
      });
      return;
    }
    ctx.report({
      message: `${who}${replicas.autoscaler ? ',' : ''} with neither pod anti-affinity nor topology spread constraints: the scheduler may put them all on one node, and losing that node loses them all`,
      path: !replicas.autoscaler && objectAt(obj.raw, 'spec')?.['replicas'] !== undefined ? ['spec', 'replicas'] : ['metadata', 'name'],
      related,
    });
  },
});
