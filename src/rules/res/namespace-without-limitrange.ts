import { defineRule } from '../../engine/rule.js';
import { objectsOfKind } from '../../model/by-kind.js';
import type { ObjectIndex } from '../../model/index.js';
import { POD_BEARING_KINDS, isPodBearing } from '../../model/kinds.js';
import { type FieldPath, type K8sObject, describe, refOf } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';
import { GAP_TEXT, type ResourceGap, resourceGapsOf } from '../../model/resources.js';

interface NamespaceGaps {
  /** Workloads with a container that ends up without a request or memory limit, in input order. */
  workloads: K8sObject[];
  missing: Set<ResourceGap>;
}

/** Worked out once per scan for every namespace: the rule is asked about each workload in turn. */
const cache = new WeakMap<ObjectIndex, Map<string, NamespaceGaps>>();

function gapsByNamespace(index: ObjectIndex): Map<string, NamespaceGaps> {
  let byNamespace = cache.get(index);
  if (byNamespace) return byNamespace;
  cache.set(index, (byNamespace = new Map()));
  for (const obj of index.objects) {
    if (obj.namespace === undefined || !isPodBearing(obj.kind) || ownedByLoadedController(index, obj)) continue;
    const gaps = resourceGapsOf(obj, index);
    if (gaps.length === 0) continue;
    let entry = byNamespace.get(obj.namespace);
    if (!entry) byNamespace.set(obj.namespace, (entry = { workloads: [], missing: new Set() }));
    entry.workloads.push(obj);
    for (const gap of gaps) for (const missing of gap.missing) entry.missing.add(missing);
  }
  return byNamespace;
}

function consequence(missing: ResourceGap[]): string {
  const requests = missing.some((gap) => gap !== 'memory-limit');
  const limits = missing.includes('memory-limit');
  return [requests && 'the scheduler counts what they do not request as free', limits && 'nothing bounds the memory of a runaway'].filter(Boolean).join(', and ');
}

const ORDER: ResourceGap[] = ['cpu-request', 'memory-request', 'memory-limit'];

function listOf(items: string[], conjunction = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export default defineRule({
  id: 'namespace-without-limitrange',
  family: 'RES',
  severity: 'warning',
  incident: '003_157caf4844598117.txt',
  needs: ['manifests'],
  kinds: ['Namespace', ...POD_BEARING_KINDS],
  summary: 'A namespace with workloads lacking requests or memory limits, and no LimitRange to default them.',
  rationale:
    'A LimitRange is the namespace-wide safety net: it gives every container that leaves them out a default request ' +
    '(so the scheduler knows what it needs) and a default memory limit (so a runaway is killed, not its node). ' +
    'Without one, each workload is only as safe as its author remembered to make it. The EDGI web-monitoring ' +
    'cluster of 2018-10-10 had no LimitRange and no requests or limits anywhere: one misbehaving diffing service ' +
    'took every node, and every other service with them. The finding is reported once per namespace, on the ' +
    'Namespace when it is in the inputs, otherwise on the first workload concerned.',
  remediation:
    'Add a LimitRange with a `type: Container` item whose `defaultRequest` sets cpu and memory and whose `default` ' +
    'sets memory (a `max` also acts as the default limit), sized for a small container, and still give the ' +
    'workloads that need more their own requests and limits. A LimitRange that defaults every value the workloads ' +
    'leave out also silences missing-requests and missing-memory-limit for them, since it fills them in at admission.',
  example: `apiVersion: v1
kind: Namespace
metadata: {name: web-monitoring}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: diffing, namespace: web-monitoring}
spec:
  replicas: 4
  selector: {matchLabels: {app: diffing}}
  template:
    metadata: {labels: {app: diffing}}
    spec:
      containers:
      - name: diffing
        image: envirodgi/processing:ce70870   # no resources, and no LimitRange in web-monitoring`,
  check(obj, ctx) {
    const namespace = obj.kind === 'Namespace' ? obj.name : obj.namespace;
    if (namespace === undefined) return;
    const gaps = gapsByNamespace(ctx.index).get(namespace);
    if (!gaps) return;
    let path: FieldPath = ['metadata', 'name'];
    if (obj.kind !== 'Namespace') {
      // Once per namespace: on the Namespace when the inputs have it, otherwise on its first workload concerned.
      if (ctx.index.get('Namespace', undefined, namespace) || gaps.workloads[0] !== obj) return;
      if (!obj.namespaceDefaulted) path = ['metadata', 'namespace'];
    }
    const missing = ORDER.filter((gap) => gaps.missing.has(gap));
    const what = listOf(missing.map((gap) => `${GAP_TEXT[gap]}s`), 'or');
    const count = gaps.workloads.length;
    const shown = gaps.workloads.slice(0, 3).map((w) => describe(refOf(w)));
    const names = count > 3 ? `${shown.join(', ')} and ${count - 3} more` : listOf(shown);
    const workloads = `${count} ${count === 1 ? 'workload leaves' : 'workloads leave'} ${what} unset (${names})`;
    const limitRanges = objectsOfKind(ctx.index, 'LimitRange', namespace);
    const where = ctx.index.knowsAll('LimitRange') ? '' : ' in the inputs';
    const message =
      limitRanges.length === 0
        ? `Namespace ${namespace} has no LimitRange${where} to default requests and limits, and ${workloads}: ${consequence(missing)}`
        : `Namespace ${namespace}: ${listOf(limitRanges.map((lr) => `LimitRange ${lr.name}`))} ${limitRanges.length === 1 ? 'does' : 'do'} not default ${what}, ` +
          `and ${workloads}: ${consequence(missing)}`;
    ctx.report({ message, path, related: gaps.workloads.map(refOf) });
  },
});
