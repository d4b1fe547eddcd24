import { defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { describe, refOf } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';
import { resourceGapsOf } from '../../model/resources.js';

export default defineRule({
  id: 'missing-memory-limit',
  family: 'RES',
  severity: 'warning',
  incident: '003_157caf4844598117.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  summary: 'A container without a memory limit: one runaway pod can take down its node.',
  rationale:
    'Without a memory limit a container may use all the memory of its node. When it runs away, the kernel and the ' +
    'kubelet fight for what is left, the node goes NotReady, and every pod on it is lost, not only the guilty one. ' +
    'In the EDGI web-monitoring outage of 2018-10-10 one diffing request made the diffing container consume its node; ' +
    'Kubernetes rescheduled it, and it knocked over the next node too. Memory, unlike CPU, cannot be throttled: the ' +
    'limit is what turns a runaway into one OOM-killed container.',
  remediation:
    'Set `resources.limits.memory` on every container, above what it uses at peak (and at least its request). ' +
    'A LimitRange with `default` (or `max`) in the namespace fills it in for containers that leave it out. ' +
    'Init containers are checked too: they run on the same node, with the same risk. CPU limits are not required: ' +
    'CPU is throttled rather than exhausted.',
  example: `apiVersion: apps/v1
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
        image: envirodgi/processing:ce70870
        resources:
          requests: {cpu: 100m, memory: 265Mi}   # no limits`,
  check(obj, ctx) {
    if (ownedByLoadedController(ctx.index, obj)) return;
    for (const { at, role, missing } of resourceGapsOf(obj, ctx.index)) {
      if (!missing.includes('memory-limit')) continue;
      ctx.report({
        message: `${describe(refOf(obj))} ${role} '${at.name}' has no memory limit: one runaway pod can take down its node`,
        path: [...at.path, 'name'],
      });
    }
  },
});
