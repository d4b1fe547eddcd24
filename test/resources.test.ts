// The model helpers behind the RES and ROL rules: what a container ends up with after API defaulting
// and LimitRange admission, and how many replicas a workload runs at its floor.

import assert from 'node:assert/strict';
import test from 'node:test';
import { ObjectIndex } from '../src/model/index.js';
import type { K8sObject } from '../src/model/object.js';
import { effectiveReplicas } from '../src/model/replicas.js';
import { isZeroQuantity, limitRangeDefaults, resourceGapsOf } from '../src/model/resources.js';
import { loadManifests } from '../src/sources/manifests.js';

function load(yaml: string): { index: ObjectIndex; get: (kind: string, name: string) => K8sObject } {
  const { objects } = loadManifests(['-'], { defaultNamespace: 'default', ignore: [], root: process.cwd(), stdin: () => Buffer.from(yaml) });
  const index = new ObjectIndex(objects);
  return { index, get: (kind, name) => objects.find((o) => o.kind === kind && o.name === name)! };
}

function pod(name: string, containers: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ns}
spec:
${extra}  containers:
${containers}
---
`;
}

test('zero quantities', () => {
  for (const zero of [0, '0', '0Mi', '0.0', '0m', '.0', '0e3', null, {}]) assert.equal(isZeroQuantity(zero), true, String(zero));
  for (const set of [1, '100m', '1Gi', '0.5', '1e3', '{{ .Values.memory }}']) assert.equal(isZeroQuantity(set), false, String(set));
});

test('requests are copied from limits; an explicit zero is kept', () => {
  const { index, get } = load(
    pod('only-limits', '  - {name: a, image: x, resources: {limits: {cpu: "1", memory: 1Gi}}}') +
      pod('zero', '  - {name: a, image: x, resources: {requests: {cpu: "0", memory: 1Gi}, limits: {cpu: "1", memory: 1Gi}}}') +
      pod('nothing', '  - {name: a, image: x}'),
  );
  assert.deepEqual(resourceGapsOf(get('Pod', 'only-limits'), index), []);
  assert.deepEqual(resourceGapsOf(get('Pod', 'zero'), index).map((g) => g.missing), [['cpu-request']]);
  assert.deepEqual(resourceGapsOf(get('Pod', 'nothing'), index).map((g) => g.missing), [['cpu-request', 'memory-request', 'memory-limit']]);
});

test('LimitRange defaults follow the API server: default <- max, defaultRequest <- default <- max <- min', () => {
  const limitRange = (name: string, item: string) => `apiVersion: v1
kind: LimitRange
metadata: {name: ${name}, namespace: ns}
spec:
  limits:
  - {type: Pod, max: {memory: 8Gi}}
  - ${item}
---
`;
  const cases: Array<[item: string, expected: string[]]> = [
    ['{type: Container, default: {memory: 512Mi}}', ['memory-request', 'memory-limit']],
    ['{type: Container, defaultRequest: {cpu: 100m, memory: 128Mi}}', ['cpu-request', 'memory-request']],
    ['{type: Container, max: {cpu: "2", memory: 2Gi}}', ['cpu-request', 'memory-request', 'memory-limit']],
    ['{type: Container, min: {cpu: 10m, memory: 16Mi}}', ['cpu-request', 'memory-request']],
    ['{type: PersistentVolumeClaim, max: {storage: 10Gi}}', []],
    ['{type: Container, default: {memory: "0"}}', []],
  ];
  for (const [item, expected] of cases) {
    const { index } = load(limitRange('lr', item));
    assert.deepEqual(Object.keys(limitRangeDefaults(index, 'ns')).sort(), [...expected].sort(), item);
    assert.deepEqual(limitRangeDefaults(index, 'other'), {});
  }
});

test('several LimitRanges add up, and the first one that defaults a value is named', () => {
  const { index } = load(`apiVersion: v1
