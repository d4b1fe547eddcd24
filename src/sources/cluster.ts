// A live cluster, read-only: every request is a GET sent through @kubernetes/client-node (its
// kubeconfig handling, authentication, TLS and HTTP library), listed in pages, relisted from the
// start when a continue token expires (410), retried on 429/5xx honouring Retry-After, and a
// resource the user may not list (403) is reported, not fatal: the scan goes on without it.
// The client is imported lazily: it costs about a second, and only cluster commands need it.
// May not: send anything but GET; keep a Secret value (redacted in toLiveObject on arrival).

import type { K8sObject } from '../model/object.js';
import { isObject } from '../model/object.js';
import { toLiveObject } from './snapshot.js';

export interface ClusterOptions {
  kubeconfig?: string;
  context?: string;
  /** Page size for lists (the API server's default cap is 500). */
  pageSize?: number;
  /** Called as objects arrive, for a progress line. */
  onProgress?: (resource: string, listed: number) => void;
  /** Events older than this are dropped (stuck-pod needs the recent ones). */
  eventsSince: Date;
}

export interface ClusterRead {
  objects: K8sObject[];
  complete: string[];
  unavailable: Array<{ resource: string; reason: string }>;
  context: string;
  server: string;
}

interface Resource {
  kind: string;
  apiVersion: string;
  plural: string;
  /** Absent from many clusters (a CRD): a 404 on discovery means "not installed", not an error. */
  optional?: boolean;
}

const CORE = ['Namespace', 'Node', 'Pod', 'Event', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'LimitRange', 'ResourceQuota', 'ReplicationController'];
const PLURALS: Record<string, string> = {
  Endpoints: 'endpoints',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Ingress: 'ingresses',
  PodDisruptionBudget: 'poddisruptionbudgets',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
};

function resource(kind: string, apiVersion: string, optional = false): Resource {
  return { kind, apiVersion, plural: PLURALS[kind] ?? `${kind.toLowerCase()}s`, optional };
}

/** What a snapshot holds: everything the rules read, nothing else. */
export const RESOURCES: readonly Resource[] = [
  ...CORE.map((kind) => resource(kind, 'v1')),
  ...['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'].map((kind) => resource(kind, 'apps/v1')),
  resource('Job', 'batch/v1'),
  resource('CronJob', 'batch/v1'),
  resource('Ingress', 'networking.k8s.io/v1'),
  resource('PodDisruptionBudget', 'policy/v1'),
  resource('HorizontalPodAutoscaler', 'autoscaling/v2'),
  resource('Certificate', 'cert-manager.io/v1', true),
];

export function listPath(r: Resource): string {
  return r.apiVersion === 'v1' ? `/api/v1/${r.plural}` : `/apis/${r.apiVersion}/${r.plural}`;
}

/** A failure worth reporting as one line (bad kubeconfig, unknown context, unreachable server). */
export class ClusterError extends Error {}

class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

type Client = typeof import('@kubernetes/client-node');

interface Transport {
  get(path: string): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  context: string;
  server: string;
}

async function transport(options: ClusterOptions): Promise<Transport> {
  const k8s: Client = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (error) {
    throw new ClusterError(`cannot load kubeconfig${options.kubeconfig ? ` ${options.kubeconfig}` : ''}: ${(error as Error).message}`);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      throw new ClusterError(`context '${options.context}' is not in the kubeconfig (it has: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new ClusterError('the kubeconfig has no current context or cluster; pass --context or --kubeconfig');
  const http = new k8s.IsomorphicFetchHttpLibrary();
  return {
    context: kc.getCurrentContext(),
    server: cluster.server,
    async get(path) {
      const request = new k8s.RequestContext(`${cluster.server.replace(/\/$/, '')}${path}`, k8s.HttpMethod.GET);
      request.setHeaderParam('Accept', 'application/json');
      await kc.applySecurityAuthentication(request);
      let response;
      try {
        response = await http.send(request).toPromise();
      } catch (error) {
        throw new ClusterError(`cannot reach the API server at ${cluster.server}: ${(error as Error).message}`);
      }
      return { status: response.httpStatusCode, headers: response.headers, body: await response.body.text() };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET with retries on 429 and 5xx (Retry-After honoured, capped), JSON body parsed. */
async function getJson(t: Transport, path: string): Promise<Record<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    const response = await t.get(path);
    if (response.status === 200) return JSON.parse(response.body) as Record<string, unknown>;
    const retriable = response.status === 429 || response.status >= 500;
    if (retriable && attempt < 5) {
      const retryAfter = Number(response.headers['retry-after']);
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 10) * 1000 : 200 * 2 ** attempt);
      continue;
    }
    let message = `HTTP ${response.status}`;
    try {
      const status = JSON.parse(response.body) as { message?: string };
      if (status.message) message = `${response.status} ${status.message}`;
    } catch {
      // not a Status object
    }
    throw new HttpStatusError(response.status, message);
  }
}

/** Lists one resource across all namespaces, page by page; starts over when the continue token expires. */
async function listAll(t: Transport, r: Resource, options: ClusterOptions): Promise<Record<string, unknown>[]> {
  const limit = options.pageSize ?? 500;
  for (let relist = 0; ; relist++) {
    const items: Record<string, unknown>[] = [];
    let token: string | undefined;
    try {
      do {
        const query = new URLSearchParams({ limit: String(limit) });
        if (token) query.set('continue', token);
        const page = await getJson(t, `${listPath(r)}?${query}`);
        const pageItems = Array.isArray(page['items']) ? page['items'] : [];
        for (const item of pageItems) {
          // List items come without apiVersion and kind: put them back.
          if (isObject(item)) items.push({ apiVersion: r.apiVersion, kind: r.kind, ...item });
        }
        options.onProgress?.(r.plural, items.length);
        const metadata = page['metadata'];
        token = isObject(metadata) && typeof metadata['continue'] === 'string' && metadata['continue'] !== '' ? metadata['continue'] : undefined;
      } while (token);
      return items;
    } catch (error) {
      // 410 Gone: the snapshot the token pointed into is compacted away; only a fresh list is consistent.
      if (error instanceof HttpStatusError && error.status === 410 && relist < 3) continue;
      throw error;
    }
  }
}

function isRecent(event: Record<string, unknown>, since: Date): boolean {
  const metadata = isObject(event['metadata']) ? event['metadata'] : {};
  const stamp = event['lastTimestamp'] ?? event['eventTime'] ?? event['firstTimestamp'] ?? metadata['creationTimestamp'];
  const time = typeof stamp === 'string' ? Date.parse(stamp) : NaN;
  return Number.isNaN(time) || time >= since.getTime();
}

export async function readCluster(options: ClusterOptions): Promise<ClusterRead> {
  const t = await transport(options);
  const read: ClusterRead = { objects: [], complete: [], unavailable: [], context: t.context, server: t.server };
  // A few resources at a time: fast on a big cluster, gentle on the API server.
  const queue = [...RESOURCES];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      try {
        const items = await listAll(t, r, options);
        for (const item of items) {
          if (r.kind === 'Event' && !isRecent(item, options.eventsSince)) continue;
          const obj = toLiveObject(item);
          if (obj) read.objects.push(obj);
        }
        read.complete.push(r.kind);
      } catch (error) {
        if (error instanceof HttpStatusError) {
          if (error.status === 404 && r.optional) continue;
          read.unavailable.push({ resource: r.plural, reason: error.reason });
        } else {
          throw error;
        }
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  read.complete.sort();
  read.unavailable.sort((a, b) => (a.resource < b.resource ? -1 : 1));
  return read;
}
