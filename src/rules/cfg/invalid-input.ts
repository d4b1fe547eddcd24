import { defineRule } from '../../engine/rule.js';
import { type FieldPath, describe, isObject, refOf } from '../../model/object.js';

/** A type Kubernetes expects at a path; `*` stands for every item of a list. */
type Expected = 'object' | 'list' | 'string map';
type Shape = readonly [path: string, expected: Expected];

const COMMON: readonly Shape[] = [
  ['metadata', 'object'],
  ['metadata.labels', 'string map'],
  ['metadata.annotations', 'string map'],
  ['metadata.ownerReferences', 'list'],
];

const POD_SPEC: readonly Shape[] = [
  ['', 'object'],
  ['containers', 'list'],
  ['containers.*', 'object'],
  ['initContainers', 'list'],
  ['initContainers.*', 'object'],
  ['volumes', 'list'],
  ['volumes.*', 'object'],
  ['imagePullSecrets', 'list'],
  ['nodeSelector', 'string map'],
  ['tolerations', 'list'],
  ...['containers', 'initContainers'].flatMap((list): Shape[] => [
    [`${list}.*.env`, 'list'],
    [`${list}.*.env.*`, 'object'],
    [`${list}.*.envFrom`, 'list'],
    [`${list}.*.ports`, 'list'],
    [`${list}.*.volumeMounts`, 'list'],
    [`${list}.*.resources`, 'object'],
  ]),
];

const TEMPLATE = 'spec.template';
const POD_SPEC_AT: Record<string, string> = {
  Pod: 'spec',
  Deployment: `${TEMPLATE}.spec`,
  StatefulSet: `${TEMPLATE}.spec`,
  DaemonSet: `${TEMPLATE}.spec`,
  ReplicaSet: `${TEMPLATE}.spec`,
  ReplicationController: `${TEMPLATE}.spec`,
  Job: `${TEMPLATE}.spec`,
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

const BY_KIND: Record<string, readonly Shape[]> = {
  ConfigMap: [['data', 'string map'], ['binaryData', 'string map']],
  Secret: [['data', 'string map'], ['stringData', 'string map']],
  Service: [['spec.selector', 'string map'], ['spec.ports', 'list'], ['spec.ports.*', 'object']],
  Ingress: [['spec.rules', 'list'], ['spec.rules.*', 'object'], ['spec.rules.*.http.paths', 'list'], ['spec.tls', 'list']],
  HorizontalPodAutoscaler: [['spec.scaleTargetRef', 'object']],
  PodDisruptionBudget: [['spec.selector', 'object']],
};

function shapesOf(kind: string): Shape[] {
  const shapes: Shape[] = [...COMMON, ['spec', 'object'], ...(BY_KIND[kind] ?? [])];
  const podSpec = POD_SPEC_AT[kind];
  if (podSpec) {
    const parts = podSpec.split('.');
    for (let i = 2; i < parts.length; i++) shapes.push([parts.slice(0, i).join('.'), 'object']);
    for (const [path, expected] of POD_SPEC) shapes.push([path ? `${podSpec}.${path}` : podSpec, expected]);
  }
  return shapes;
}

/** Per kind, its shapes with the paths split once (this rule looks at every object). */
const SHAPES_BY_KIND = new Map<string, Array<[segments: readonly string[], expected: Expected]>>();

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return typeof value === 'number' ? `a number (${value})` : typeof value === 'boolean' ? `a boolean (${value})` : `a ${typeof value}`;
}

function conforms(value: unknown, expected: Expected): boolean {
  switch (expected) {
    case 'object':
      return isObject(value);
    case 'list':
      return Array.isArray(value);
    case 'string map':
      return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
  }
}

/**
 * Calls `visit` with every value at `pattern` in `root` (expanding `*`) and its path, in document
 * order; absent values are skipped. `path` is reused: copy it to keep it.
 */
function valuesAt(root: unknown, pattern: readonly string[], visit: (value: unknown, path: FieldPath) => void, depth = 0, path: Array<string | number> = []): void {
  if (depth === pattern.length) {
    visit(root, path);
    return;
  }
  const head = pattern[depth]!;
  if (head === '*') {
    if (!Array.isArray(root)) return;
    for (let i = 0; i < root.length; i++) {
      path.push(i);
      valuesAt(root[i], pattern, visit, depth + 1, path);
      path.pop();
    }
  } else if (isObject(root) && root[head] !== undefined && root[head] !== null) {
    path.push(head);
    valuesAt(root[head], pattern, visit, depth + 1, path);
    path.pop();
  }
}

export default defineRule({
  id: 'invalid-input',
  family: 'CFG',
  severity: 'error',
  incident: '001_0b63582c15cd42ee.txt',
  needs: ['manifests'],
  kinds: '*',
  summary: 'A file or document that cannot be parsed, or a field of the wrong type where Kubernetes expects an object, a list or a map of strings, with file:line:column.',
  rationale:
    'Configuration that does not load is an outage waiting for the next deploy: in the Prow outage of 2019-01-23 a ' +
    'config the deployed hook could not load put it into CrashLoopBackOff for hours. A file hindsight cannot read is ' +
    'also a file none of the other rules checked, so it must fail CI visibly rather than pass silently.',
  remediation:
    'Fix the syntax or the type at the reported position (`kubectl apply --dry-run=server -f FILE` shows what the API ' +
    'server makes of it). Unrendered Helm templates are not manifests: render them with `helm template` and pipe the ' +
    'output to `hindsight scan -`.',
  example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: "web"   # a string where Kubernetes expects a list of containers`,
  check(obj, ctx) {
    let shapes = SHAPES_BY_KIND.get(obj.kind);
    if (!shapes) SHAPES_BY_KIND.set(obj.kind, (shapes = shapesOf(obj.kind).map(([pattern, expected]) => [pattern.split('.'), expected])));
    const reported = new Set<string>();
    for (const [pattern, expected] of shapes) {
      valuesAt(obj.raw, pattern, (value, path) => {
        if (conforms(value, expected)) return;
        const field = path.join('.');
        // Report the outermost wrong field once, not again for everything below it.
        if ([...reported].some((r) => field.startsWith(`${r}.`))) return;
        reported.add(field);
        ctx.report({
          message: `${describe(refOf(obj))}: ${field} is ${typeName(value)}, where Kubernetes expects ${expected === 'object' ? 'an object' : expected === 'list' ? 'a list' : 'a map of strings'}`,
          path: [...path],
        });
      });
    }
  },
});
