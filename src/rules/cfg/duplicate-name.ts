import { type Report, defineRule } from '../../engine/rule.js';
import { POD_BEARING_KINDS, containersOf, podSpecOf } from '../../model/kinds.js';
import { type FieldPath, type K8sObject, arrayAt, describe, isObject, objectAt, refOf } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';

/** Reports every entry of `list` whose identity (from `identify`) was already seen. */
function reportRepeats(
  list: unknown[],
  listPath: FieldPath,
  identify: (entry: Record<string, unknown>) => string | undefined,
  describeRepeat: (identity: string, firstIndex: number, index: number) => string,
  report: (r: Report) => void,
): void {
  const firstIndex = new Map<string, number>();
  list.forEach((entry, index) => {
    if (!isObject(entry)) return;
    const identity = identify(entry);
    if (identity === undefined) return;
    const first = firstIndex.get(identity);
    if (first === undefined) firstIndex.set(identity, index);
    else report({ message: describeRepeat(identity, first, index), path: [...listPath, index] });
  });
}

const named = (entry: Record<string, unknown>) => (typeof entry['name'] === 'string' ? entry['name'] : undefined);
const portKey = (field: string) => (entry: Record<string, unknown>) =>
  typeof entry[field] === 'number' || typeof entry[field] === 'string'
    ? `${String(entry[field])}/${typeof entry['protocol'] === 'string' ? entry['protocol'] : 'TCP'}`
    : undefined;

function checkPodSpec(obj: K8sObject, report: (r: Report) => void): void {
  const pod = podSpecOf(obj);
  if (!pod) return;
  const who = describe(refOf(obj));
  const containers = containersOf(pod);
  // Container names must be unique across init, regular and ephemeral containers together.
  const seen = new Map<string, number>();
  containers.forEach((c, i) => {
    const name = named(c.container);
    if (name === undefined) return;
    if (seen.has(name)) report({ message: `${who}: two containers are named '${name}'; the API server rejects the pod`, path: [...c.path, 'name'] });
    else seen.set(name, i);
  });
  reportRepeats(
    arrayAt(pod.spec, 'volumes'),
    [...pod.path, 'volumes'],
    named,
    (name) => `${who}: two volumes are named '${name}'; the API server rejects the pod`,
    report,
  );
  for (const { container, path, name: containerName } of containers) {
    reportRepeats(
      arrayAt(container, 'env'),
      [...path, 'env'],
      named,
      (name, first, index) =>
        `${who}: container '${containerName}' sets env ${name} twice (entries ${first + 1} and ${index + 1}); Kubernetes silently keeps the last one`,
      report,
    );
    reportRepeats(
      arrayAt(container, 'volumeMounts'),
      [...path, 'volumeMounts'],
      (mount) => (typeof mount['mountPath'] === 'string' ? mount['mountPath'] : undefined),
      (mountPath) => `${who}: container '${containerName}' mounts two volumes at ${mountPath}; the API server rejects the pod`,
      report,
    );
    reportRepeats(
      arrayAt(container, 'ports'),
      [...path, 'ports'],
      named,
      (name) => `${who}: container '${containerName}' has two ports named '${name}'`,
      report,
    );
    reportRepeats(
      arrayAt(container, 'ports'),
      [...path, 'ports'],
      portKey('containerPort'),
      (port) => `${who}: container '${containerName}' declares port ${port} twice; the later entry is dropped`,
      report,
    );
  }
}

function checkService(obj: K8sObject, report: (r: Report) => void): void {
  const ports = arrayAt(objectAt(obj.raw, 'spec'), 'ports');
  const who = describe(refOf(obj));
  reportRepeats(ports, ['spec', 'ports'], named, (name) => `${who}: two ports are named '${name}'; the API server rejects the Service`, report);
  reportRepeats(ports, ['spec', 'ports'], portKey('port'), (port) => `${who}: port ${port} is declared twice; the API server rejects the Service`, report);
}

export default defineRule({
  id: 'duplicate-name',
  family: 'CFG',
  severity: 'error',
  incident: '001_0b63582c15cd42ee.txt',
  needs: ['manifests'],
  kinds: [...POD_BEARING_KINDS, 'Service'],
  summary: 'Two entries with the same name in a list keyed by name: containers, env vars, volumes, volume mount paths, ports.',
  rationale:
    'Some duplicates are refused by the API server only at apply time, after CI passed; others, like a repeated env ' +
    'var, are accepted and one value silently wins. Either way what runs is not what the author read, the kind of ' +
    'gap between reviewed and loaded config behind the Prow outage of 2019-01-23.',
  remediation: 'Remove or rename one of the two entries so that each name (or mount path, or port) appears once.',
  example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: hook, namespace: prow}
spec:
  selector: {matchLabels: {app: hook}}
  template:
    metadata: {labels: {app: hook}}
    spec:
      containers:
      - name: hook
        image: gcr.io/k8s-prow/hook:v20190122-e707848
        env:
        - {name: LOG_LEVEL, value: info}
        - {name: LOG_LEVEL, value: debug}   # the same variable again`,
  check(obj, ctx) {
    if (obj.kind === 'Service') checkService(obj, ctx.report);
    else if (!ownedByLoadedController(ctx.index, obj)) checkPodSpec(obj, ctx.report);
  },
});
