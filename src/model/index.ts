// The reference index: every loaded object, findable by identity, by name across namespaces,
// and (for pod templates) by label. Built once in one pass; every lookup is a map access.
// May not: read files or report findings.

import { isPodBearing, podSpecOf } from './kinds.js';
import { type JsonObject, type K8sObject, arrayAt, isObject, objectAt, stringAt } from './object.js';
import { type Selector, matches } from './selector.js';

/** How we know an object exists. */
export type Presence =
  | { kind: 'declared'; object: K8sObject }
  /** Another object in the inputs will create it (a cert-manager Certificate creates its Secret). */
  | { kind: 'provided'; by: K8sObject }
  /** Kubernetes creates it in every namespace (ServiceAccount default, ConfigMap kube-root-ca.crt). */
  | { kind: 'implicit' };

export interface PodTemplateEntry {
  object: K8sObject;
  labels: JsonObject;
}

const IMPLICIT = new Set(['ServiceAccount/default', 'ConfigMap/kube-root-ca.crt']);

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/**
 * Objects that controllers in the inputs will create, by the kind and name they create.
 * Only controllers whose naming is documented and deterministic are modelled.
 */
function providedBy(obj: K8sObject): Array<{ kind: string; name: string }> {
  const spec = objectAt(obj.raw, 'spec');
  const group = obj.apiVersion.split('/')[0];
  switch (obj.kind) {
    case 'Certificate': {
      const secretName = group === 'cert-manager.io' || group?.endsWith('certmanager.k8s.io') ? stringAt(spec, 'secretName') : undefined;
      return secretName ? [{ kind: 'Secret', name: secretName }] : [];
    }
    case 'SealedSecret':
      return [{ kind: 'Secret', name: stringAt(objectAt(objectAt(spec, 'template'), 'metadata'), 'name') ?? obj.name }];
    case 'ExternalSecret':
      return [{ kind: 'Secret', name: stringAt(objectAt(spec, 'target'), 'name') ?? obj.name }];
    default:
      return [];
  }
}

export class ObjectIndex {
  readonly objects: readonly K8sObject[];
  /** True when the inputs include a live cluster or a snapshot: absence is then a fact, not a guess. */
  readonly authoritative: boolean;
  private readonly byIdentity = new Map<string, K8sObject[]>();
  private readonly provided = new Map<string, K8sObject>();
  private readonly namespacesByKindName = new Map<string, Set<string>>();
  private readonly templatesByNamespace = new Map<string, PodTemplateEntry[]>();
  private readonly templatesByLabel = new Map<string, PodTemplateEntry[]>();

  constructor(objects: readonly K8sObject[], authoritative: boolean) {
    this.objects = objects;
    this.authoritative = authoritative;
    for (const obj of objects) this.add(obj);
  }

  private add(obj: K8sObject): void {
    push(this.byIdentity, key(obj.kind, obj.namespace, obj.name), obj);
    if (obj.namespace !== undefined) {
      const kindName = `${obj.kind}\u0000${obj.name}`;
      let namespaces = this.namespacesByKindName.get(kindName);
      if (!namespaces) this.namespacesByKindName.set(kindName, (namespaces = new Set()));
      namespaces.add(obj.namespace);
    }
    for (const provided of providedBy(obj)) {
      const providedKey = key(provided.kind, obj.namespace, provided.name);
      if (!this.provided.has(providedKey)) this.provided.set(providedKey, obj);
    }
    if (isPodBearing(obj.kind) && obj.namespace !== undefined) {
      const pod = podSpecOf(obj);
      if (!pod) return;
      // A controller's pods are selected through their template; a Pod owned by a controller is
      // the same pods again, so both count but neither is needed twice for a match.
      const entry: PodTemplateEntry = { object: obj, labels: pod.labels };
      push(this.templatesByNamespace, obj.namespace, entry);
      for (const [label, value] of Object.entries(pod.labels)) {
        push(this.templatesByLabel, `${obj.namespace}\u0000${label}=${String(value)}`, entry);
      }
    }
  }

  /** Every object with this identity: more than one means it was declared twice. */
  all(kind: string, namespace: string | undefined, name: string): readonly K8sObject[] {
    return this.byIdentity.get(key(kind, namespace, name)) ?? [];
  }

  get(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.byIdentity.get(key(kind, namespace, name))?.[0];
  }

  presence(kind: string, namespace: string | undefined, name: string): Presence | undefined {
    const object = this.get(kind, namespace, name);
    if (object) return { kind: 'declared', object };
    const by = this.provided.get(key(kind, namespace, name));
    if (by) return { kind: 'provided', by };
    if (IMPLICIT.has(`${kind}/${name}`)) return { kind: 'implicit' };
    return undefined;
  }

  /** Namespaces other than `except` where an object of this kind and name is declared. */
  namespacesOf(kind: string, name: string, except: string | undefined): string[] {
    const namespaces = this.namespacesByKindName.get(`${kind}\u0000${name}`);
    if (!namespaces) return [];
    return [...namespaces].filter((ns) => ns !== except).sort();
  }

  /** Pod templates and pods in a namespace whose labels the selector matches. */
  podTemplatesMatching(namespace: string, selector: Selector): PodTemplateEntry[] {
    const candidates = selector.anchor
      ? (this.templatesByLabel.get(`${namespace}\u0000${selector.anchor}`) ?? [])
      : (this.templatesByNamespace.get(namespace) ?? []);
    return candidates.filter((entry) => matches(selector, entry.labels));
  }

  /** Whether anything in the inputs lives in this namespace at all. */
  hasPodTemplates(namespace: string): boolean {
    return this.templatesByNamespace.has(namespace);
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** Keys of a Secret's or ConfigMap's data, when the object shows them. */
export function dataKeysOf(obj: K8sObject): Set<string> {
  const keys = new Set<string>();
  const fields = obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  for (const field of fields) {
    const data = obj.raw[field];
    if (isObject(data)) for (const k of Object.keys(data)) keys.add(k);
  }
  return keys;
}

export { arrayAt };
