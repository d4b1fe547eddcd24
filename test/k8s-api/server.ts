// A loopback stand-in for kube-apiserver, for tests: it serves fixture objects over the real wire
// format (discovery, list/get/watch, Status errors, limit/continue paging) and refuses every write.
//
//   const api = await startApiServer({ objects });
//   // point kubectl or @kubernetes/client-node at api.kubeconfigPath ...
//   api.requests  // every request seen, in order, with the status it was answered with
//   await api.close();
//
// What it mirrors from the real server, because clients depend on it:
// - lists are `<Kind>List` with metadata.resourceVersion, metadata.continue and (when paging
//   without selectors) metadata.remainingItemCount; items are ordered by namespace/name (etcd key
//   order) and, for built-in kinds, carry no kind/apiVersion (kubernetes/kubernetes#3030);
// - continued pages are served from the snapshot the first page was read at (a consistent list);
//   after a compaction (`compact()` / `expireNextContinue()`) an older token answers 410 Expired
//   with an "inconsistent" token in metadata.continue, as the etcd3 store does;
// - watch streams newline-delimited {type, object} events; objects carry kind/apiVersion;
// - failures are `Status` objects with the real reasons and messages.
// The server owns resourceVersions: a fixture's numeric resourceVersion is kept when it is newer
// than the server's, otherwise the next one is assigned.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILTIN, groupVersion, qualifiedName, resourceOf, type KubeObject, type ResourceType } from './resources.js';
import { parseFieldSelector, parseLabelSelector, SelectorError, type Matcher } from './selectors.js';
import * as S from './status.js';

export type { KubeObject, ResourceType } from './resources.js';

export interface ApiServerOptions {
  objects?: KubeObject[];
  /** The bearer token the kubeconfig carries and the server accepts. */
  token?: string;
  /** The user that token authenticates as (named in 403 messages). */
  user?: string;
  /** The kubeconfig context's namespace. */
  namespace?: string;
  /** What /version reports. */
  gitVersion?: string;
  /**
   * Whether a request without credentials is anonymous (403 outside /version and the health
   * paths), as on a real server. Off by default: kubectl and client-go never send a token over
   * plain http (kubernetes/kubectl#744), so without TLS the stand-in takes such a request as `user`.
   */
  requireToken?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The decoded query parameters (last value wins). */
  query: Record<string, string>;
  /** Request headers; `authorization` keeps its scheme but not the credential. */
  headers: Record<string, string>;
  /** The HTTP status answered (0 until the response starts). */
  status: number;
}

export type Verb = 'get' | 'list' | 'watch';

export interface ApiServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** A kubeconfig file (in a temp folder removed by close()) whose current context points here. */
  kubeconfigPath: string;
  token: string;
  user: string;
  requests: RecordedRequest[];
  /** Replaces every object; watchers see the difference as ADDED/MODIFIED/DELETED events. */
  setObjects(objects: KubeObject[]): void;
  /** Creates or replaces these objects. */
  upsert(...objects: KubeObject[]): void;
  /** Deletes these objects (matched by apiVersion, kind, namespace, name). */
  remove(...objects: KubeObject[]): void;
  /** The stored objects, as GET would return them. */
  objects(): KubeObject[];
  /** The current (latest) resourceVersion. */
  resourceVersion(): string;
  /** The next `times` (default 1) requests to this exact path answer `status` (429/503 with Retry-After). */
  fail(path: string, status: 429 | 500 | 503, options?: { times?: number; retryAfterSeconds?: number }): void;
  /** Denies `resource` ("secrets", "deployments.apps") to the user: in one namespace (and cluster-wide), or everywhere. */
  forbid(resource: string, options?: { namespace?: string; verbs?: Verb[] }): void;
  /** Like an etcd compaction: every continue token issued so far answers 410 Expired. */
  compact(): void;
  /** The next `times` (default 1) requests carrying a continue token find it compacted (410). */
  expireNextContinue(times?: number): void;
  /** Sends a BOOKMARK now to every watch that allowed bookmarks. */
  bookmark(): void;
  close(): Promise<void>;
}

interface Entry {
  res: ResourceType;
  obj: KubeObject;
  /** namespace/name: the order etcd keys sort in. */
  sortKey: string;
}

interface Change {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  res: ResourceType;
  obj: KubeObject;
  old?: KubeObject;
}

