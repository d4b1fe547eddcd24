// Objects of one kind in one namespace (LimitRanges, autoscalers, disruption budgets), grouped once
// per index on first use, so that a rule asking for every object it checks stays one map access.
// May not: read files or report findings.

import type { ObjectIndex } from './index.js';
import type { K8sObject } from './object.js';

const groups = new WeakMap<ObjectIndex, Map<string, Map<string, K8sObject[]>>>();

/** Objects of `kind` in `namespace`, in input order. */
export function objectsOfKind(index: ObjectIndex, kind: string, namespace: string): readonly K8sObject[] {
  let byKind = groups.get(index);
  if (!byKind) groups.set(index, (byKind = new Map()));
  let byNamespace = byKind.get(kind);
  if (!byNamespace) {
    byKind.set(kind, (byNamespace = new Map()));
    for (const obj of index.objects) {
      if (obj.kind !== kind || obj.namespace === undefined) continue;
      const list = byNamespace.get(obj.namespace);
      if (list) list.push(obj);
      else byNamespace.set(obj.namespace, [obj]);
    }
  }
  return byNamespace.get(namespace) ?? [];
}
