import { defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS } from '../../model/kinds.js';
import { describe, refOf } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';
import { GAP_TEXT, resourceGapsOf } from '../../model/resources.js';

export default defineRule({
  id: 'missing-requests',
  family: 'RES',
  severity: 'warning',
  incident: '003_157caf4844598117.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  summary: 'A container without a CPU or memory request: the scheduler counts it as free.',
  rationale:
    'The scheduler places pods by their requests. A container that requests nothing is counted as using nothing, ' +
    'so any number of its pods fit on one node, and nothing keeps them apart when they start using real memory and ' +
    'CPU. In the EDGI web-monitoring outage of 2018-10-10 the diffing pods had no requests: they piled onto one ' +
    'node and overwhelmed it, were rescheduled onto the next, and took the cluster down node after node.',
  remediation:
    'Set `resources.requests.cpu` and `resources.requests.memory` on every container to what it uses under normal ' +
    'load (`kubectl top pod` shows it). A container with only limits is fine: Kubernetes copies limits to requests. ' +
    'A LimitRange with `defaultRequest` in the namespace fills in what a container leaves out (see ' +
    'namespace-without-limitrange). Classic init containers are not checked: the pod is scheduled for the larger of ' +
    'its biggest init container and the sum of its app containers.',
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
          limits: {memory: 1Gi}   # CPU is neither requested nor limited`,
  check(obj, ctx) {
    if (ownedByLoadedController(ctx.index, obj)) return;
    for (const { at, role, missing } of resourceGapsOf(obj, ctx.index)) {
      const requests = missing.filter((gap) => gap !== 'memory-limit');
      if (requests.length === 0) continue;
      const what = requests.length === 2 ? 'no CPU or memory request' : `no ${GAP_TEXT[requests[0]!]}`;
      const why =
        requests.length === 2
          ? 'the scheduler counts it as free and will pack any number of its pods onto one node'
          : requests[0] === 'memory-request'
            ? 'the scheduler counts its memory as free and will overcommit the node it lands on'
            : 'the scheduler counts its CPU as free, and on a busy node it is starved';
      ctx.report({
        message: `${describe(refOf(obj))} ${role} '${at.name}' has ${what}: ${why}`,
        path: [...at.path, 'name'],
      });
    }
  },
});