interface Watcher {
  res: ResourceType;
  namespace: string | undefined;
  matches: Matcher;
  bookmarks: boolean;
  out: ServerResponse;
  timer?: NodeJS.Timeout;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

const sameType = (a: ResourceType, b: ResourceType) => a.group === b.group && a.version === b.version && a.plural === b.plural;
const entryKey = (res: ResourceType, obj: KubeObject) => `${groupVersion(res)}/${res.plural}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);
const CREATED = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const token = options.token ?? 'hindsight-test-token';
  const user = options.user ?? 'system:serviceaccount:hindsight:scanner';
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, Array<{ status: 429 | 500 | 503; retryAfterSeconds: number }>>();
  const denials: Array<{ resource: string; namespace?: string; verbs: Verb[] }> = [];
  const watchers = new Set<Watcher>();

  // --- the store: a state per resourceVersion, so continued pages read a consistent snapshot ---
  let rv = 1;
  let compactedRV = 0;
  let state = new Map<string, Entry>();
  const snapshots = new Map<number, Map<string, Entry>>([[rv, state]]);
  let history: Change[] = [];
  let expireContinues = 0;

  function nextRV(proposed: string | undefined): number {
    const n = Number(proposed);
    rv = proposed && Number.isSafeInteger(n) && n > rv ? n : rv + 1;
    return rv;
  }

  function entry(raw: KubeObject, previous: Map<string, Entry>): [string, Entry] {
    const obj = structuredClone(raw);
    const res = resourceOf(obj);
    if (res.namespaced) obj.metadata.namespace ??= 'default';
    else delete obj.metadata.namespace;
    const key = entryKey(res, obj);
    const old = previous.get(key)?.obj.metadata;
    obj.metadata.uid ??= (old?.uid as string | undefined) ?? randomUUID();
    obj.metadata['creationTimestamp'] ??= old?.['creationTimestamp'] ?? CREATED;
    return [key, { res, obj, sortKey: `${obj.metadata.namespace ?? ''}/${obj.metadata.name}` }];
  }

  const content = (obj: KubeObject) => JSON.stringify({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } });

  /** Makes `next` the current state, assigning resourceVersions and telling watchers. */
  function commit(next: Map<string, Entry>): void {
    const changes: Change[] = [];
    for (const [key, e] of next) {
      const old = state.get(key);
      if (old && content(old.obj) === content(e.obj)) {
        next.set(key, old);
        continue;
      }
      e.obj.metadata.resourceVersion = String(nextRV(e.obj.metadata.resourceVersion === old?.obj.metadata.resourceVersion ? undefined : e.obj.metadata.resourceVersion));
      changes.push({ rv, type: old ? 'MODIFIED' : 'ADDED', res: e.res, obj: e.obj, ...(old ? { old: old.obj } : {}) });
    }
    for (const [key, old] of state) {
      if (next.has(key)) continue;
      const gone = structuredClone(old.obj);
      gone.metadata.resourceVersion = String(nextRV(undefined));
      changes.push({ rv, type: 'DELETED', res: old.res, obj: gone, old: old.obj });
    }
    state = next;
    snapshots.set(rv, state);
    history.push(...changes);
    for (const change of changes) for (const w of watchers) sendChange(w, change);
  }

  function setObjects(objects: KubeObject[]): void {
    const next = new Map<string, Entry>();
    for (const o of objects) next.set(...entry(o, state));
    commit(next);
  }

  function compact(): void {
    rv += 1;
    compactedRV = rv;
    snapshots.set(rv, state);
    for (const key of snapshots.keys()) if (key < compactedRV) snapshots.delete(key);
    history = history.filter((c) => c.rv >= compactedRV);
  }

  /** Resources served: the built-in table plus custom kinds present in the fixtures. */
  function served(): ResourceType[] {
    const out = [...BUILTIN];
    for (const { res } of state.values()) if (res.custom && !out.some((r) => sameType(r, res))) out.push(res);
    return out;
  }

  // --- HTTP plumbing ---
  function send(rec: RecordedRequest, out: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
    rec.status = code;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    out.writeHead(code, {
      'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'Cache-Control': 'no-cache, private',
      'Audit-Id': randomUUID(),
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    out.end(text);
  }
  const sendStatus = (rec: RecordedRequest, out: ServerResponse, s: S.Status, headers?: Record<string, string>) => send(rec, out, s.code, s, headers);

  function record(req: IncomingMessage, url: URL): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      headers[name] = name === 'authorization' ? `${text.split(' ')[0]} <redacted>` : text;
    }
    const rec: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, status: 0 };
    requests.push(rec);
    return rec;
  }

  function handle(req: IncomingMessage, out: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec = record(req, url);
    req.resume(); // a body is never read
    if (req.method !== 'GET') return sendStatus(rec, out, S.methodNotAllowed());

    // authentication: the kubeconfig's token, or none (see requireToken)
    const auth = req.headers.authorization;
    if (auth !== undefined && auth !== `Bearer ${token}`) return sendStatus(rec, out, S.unauthorized());
    const who = auth === undefined && options.requireToken ? 'system:anonymous' : user;

    // injected failures (priority & fairness answers before authorization does)
    const queued = failures.get(url.pathname);
    const failure = queued?.shift();
    if (failure) {
      const retry = { 'Retry-After': String(failure.retryAfterSeconds) };
      if (failure.status === 429) return sendStatus(rec, out, S.tooManyRequests(failure.retryAfterSeconds), retry);
      if (failure.status === 503) return sendStatus(rec, out, S.serviceUnavailable(failure.retryAfterSeconds), retry);
      return sendStatus(rec, out, S.internalError('injected failure'));
    }

    if (url.pathname === '/version') return send(rec, out, 200, versionInfo(options.gitVersion ?? 'v1.32.4'));
    if (PUBLIC_PATHS.has(url.pathname)) return send(rec, out, 200, 'ok');
    const parts = url.pathname.split('/').filter(Boolean);
    const anonymousDenied = () =>
      sendStatus(rec, out, S.status(403, 'Forbidden', `forbidden: User "system:anonymous" cannot get path "${url.pathname}"`, {}));

    // discovery
    if (url.pathname === '/api') return who === user ? send(rec, out, 200, apiVersions(req)) : anonymousDenied();
    if (url.pathname === '/apis') return who === user ? send(rec, out, 200, groupList()) : anonymousDenied();
    let group: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1] === 'v1') [group, rest] = ['', parts.slice(2)];
    else if (parts[0] === 'apis' && parts.length >= 2) [group, rest] = [parts[1]!, parts.slice(2)];
    else return sendStatus(rec, out, S.noSuchPath());
    const inGroup = served().filter((r) => r.group === group);
    if (inGroup.length === 0) return sendStatus(rec, out, S.noSuchPath());
    if (group && rest.length === 0) return who === user ? send(rec, out, 200, apiGroup(inGroup)) : anonymousDenied();
    const version = group ? rest.shift() : 'v1';
    const types = inGroup.filter((r) => r.version === version);
    if (types.length === 0) return sendStatus(rec, out, S.noSuchPath());
    if (rest.length === 0) return who === user ? send(rec, out, 200, resourceList(types)) : anonymousDenied();

    // resources: [namespaces/NS/]PLURAL[/NAME]
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) namespace = rest.splice(0, 2)[1];
    const [plural, name, ...subresource] = rest;
    const res = types.find((r) => r.plural === plural);
    if (!res || subresource.length > 0 || (namespace !== undefined && !res.namespaced) || (namespace === undefined && name !== undefined && res.namespaced)) {
      return sendStatus(rec, out, S.noSuchPath());
    }
    const watch = /^(1|t|true)$/i.test(url.searchParams.get('watch') ?? '');
    const verb: Verb = name !== undefined ? 'get' : watch ? 'watch' : 'list';
    if (who !== user || denied(res, verb, namespace)) return sendStatus(rec, out, S.forbidden(res, who, verb, namespace, name));

    if (name !== undefined) {
      const found = state.get(`${groupVersion(res)}/${res.plural}/${namespace ?? ''}/${name}`);
      return found ? send(rec, out, 200, found.obj) : sendStatus(rec, out, S.notFound(res, name));
    }
    let matches: Matcher;
    try {
      const labels = parseLabelSelector(url.searchParams.get('labelSelector'));
      const fields = parseFieldSelector(url.searchParams.get('fieldSelector'), res);
      matches = (o) => (namespace === undefined || o.metadata.namespace === namespace) && labels(o) && fields(o);
    } catch (error) {
      if (error instanceof SelectorError) return sendStatus(rec, out, S.badRequest(error.message));
      throw error;
    }
    if (watch) return startWatch(rec, out, url.searchParams, { res, namespace, matches, bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true', out });
    return list(rec, out, url.searchParams, res, matches);
  }

  function denied(res: ResourceType, verb: Verb, namespace: string | undefined): boolean {
    return denials.some(
      (d) => (d.resource === res.plural || d.resource === qualifiedName(res)) && d.verbs.includes(verb) && (d.namespace === undefined || namespace === undefined || d.namespace === namespace),
    );
  }

  // --- list with limit/continue ---
  function list(rec: RecordedRequest, out: ServerResponse, q: URLSearchParams, res: ResourceType, matches: Matcher): void {
    const limit = Math.max(0, Number.parseInt(q.get('limit') ?? '0', 10) || 0);
    const cont = q.get('continue');
    let snapshot = state;
    let listRV = rv;
    let after = '';
    if (cont) {
      if (q.get('resourceVersion')) return sendStatus(rec, out, S.badRequest('specifying resource version is not allowed when using continue'));
      let tok: ContinueToken;
      try {
        tok = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as ContinueToken;
        if (tok.v !== 'meta.k8s.io/v1' || typeof tok.rv !== 'number' || typeof tok.start !== 'string') throw new Error('bad token');
      } catch {
        return sendStatus(rec, out, S.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)'));
      }
      if (expireContinues > 0 && tok.rv > 0) {
        expireContinues -= 1;
        compact();
      }
      if (tok.rv > 0 && tok.rv < compactedRV) return sendStatus(rec, out, S.continueExpired(encodeToken(-1, tok.start)));
      if (tok.rv > 0) {
        snapshot = snapshots.get(tok.rv) ?? state;
        listRV = tok.rv;
      }
      after = tok.start;
    }
    const all = [...snapshot.values()]
      .filter((e) => sameType(e.res, res) && e.sortKey >= after && matches(e.obj))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const page = limit > 0 ? all.slice(0, limit) : all;
    const remaining = all.length - page.length;
    const selective = Boolean(q.get('labelSelector') || q.get('fieldSelector'));
    const metadata: Record<string, unknown> = { resourceVersion: String(listRV) };
    if (remaining > 0) {
      metadata['continue'] = encodeToken(listRV, `${page[page.length - 1]!.sortKey}\u0000`);
      if (!selective) metadata['remainingItemCount'] = remaining;
    }
    send(rec, out, 200, {
      kind: `${res.kind}List`,
      apiVersion: groupVersion(res),
      metadata,
      items: page.map((e) => (res.custom ? e.obj : withoutTypeMeta(e.obj))),
    });
  }

  const encodeToken = (at: number, start: string) => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: at, start } satisfies ContinueToken)).toString('base64url');

  // --- watch ---
  function startWatch(rec: RecordedRequest, out: ServerResponse, q: URLSearchParams, w: Watcher): void {
    rec.status = 200;
    out.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Audit-Id': randomUUID() });
    out.flushHeaders(); // a watch answers at once, even before its first event
    const from = q.get('resourceVersion');
    if (!from || from === '0') {
      const current = [...state.values()].filter((e) => sameType(e.res, w.res) && w.matches(e.obj)).sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
      for (const e of current) writeEvent(w, 'ADDED', e.obj);
    } else {
      const since = Number(from);
      if (!Number.isSafeInteger(since) || since < compactedRV - 1) {
        writeEvent(w, 'ERROR', S.watchExpired(since, compactedRV));
        out.end();
        return;
      }
      for (const change of history) if (change.rv > since) sendChange(w, change);
    }
    if (w.bookmarks) {
      const initialEnd = q.get('sendInitialEvents') === 'true' ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {};
      writeEvent(w, 'BOOKMARK', { kind: w.res.kind, apiVersion: groupVersion(w.res), metadata: { resourceVersion: String(rv), ...initialEnd } });
    }
    watchers.add(w);
    const timeout = Number(q.get('timeoutSeconds') ?? '0');
    if (timeout > 0) w.timer = setTimeout(() => out.end(), timeout * 1000);
    out.on('close', () => {
      clearTimeout(w.timer);
      watchers.delete(w);
    });
  }

  function writeEvent(w: Watcher, type: string, object: unknown): void {
    if (!w.out.writableEnded) w.out.write(`${JSON.stringify({ type, object })}\n`);
  }

  /** Tells one watcher about a change, as the watch cache does: selector transitions become ADDED/DELETED. */
  function sendChange(w: Watcher, c: Change): void {
    if (!sameType(w.res, c.res)) return;
    const now = c.type !== 'DELETED' && w.matches(c.obj);
    const before = c.old !== undefined && w.matches(c.old);
    if (c.type === 'DELETED' && before) writeEvent(w, 'DELETED', c.obj);
    else if (now && before) writeEvent(w, 'MODIFIED', c.obj);
    else if (now) writeEvent(w, 'ADDED', c.obj);
    else if (before) writeEvent(w, 'DELETED', { ...c.old, metadata: { ...c.old!.metadata, resourceVersion: c.obj.metadata.resourceVersion } });
  }

  // --- discovery documents ---
  function apiVersions(req: IncomingMessage) {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.headers.host ?? '' }] };
  }
  function groupEntry(types: ResourceType[]) {
    const versions = [...new Set(types.map((t) => t.version))].map((v) => ({ groupVersion: `${types[0]!.group}/${v}`, version: v }));
    return { name: types[0]!.group, versions, preferredVersion: versions[0] };
  }
  function groupList() {
    const groups = [...new Set(served().filter((r) => r.group).map((r) => r.group))];
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupEntry(served().filter((r) => r.group === g))) };
  }
  function apiGroup(types: ResourceType[]) {
    return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(types) };
  }
  function resourceList(types: ResourceType[]) {
    return {
      kind: 'APIResourceList',
      ...(types[0]!.group ? { apiVersion: 'v1' } : {}),
      groupVersion: groupVersion(types[0]!),
      resources: types.map((r) => ({
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'list', 'watch'], // all this stand-in serves
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.all ? { categories: ['all'] } : {}),
      })),
    };
  }

  // --- start ---
  if (options.objects) setObjects(options.objects);
  const server = createServer((req, out) => {
    try {
      handle(req, out);
    } catch (error) {
      // handle() is synchronous and records first, so the last record is this request's
      const rec = requests.at(-1) ?? { method: req.method ?? '', path: req.url ?? '', query: {}, headers: {}, status: 0 };
      if (!out.headersSent) sendStatus(rec, out, S.internalError(String(error)));
      else out.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-k8s-api-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfig(url, token, options.namespace ?? 'default'));

  return {
    url,
    kubeconfigPath,
    token,
    user,
    requests,
    setObjects,
    upsert: (...objects) => {
      const next = new Map(state);
      for (const o of objects) next.set(...entry(o, state));
      commit(next);
    },
    remove: (...objects) => {
      const next = new Map(state);
      for (const o of objects) next.delete(entry(o, state)[0]);
      commit(next);
    },
    objects: () => [...state.values()].map((e) => structuredClone(e.obj)),
    resourceVersion: () => String(rv),
    fail: (p, code, o = {}) => {
      const queue = failures.get(p) ?? [];
      for (let i = 0; i < (o.times ?? 1); i++) queue.push({ status: code, retryAfterSeconds: o.retryAfterSeconds ?? 1 });
      failures.set(p, queue);
    },
    forbid: (resource, o = {}) => {
      denials.push({ resource, ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), verbs: o.verbs ?? ['get', 'list', 'watch'] });
    },
    compact,
    expireNextContinue: (times = 1) => {
      expireContinues += times;
    },
    bookmark: () => {
      for (const w of watchers) {
        if (w.bookmarks) writeEvent(w, 'BOOKMARK', { kind: w.res.kind, apiVersion: groupVersion(w.res), metadata: { resourceVersion: String(rv) } });
      }
    },
    close: async () => {
      for (const w of watchers) {
        clearTimeout(w.timer);
        w.out.end();
      }
      watchers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withoutTypeMeta(obj: KubeObject): Omit<KubeObject, 'kind' | 'apiVersion'> {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = obj;
  return rest;
}

function versionInfo(gitVersion: string) {
  const [major, minor] = gitVersion.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T00:00:00Z',
    goVersion: 'go1.23.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function kubeconfig(server: string, token: string, namespace: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: hindsight-test',
    '  cluster:',
    `    server: ${server}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: hindsight-test',
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: hindsight-test',
    '  context:',
    '    cluster: hindsight-test',
    '    user: hindsight-test',
    `    namespace: ${namespace}`,
    'current-context: hindsight-test',
    '',
  ].join('\n');
}
