// The reference index: every loaded object, findable by identity, by name across namespaces,
// and (for pod templates) by label. Built once in one pass; every lookup is a map access.
// May not: read files or report findings.

import { containersOf, isPodBearing, podSpecOf, podTemplateLabelsOf, replicasOf } from './kinds.js';
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
  /**
   * A StatefulSet's pods also carry a label naming each pod (`<name>-0` … `<name>-<replicas-1>`),
   * which the StatefulSet controller adds; selectors on it (per-pod Services) match one ordinal.
   */
  ordinals?: { name: string; count: number };
}

/** Labels the StatefulSet controller puts on each pod: its name and (Kubernetes 1.28+) its ordinal. */
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const ORDINAL_LABELS = new Set([POD_NAME_LABEL, POD_INDEX_LABEL]);
/** Ordinals tried when matching a per-pod selector; beyond this a StatefulSet is not realistic. */
const MAX_ORDINALS = 10_000;

/**
 * Custom resources whose operator creates pods from a template the resource describes
 * (prometheus-operator: `spec.podMetadata.labels`, plus the label naming the instance that every
 * operator version sets on Prometheus and Alertmanager pods), by kind, with their API group.
 */
const OPERATOR_POD_LABELS = new Map<string, { group: string; nameLabel: string | undefined }>([
  ['Prometheus', { group: 'monitoring.coreos.com/', nameLabel: 'prometheus' }],
  ['Alertmanager', { group: 'monitoring.coreos.com/', nameLabel: 'alertmanager' }],
  ['ThanosRuler', { group: 'monitoring.coreos.com/', nameLabel: undefined }],
  ['PrometheusAgent', { group: 'monitoring.coreos.com/', nameLabel: undefined }],
]);

