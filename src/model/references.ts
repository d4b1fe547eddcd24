// Typed references from pod specs to the objects pods need to start, and their resolution
// against the index. Shared by every REF rule (and later by `impact`).
// May not: read files or report findings.

import type { ObjectIndex } from './index.js';
import { containersOf, podSpecOf } from './kinds.js';
import { type FieldPath, type JsonObject, type K8sObject, arrayAt, isObject, objectAt, stringAt } from './object.js';

export type ReferencedKind = 'Secret' | 'ConfigMap' | 'ServiceAccount' | 'PersistentVolumeClaim';

export interface PodReference {
  kind: ReferencedKind;
  name: string;
  /** A key inside the Secret/ConfigMap that must exist. */
  key?: string;
  optional: boolean;
  /** Path of the field naming the target. */
  path: FieldPath;
  /** Path of the field naming the key, when there is one. */
  keyPath?: FieldPath;
  /** How the pod uses it, for messages: "mounts Secret 'x' as volume 'v'". */
  usage: string;
}

/** Volume types whose secret is named by `secretRef.name` (or `secretName`). */
const VOLUME_SECRET_REFS: ReadonlyArray<[volumeType: string, field: string, nested: boolean]> = [
  ['csi', 'nodePublishSecretRef', true],
  ['cephfs', 'secretRef', true],
  ['rbd', 'secretRef', true],
  ['iscsi', 'secretRef', true],
  ['flexVolume', 'secretRef', true],
  ['scaleIO', 'secretRef', true],
  ['storageos', 'secretRef', true],
  ['azureFile', 'secretName', false],
];

function optionalFlag(value: unknown): boolean {
  return isObject(value) && value['optional'] === true;
}

const referencesOf = new WeakMap<K8sObject, readonly PodReference[]>();

/**
 * Every Secret, ConfigMap, ServiceAccount and PVC a pod-bearing object's pods reference. Worked out
 * once per object: every REF rule asks for them.
 */
export function podReferencesOf(obj: K8sObject): readonly PodReference[] {
  let refs = referencesOf.get(obj);
  if (!refs) referencesOf.set(obj, (refs = collectPodReferences(obj)));
  return refs;
}

