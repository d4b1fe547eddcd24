// Kind groups and the accessors that hide the differences between workload kinds.
// May not: read files or report findings.

import { type FieldPath, type JsonObject, type K8sObject, arrayAt, isObject, objectAt } from './object.js';

/** Every kind whose objects are, or create, pods. */
export const POD_BEARING_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

const POD_BEARING = new Set<string>(POD_BEARING_KINDS);

export function isPodBearing(kind: string): boolean {
  return POD_BEARING.has(kind);
}

/** Built-in and common add-on kinds that have no namespace. Custom kinds get their scope from a CRD in the inputs. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'CustomResourceDefinition',
  'APIService',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'PodSecurityPolicy',
  'CertificateSigningRequest',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'ComponentStatus',
  'ClusterIssuer',
  'VolumeSnapshotClass',
  'VolumeSnapshotContent',
  'GatewayClass',
]);

/** Namespaced built-in kinds: these get the default namespace when they have none. */
const NAMESPACED = new Set([
  ...POD_BEARING_KINDS,
  'Service',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'Role',
  'RoleBinding',
  'Endpoints',
  'EndpointSlice',
  'Event',
  'LimitRange',
  'ResourceQuota',
  'ControllerRevision',
  'Lease',
  'PodTemplate',
]);

export type Scope = 'namespaced' | 'cluster' | 'unknown';

export function builtinScope(kind: string): Scope {
  if (CLUSTER_SCOPED.has(kind)) return 'cluster';
  if (NAMESPACED.has(kind)) return 'namespaced';
  return 'unknown';
}

/** The pod spec of a pod-bearing object, with its path inside the object. */
export interface PodSpecAt {
  spec: JsonObject;
  path: FieldPath;
  /** Labels the pods will carry. */
  labels: JsonObject;
}

export function podSpecOf(obj: K8sObject): PodSpecAt | undefined {
  const raw = obj.raw;
  switch (obj.kind) {
    case 'Pod': {
      const spec = objectAt(raw, 'spec');
      return spec && { spec, path: ['spec'], labels: objectAt(raw['metadata'], 'labels') ?? {} };
    }
    case 'CronJob': {
      const template = objectAt(objectAt(objectAt(objectAt(raw, 'spec'), 'jobTemplate'), 'spec'), 'template');
      const spec = objectAt(template, 'spec');
      return (
        spec && {
          spec,
          path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
          labels: objectAt(objectAt(template, 'metadata'), 'labels') ?? {},
        }
      );
    }
    default: {
      if (!isPodBearing(obj.kind)) return undefined;
      const template = objectAt(objectAt(raw, 'spec'), 'template');
      const spec = objectAt(template, 'spec');
      return (
        spec && {
          spec,
          path: ['spec', 'template', 'spec'],
          labels: objectAt(objectAt(template, 'metadata'), 'labels') ?? {},
        }
      );
    }
  }
}

/**
 * Labels the pods of a pod-bearing object will carry, read from the template's metadata even when
 * the pod spec beside it is missing or malformed (selectors match labels, not specs). Undefined
 * when there is no template at all, or the kind bears no pods.
 */
export function podTemplateLabelsOf(obj: K8sObject): JsonObject | undefined {
  const raw = obj.raw;
  if (obj.kind === 'Pod') return objectAt(raw['metadata'], 'labels') ?? {};
  if (!isPodBearing(obj.kind)) return undefined;
  const spec = objectAt(raw, 'spec');
  const template = obj.kind === 'CronJob' ? objectAt(objectAt(objectAt(spec, 'jobTemplate'), 'spec'), 'template') : objectAt(spec, 'template');
  return template && (objectAt(objectAt(template, 'metadata'), 'labels') ?? {});
}

export interface ContainerAt {
  container: JsonObject;
  path: FieldPath;
  name: string;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Every container of a pod spec (init, regular, ephemeral), skipping entries of the wrong type. */
export function containersOf(pod: PodSpecAt): ContainerAt[] {
  const result: ContainerAt[] = [];
  for (const list of CONTAINER_LISTS) {
    arrayAt(pod.spec, list).forEach((container, index) => {
      if (!isObject(container)) return;
      const name = typeof container['name'] === 'string' ? container['name'] : `#${index}`;
      result.push({ container, path: [...pod.path, list, index], name });
    });
  }
  return result;
}

/** Replica count as declared; undefined when the kind has no replicas field (DaemonSet, Pod, Job…). */
export function replicasOf(obj: K8sObject): number | undefined {
  if (!['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(obj.kind)) return undefined;
  const replicas = objectAt(obj.raw, 'spec')?.['replicas'];
  return typeof replicas === 'number' ? replicas : 1;
}
