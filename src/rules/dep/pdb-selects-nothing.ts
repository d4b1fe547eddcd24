import { defineRule } from '../../engine/rule.js';
import { describe, objectAt, refOf } from '../../model/object.js';
import { formatSelector, selectorFromLabelSelector } from '../../model/selector.js';

export default defineRule({
  id: 'pdb-selects-nothing',
  family: 'DEP',
  severity: 'warning',
  incident: '002_0fddb103a2359b4c.txt',
  needs: ['manifests'],
  kinds: ['PodDisruptionBudget'],
  reads: ['Pod'],
  summary: 'A PodDisruptionBudget whose selector matches no pod template or pod in its namespace.',
  rationale:
    'A PodDisruptionBudget that selects nothing protects nothing: node drains and upgrades evict the pods it was ' +
    'written for all at once. The protection exists only on paper, a dependency nobody can see is broken, as in ' +
    'the Toolforge outage of 2018-12-04.',
  remediation: "Make `spec.selector` match the labels of the workload's pod template, in the workload's namespace.",
  example: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: api-server}   # the pods are labelled app: api`,
  check(obj, ctx) {
    if (obj.namespace === undefined) return;
    const selectorField = objectAt(objectAt(obj.raw, 'spec'), 'selector');
    if (!selectorField) return;
    const selector = selectorFromLabelSelector(selectorField);
    if (!selector) return;
    const empty = selector.requirements.length === 0;
    // policy/v1 reads an empty selector as "every pod in the namespace"; policy/v1beta1 as "no pod".
    if (empty && obj.apiVersion === 'policy/v1beta1') {
      ctx.report({
        message: `${describe(refOf(obj))} has an empty selector, which policy/v1beta1 reads as selecting no pods`,
        path: ['spec', 'selector'],
      });
      return;
    }
    if (ctx.index.podTemplatesMatching(obj.namespace, selector).length > 0) return;
    const where = ctx.index.knowsAll('Pod') ? `in namespace ${obj.namespace}` : `in the inputs (namespace ${obj.namespace})`;
    ctx.report({
      message: `${describe(refOf(obj))} selects ${empty ? 'every pod' : formatSelector(selector)}, which matches no pod or pod template ${where}: it protects nothing`,
      path: ['spec', 'selector'],
    });
  },
});
