// The resource table of the API stand-in: which kinds it serves, under which group/version,
// with which plural name, scope and short names. Discovery documents and URL routing are both
// derived from this table, so a kind added here is listable, gettable and watchable at once.

/** A plain Kubernetes object as it travels over the wire. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames: string[];
  /** In the `all` category (what `kubectl get all` lists). */
  all: boolean;
  /** A custom resource: served only when fixtures hold such objects; list items keep kind/apiVersion. */
  custom: boolean;
}

// [apiVersion, kind, plural, namespaced, shortNames, in category "all"]
type Row = [string, string, string, boolean, string[], boolean?];
const ROWS: Row[] = [
  ['v1', 'Pod', 'pods', true, ['po'], true],
  ['v1', 'Node', 'nodes', false, ['no']],
  ['v1', 'Namespace', 'namespaces', false, ['ns']],
  ['v1', 'Service', 'services', true, ['svc'], true],
  ['v1', 'ConfigMap', 'configmaps', true, ['cm']],
  ['v1', 'Secret', 'secrets', true, []],
  ['v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']],
  ['v1', 'Event', 'events', true, ['ev']],
  ['v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']],
  ['v1', 'PersistentVolume', 'persistentvolumes', false, ['pv']],
  ['v1', 'LimitRange', 'limitranges', true, ['limits']],
  ['v1', 'ResourceQuota', 'resourcequotas', true, ['quota']],
  ['v1', 'Endpoints', 'endpoints', true, ['ep']],
  ['apps/v1', 'Deployment', 'deployments', true, ['deploy'], true],
  ['apps/v1', 'ReplicaSet', 'replicasets', true, ['rs'], true],
  ['apps/v1', 'StatefulSet', 'statefulsets', true, ['sts'], true],
  ['apps/v1', 'DaemonSet', 'daemonsets', true, ['ds'], true],
  ['apps/v1', 'ControllerRevision', 'controllerrevisions', true, []],
  ['batch/v1', 'Job', 'jobs', true, [], true],
  ['batch/v1', 'CronJob', 'cronjobs', true, ['cj'], true],
  ['networking.k8s.io/v1', 'Ingress', 'ingresses', true, ['ing']],
  ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'], true],
];

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export const BUILTIN: ResourceType[] = ROWS.map(([apiVersion, kind, plural, namespaced, shortNames, all]) => ({
  ...splitApiVersion(apiVersion),
  kind,
  plural,
  namespaced,
  shortNames,
  all: all ?? false,
  custom: false,
}));

/** Custom resources the stand-in knows the names of (others are derived from the kind). */
const KNOWN_CUSTOM: Record<string, Pick<ResourceType, 'plural' | 'shortNames' | 'namespaced'>> = {
  'cert-manager.io/v1/Certificate': { plural: 'certificates', shortNames: ['cert', 'certs'], namespaced: true },
  'cert-manager.io/v1/Issuer': { plural: 'issuers', shortNames: [], namespaced: true },
  'cert-manager.io/v1/ClusterIssuer': { plural: 'clusterissuers', shortNames: [], namespaced: false },
};

export function groupVersion(r: Pick<ResourceType, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `secrets`, `deployments.apps`: how the API server names a resource in messages. */
export function qualifiedName(r: ResourceType): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** The plural the API machinery guesses for a kind with no known resource name. */
function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** The resource an object belongs to: from the table, else a custom resource derived from its kind. */
export function resourceOf(obj: KubeObject): ResourceType {
  const { group, version } = splitApiVersion(obj.apiVersion);
  const builtin = BUILTIN.find((r) => r.group === group && r.version === version && r.kind === obj.kind);
  if (builtin) return builtin;
  if (!group) throw new Error(`stand-in: unknown core kind ${obj.kind}`);
  const known = KNOWN_CUSTOM[`${obj.apiVersion}/${obj.kind}`];
  return {
    group,
    version,
    kind: obj.kind,
    plural: known?.plural ?? guessPlural(obj.kind),
    namespaced: known?.namespaced ?? obj.metadata.namespace !== undefined,
    shortNames: known?.shortNames ?? [],
    all: false,
    custom: true,
  };
}
