// PodDisruptionBudgets: which pods one selects, and which budgets select a workload's pods.
// May not: read files or report findings.

import type { ObjectIndex } from './index.js';
import { type K8sObject, objectAt } from './object.js';
import { type Selector, selectorFromLabelSelector } from './selector.js';

/**
 * The selector of a PodDisruptionBudget, or undefined when it selects no pod: no selector at all,
 * an empty one in policy/v1beta1 (policy/v1 reads `{}` as every pod of the namespace), or one that
 * cannot be read.
 */
export function budgetSelector(pdb: K8sObject): Selector | undefined {
  const field = objectAt(objectAt(pdb.raw, 'spec'), 'selector');
  const selector = field && selectorFromLabelSelector(field);
  if (!selector) return undefined;
  if (selector.requirements.length === 0 && pdb.apiVersion === 'policy/v1beta1') return undefined;
  return selector;
}

/** Per index, the budgets that select each pod-bearing object: worked out once, from the budgets' side. */
const budgetsByObject = new WeakMap<ObjectIndex, Map<K8sObject, K8sObject[]>>();

/** The PodDisruptionBudgets in the inputs that select (some of) the pods of a pod-bearing object. */
export function budgetsFor(obj: K8sObject, index: ObjectIndex): readonly K8sObject[] {
  let byObject = budgetsByObject.get(index);
  if (!byObject) {
    budgetsByObject.set(index, (byObject = new Map()));
    for (const pdb of index.objects) {
      if (pdb.kind !== 'PodDisruptionBudget' || pdb.namespace === undefined) continue;
      const selector = budgetSelector(pdb);
      if (!selector) continue;
      for (const { object } of index.podTemplatesMatching(pdb.namespace, selector)) {
        const budgets = byObject.get(object);
        if (budgets) budgets.push(pdb);
        else byObject.set(object, [pdb]);
      }
    }
  }
  return byObject.get(obj) ?? [];
}