kind: LimitRange
metadata: {name: requests, namespace: ns}
spec: {limits: [{type: Container, defaultRequest: {cpu: 100m}}]}
---
apiVersion: v1
kind: LimitRange
metadata: {name: memory, namespace: ns}
spec: {limits: [{type: Container, default: {memory: 1Gi}, defaultRequest: {cpu: 50m}}]}
`);
  const defaults = limitRangeDefaults(index, 'ns');
  assert.equal(defaults['cpu-request']?.name, 'requests');
  assert.equal(defaults['memory-request']?.name, 'memory');
  assert.equal(defaults['memory-limit']?.name, 'memory');
});

test('container roles: init containers need only a memory limit, sidecars everything, ephemeral nothing', () => {
  const { index, get } = load(`apiVersion: v1
kind: Pod
metadata: {name: p, namespace: ns}
spec:
  initContainers:
  - {name: init, image: x}
  - {name: sidecar, image: x, restartPolicy: Always}
  containers:
  - {name: app, image: x, resources: {limits: {memory: 1Gi, cpu: "1"}}}
  ephemeralContainers:
  - {name: debug, image: x}
`);
  assert.deepEqual(
    resourceGapsOf(get('Pod', 'p'), index).map((g) => [g.role, g.at.name, g.missing]),
    [
      ['init container', 'init', ['memory-limit']],
      ['sidecar container', 'sidecar', ['cpu-request', 'memory-request', 'memory-limit']],
    ],
  );
});

test('pod-level resources cover every container', () => {
  const { index, get } = load(
    pod('limits', '  - {name: a, image: x}\n  - {name: b, image: x}', '  resources: {limits: {cpu: "1", memory: 1Gi}}\n') +
      pod('requests', '  - {name: a, image: x}', '  resources: {requests: {cpu: "1", memory: 1Gi}}\n'),
  );
  assert.deepEqual(resourceGapsOf(get('Pod', 'limits'), index), []);
  assert.deepEqual(resourceGapsOf(get('Pod', 'requests'), index).map((g) => g.missing), [['memory-limit']]);
});

test('effective replicas: spec.replicas (default 1), or the floor of an autoscaler that targets the workload', () => {
  const deployment = (name: string, replicas = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ns}
spec:
${replicas}  selector: {matchLabels: {app: ${name}}}
  template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: a, image: x}]}}
---
`;
  const { index, get } = load(
    deployment('plain', '  replicas: 4\n') +
      deployment('default') +
      deployment('hpa', '  replicas: 1\n') +
      deployment('hpa-default-min', '  replicas: 5\n') +
      deployment('keda', '  replicas: 3\n') +
      `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: hpa, namespace: ns}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: hpa}, minReplicas: 3, maxReplicas: 9}
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: other-kind, namespace: ns}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: plain}, minReplicas: 7, maxReplicas: 9}
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: hpa-default-min, namespace: ns}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: hpa-default-min}, maxReplicas: 9}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: keda, namespace: ns}
spec: {scaleTargetRef: {name: keda}, maxReplicaCount: 9}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: ns}
spec:
  selector: {matchLabels: {app: ds}}
  template: {metadata: {labels: {app: ds}}, spec: {containers: [{name: a, image: x}]}}
`,
  );
  const count = (kind: string, name: string) => {
    const replicas = effectiveReplicas(get(kind, name), index);
    return replicas && [replicas.count, replicas.autoscaler?.name];
  };
  assert.deepEqual(count('Deployment', 'plain'), [4, undefined]);
  assert.deepEqual(count('Deployment', 'default'), [1, undefined]);
  assert.deepEqual(count('Deployment', 'hpa'), [3, 'hpa']);
  assert.deepEqual(count('Deployment', 'hpa-default-min'), [1, 'hpa-default-min']);
  assert.deepEqual(count('Deployment', 'keda'), [0, 'keda']);
  assert.equal(count('DaemonSet', 'ds'), undefined);
});