function operatorPodLabels(obj: K8sObject): JsonObject | undefined {
  const operator = OPERATOR_POD_LABELS.get(obj.kind);
  if (!operator || !obj.apiVersion.startsWith(operator.group)) return undefined;
  const labels: JsonObject = { ...(objectAt(objectAt(objectAt(obj.raw, 'spec'), 'podMetadata'), 'labels') ?? {}) };
  if (operator.nameLabel) labels[operator.nameLabel] = obj.name;
  return labels;
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
    case 'Job':
      return webhookCertgenSecrets(obj);
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

/**
 * kube-webhook-certgen (ingress-nginx, kube-prometheus-stack and many charts run it as a Job):
 * `create --secret-name=NAME` creates that Secret in the Job's own namespace
 * (`--namespace=$(POD_NAMESPACE)`, or no --namespace). A literal other namespace is not modelled.
 */
function webhookCertgenSecrets(obj: K8sObject): Array<{ kind: string; name: string }> {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const secrets: Array<{ kind: string; name: string }> = [];
  for (const { container } of containersOf(pod)) {
    const image = stringAt(container, 'image');
    if (!image || !/(^|\/)kube-webhook-certgen(:|@|$)/.test(image)) continue;
    const args = [...arrayAt(container, 'command'), ...arrayAt(container, 'args')].filter((a): a is string => typeof a === 'string');
    if (!args.includes('create')) continue;
    const flag = (name: string): string | undefined => {
      const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
      if (i === -1) return undefined;
      return args[i]!.includes('=') ? args[i]!.slice(args[i]!.indexOf('=') + 1) : args[i + 1];
    };
    const secretName = flag('secret-name');
    const namespace = flag('namespace');
    if (secretName && (namespace === undefined || namespace === '$(POD_NAMESPACE)' || namespace === obj.namespace)) {
      secrets.push({ kind: 'Secret', name: secretName });
    }
  }
  return secrets;
}

export class ObjectIndex {
  readonly objects: readonly K8sObject[];
  /** Kinds listed completely from a live cluster or a snapshot: absence of one of these is a fact, not a guess. */
  private readonly completeKinds: ReadonlySet<string>;
  private readonly byIdentity = new Map<string, K8sObject[]>();
  private readonly provided = new Map<string, K8sObject>();
  private readonly namespacesByKindName = new Map<string, Set<string>>();
  private readonly templatesByNamespace = new Map<string, PodTemplateEntry[]>();
  private readonly templatesByLabel = new Map<string, PodTemplateEntry[]>();
  private readonly eventsByObject = new Map<string, K8sObject[]>();

  /** What runs, by identity: live objects, including those a manifest shadows in the lookups above. */
  private readonly liveByIdentity = new Map<string, K8sObject>();

  /**
   * @param shadowedLive live objects replaced by a manifest of the same identity: not resolvable as
   * references (the manifest is what will be), but still what is deployed now.
   */
  constructor(objects: readonly K8sObject[], completeKinds: ReadonlySet<string> = new Set(), shadowedLive: readonly K8sObject[] = []) {
    this.objects = objects;
    this.completeKinds = completeKinds;
    for (const obj of objects) this.add(obj);
    for (const obj of [...objects, ...shadowedLive]) {
      if (obj.live) this.liveByIdentity.set(key(obj.kind, obj.namespace, obj.name), obj);
    }
  }

  /** The object as it runs in the cluster (from --cluster or a snapshot), whatever the manifests say. */
  deployed(kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
    return this.liveByIdentity.get(key(kind, namespace, name));
  }

  private add(obj: K8sObject): void {
    if (obj.kind === 'Event') {
      const involved = objectAt(obj.raw, 'involvedObject') ?? objectAt(obj.raw, 'regarding');
      const kind = stringAt(involved, 'kind');
      const name = stringAt(involved, 'name');
      if (kind && name) push(this.eventsByObject, key(kind, stringAt(involved, 'namespace') ?? obj.namespace, name), obj);
      return;
    }
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
    if (obj.namespace === undefined) return;
    // Selectors match labels, so a template counts even when its pod spec is missing or broken
    // (that is a different problem, and a different finding).
    const labels = isPodBearing(obj.kind) ? podTemplateLabelsOf(obj) : operatorPodLabels(obj);
    if (!labels) return;
    // A controller's pods are selected through their template; a Pod owned by a controller is
    // the same pods again, so both count but neither is needed twice for a match.
    const entry: PodTemplateEntry = { object: obj, labels };
    if (obj.kind === 'StatefulSet') entry.ordinals = { name: obj.name, count: Math.min(Math.max(replicasOf(obj) ?? 1, 1), MAX_ORDINALS) };
    push(this.templatesByNamespace, obj.namespace, entry);
    for (const [label, value] of Object.entries(labels)) {
      push(this.templatesByLabel, `${obj.namespace}\u0000${label}=${String(value)}`, entry);
    }
  }

  /** Whether every object of this kind is in the inputs (a cluster or snapshot listed it), so "not found" means "does not exist". */
  knowsAll(kind: string): boolean {
    return this.completeKinds.has(kind);
  }

  /** Events about an object (from a cluster or snapshot), oldest first. */
  eventsFor(kind: string, namespace: string | undefined, name: string): readonly K8sObject[] {
    return this.eventsByObject.get(key(kind, namespace, name)) ?? [];
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
    // Per-pod labels are not in the label index: a selector on them scans the namespace.
    const perPod = selector.requirements.some((r) => ORDINAL_LABELS.has(r.key));
    const candidates =
      selector.anchor && !perPod
        ? (this.templatesByLabel.get(`${namespace}\u0000${selector.anchor}`) ?? [])
        : (this.templatesByNamespace.get(namespace) ?? []);
    return candidates.filter((entry) => (perPod ? matchesSomePod(selector, entry) : matches(selector, entry.labels)));
  }

  /** Whether anything in the inputs lives in this namespace at all. */
  hasPodTemplates(namespace: string): boolean {
    return this.templatesByNamespace.has(namespace);
  }
}

/** Whether any one pod of the entry (for a StatefulSet: any ordinal, with its per-pod labels) matches. */
function matchesSomePod(selector: Selector, entry: PodTemplateEntry): boolean {
  if (!entry.ordinals) return matches(selector, entry.labels);
  for (let i = 0; i < entry.ordinals.count; i++) {
    const labels = { ...entry.labels, [POD_NAME_LABEL]: `${entry.ordinals.name}-${i}`, [POD_INDEX_LABEL]: String(i) };
    if (matches(selector, labels)) return true;
  }
  return false;
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
