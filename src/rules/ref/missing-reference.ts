// The check shared by missing-secret, missing-configmap, missing-service-account and missing-pvc.

import type { RuleContext } from '../../engine/rule.js';
import { type K8sObject, describe, refOf } from '../../model/object.js';
import { type ReferencedKind, ownedByLoadedController, podReferencesOf, resolve } from '../../model/references.js';

export function checkMissing(kind: ReferencedKind, obj: K8sObject, ctx: RuleContext): void {
  if (ownedByLoadedController(ctx.index, obj)) return;
  const seen = new Set<string>();
  for (const ref of podReferencesOf(obj)) {
    if (ref.kind !== kind || ref.optional || seen.has(ref.name)) continue;
    seen.add(ref.name);
    if (resolve(ctx.index, obj, ref).status !== 'missing') continue;
    const where = ctx.index.knowsAll(kind)
      ? `which does not exist in namespace ${obj.namespace}`
      : `which is not found in the inputs (namespace ${obj.namespace})`;
    ctx.report({
      message: `${describe(refOf(obj))} ${ref.usage}, ${where}`,
      path: ref.path,
      related: [{ kind, namespace: obj.namespace!, name: ref.name }],
      onlyInputs: !ctx.index.knowsAll(kind),
    });
  }
}