function collectPodReferences(obj: K8sObject): PodReference[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const refs: PodReference[] = [];
  const { spec } = pod;

  const serviceAccountField = typeof spec['serviceAccountName'] === 'string' ? 'serviceAccountName' : 'serviceAccount';
  const serviceAccount = stringAt(spec, serviceAccountField);
  if (serviceAccount) {
    refs.push({
      kind: 'ServiceAccount',
      name: serviceAccount,
      optional: false,
      path: [...pod.path, serviceAccountField],
      usage: `runs as ServiceAccount '${serviceAccount}'`,
    });
  }

  arrayAt(spec, 'imagePullSecrets').forEach((entry, i) => {
    const name = stringAt(entry, 'name');
    if (name) {
      refs.push({
        kind: 'Secret',
        name,
        optional: false,
        path: [...pod.path, 'imagePullSecrets', i, 'name'],
        usage: `pulls images with Secret '${name}'`,
      });
    }
  });

  arrayAt(spec, 'volumes').forEach((volume, i) => {
    if (!isObject(volume)) return;
    const volumeName = stringAt(volume, 'name') ?? `#${i}`;
    const base = [...pod.path, 'volumes', i];
    const secret = objectAt(volume, 'secret');
    const secretName = stringAt(secret, 'secretName');
    if (secret && secretName) {
      pushWithItems(refs, 'Secret', secretName, secret, [...base, 'secret'], 'secretName', `mounts Secret '${secretName}' as volume '${volumeName}'`);
    }
    const configMap = objectAt(volume, 'configMap');
    const configMapName = stringAt(configMap, 'name');
    if (configMap && configMapName) {
      pushWithItems(refs, 'ConfigMap', configMapName, configMap, [...base, 'configMap'], 'name', `mounts ConfigMap '${configMapName}' as volume '${volumeName}'`);
    }
    arrayAt(objectAt(volume, 'projected'), 'sources').forEach((source, j) => {
      for (const [field, kind] of [['secret', 'Secret'], ['configMap', 'ConfigMap']] as const) {
        const projected = objectAt(source, field);
        const name = stringAt(projected, 'name');
        if (projected && name) {
          pushWithItems(refs, kind, name, projected, [...base, 'projected', 'sources', j, field], 'name', `mounts ${kind} '${name}' in projected volume '${volumeName}'`);
        }
      }
    });
    const claimName = stringAt(objectAt(volume, 'persistentVolumeClaim'), 'claimName');
    if (claimName) {
      refs.push({
        kind: 'PersistentVolumeClaim',
        name: claimName,
        optional: false,
        path: [...base, 'persistentVolumeClaim', 'claimName'],
        usage: `claims PersistentVolumeClaim '${claimName}' for volume '${volumeName}'`,
      });
    }
    for (const [volumeType, field, nested] of VOLUME_SECRET_REFS) {
      const source = objectAt(volume, volumeType);
      const name = nested ? stringAt(objectAt(source, field), 'name') : stringAt(source, field);
      if (name) {
        refs.push({
          kind: 'Secret',
          name,
          optional: false,
          path: nested ? [...base, volumeType, field, 'name'] : [...base, volumeType, field],
          usage: `uses Secret '${name}' for ${volumeType} volume '${volumeName}'`,
        });
      }
    }
  });

  for (const { container, path, name: containerName } of containersOf(pod)) {
    arrayAt(container, 'env').forEach((env, i) => {
      const variable = stringAt(env, 'name') ?? `#${i}`;
      const valueFrom = objectAt(env, 'valueFrom');
      for (const [field, kind] of [['secretKeyRef', 'Secret'], ['configMapKeyRef', 'ConfigMap']] as const) {
        const selector = objectAt(valueFrom, field);
        const name = stringAt(selector, 'name');
        if (!selector || !name) continue;
        const refPath = [...path, 'env', i, 'valueFrom', field];
        const ref: PodReference = {
          kind,
          name,
          optional: optionalFlag(selector),
          path: [...refPath, 'name'],
          usage: `container '${containerName}' reads env ${variable} from ${kind} '${name}'`,
        };
        const key = stringAt(selector, 'key');
        if (key !== undefined) {
          ref.key = key;
          ref.keyPath = [...refPath, 'key'];
        }
        refs.push(ref);
      }
    });
    arrayAt(container, 'envFrom').forEach((source, i) => {
      for (const [field, kind] of [['secretRef', 'Secret'], ['configMapRef', 'ConfigMap']] as const) {
        const selector = objectAt(source, field);
        const name = stringAt(selector, 'name');
        if (!selector || !name) continue;
        refs.push({
          kind,
          name,
          optional: optionalFlag(selector),
          path: [...path, 'envFrom', i, field, 'name'],
          usage: `container '${containerName}' imports its environment from ${kind} '${name}'`,
        });
      }
    });
  }
  return refs;
}

function pushWithItems(
  refs: PodReference[],
  kind: 'Secret' | 'ConfigMap',
  name: string,
  source: JsonObject,
  sourcePath: FieldPath,
  nameField: string,
  usage: string,
): void {
  const optional = optionalFlag(source);
  refs.push({ kind, name, optional, path: [...sourcePath, nameField], usage });
  arrayAt(source, 'items').forEach((item, i) => {
    const key = stringAt(item, 'key');
    if (key === undefined) return;
    refs.push({
      kind,
      name,
      key,
      optional,
      path: [...sourcePath, nameField],
      keyPath: [...sourcePath, 'items', i, 'key'],
      usage: `${usage} (item '${key}')`,
    });
  });
}

export type Resolution =
  | { status: 'found'; target: K8sObject | undefined }
  | { status: 'elsewhere'; namespaces: string[] }
  | { status: 'missing' };

export function resolve(index: ObjectIndex, obj: K8sObject, ref: PodReference): Resolution {
  const presence = index.presence(ref.kind, obj.namespace, ref.name);
  if (presence) return { status: 'found', target: presence.kind === 'declared' ? presence.object : undefined };
  const namespaces = index.namespacesOf(ref.kind, ref.name, obj.namespace);
  return namespaces.length > 0 ? { status: 'elsewhere', namespaces } : { status: 'missing' };
}

/**
 * True when a controller that owns this object is also in the inputs: its findings about the pod
 * template are then reported once, on the controller, not again on every ReplicaSet and Pod.
 */
export function ownedByLoadedController(index: ObjectIndex, obj: K8sObject): boolean {
  for (const owner of arrayAt(objectAt(obj.raw, 'metadata'), 'ownerReferences')) {
    if (!isObject(owner) || owner['controller'] !== true) continue;
    const kind = stringAt(owner, 'kind');
    const name = stringAt(owner, 'name');
    if (kind && name && index.get(kind, obj.namespace, name)) return true;
  }
  return false;
}
