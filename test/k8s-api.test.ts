// The Kubernetes API stand-in (test/k8s-api/server.ts), proven against real clients: the machine's
// kubectl and @kubernetes/client-node page, watch and fail through it as they would against a
// cluster, and every request it sees is a read.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { cluster, deployment, pod } from './k8s-api/fixtures.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from './k8s-api/server.js';

const KUBECTL = '/usr/bin/kubectl';
const NO_KUBECTL = existsSync(KUBECTL) ? false : `${KUBECTL} is not installed in this image`;

/** A stand-in for the duration of one test, closed when the test ends. */
async function serve(t: TestContext, options: ApiServerOptions = {}): Promise<ApiServer> {
  const api = await startApiServer({ objects: cluster(), ...options });
  t.after(() => api.close());
  return api;
}

function assertReadOnly(api: ApiServer): void {
  assert.ok(api.requests.length > 0);
  assert.deepEqual(
    api.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`),
    [],
  );
}

/** Runs the real kubectl against the stand-in (asynchronously: the server lives in this process). */
function kubectl(api: ApiServer, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = path.dirname(api.kubeconfigPath);
  const argv = ['--kubeconfig', api.kubeconfigPath, '--cache-dir', path.join(dir, 'cache'), ...args];
  return new Promise((resolve) => {
    execFile(KUBECTL, argv, { env: { ...process.env, HOME: dir, KUBECONFIG: api.kubeconfigPath }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

interface Item {
  kind?: string;
  apiVersion?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; annotations?: Record<string, string> };
}

const names = (items: Item[]) => items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`);

async function until(what: string, condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('kubectl through the stand-in', { skip: NO_KUBECTL, timeout: 120_000 }, () => {
  test('get pods -A --chunk-size=5 pages through all 23 pods, each exactly once', async (t) => {
    const api = await serve(t);
    const run = await kubectl(api, 'get', 'pods', '-A', '--chunk-size=5', '-o', 'json');
    assert.equal(run.code, 0, run.stderr);
    const items = (JSON.parse(run.stdout) as { items: Item[] }).items;
    assert.equal(items.length, 23);
    assert.equal(new Set(names(items)).size, 23);
    assert.ok(items.every((i) => i.kind === 'Pod'));

    const pages = api.requests.filter((r) => r.path === '/api/v1/pods');
    assert.equal(pages.length, 5); // 5+5+5+5+3
    assert.ok(pages.every((r) => r.query['limit'] === '5' && r.status === 200));
    assert.equal(pages[0]!.query['continue'], undefined);
    const tokens = pages.slice(1).map((r) => r.query['continue']);
    assert.ok(tokens.every((c) => typeof c === 'string' && c.length > 0));
    assert.equal(new Set(tokens).size, 4);
    assert.ok(api.requests.some((r) => r.path === '/api' && r.status === 200), 'kubectl ran discovery');
    assertReadOnly(api);
  });

  test('get deployments -n team-a reads only that namespace', async (t) => {
    const api = await serve(t);
    const run = await kubectl(api, 'get', 'deployments', '-n', 'team-a', '-o', 'json');
    assert.equal(run.code, 0, run.stderr);
    const items = (JSON.parse(run.stdout) as { items: Item[] }).items;
    assert.deepEqual(names(items).sort(), ['team-a/api', 'team-a/web']);
    assert.ok(items.every((i) => i.kind === 'Deployment' && i.apiVersion === 'apps/v1'));
    assert.ok(api.requests.some((r) => r.path === '/apis/apps/v1/namespaces/team-a/deployments'));
    assertReadOnly(api);
  });

  test('get secrets -A on a forbidden resource fails with the 403 message', async (t) => {
    const api = await serve(t);
    api.forbid('secrets');
    const run = await kubectl(api, 'get', 'secrets', '-A');
    assert.notEqual(run.code, 0);
    assert.match(
      run.stderr,
      /Error from server \(Forbidden\): secrets is forbidden: User "system:serviceaccount:hindsight:scanner" cannot list resource "secrets" in API group "" at the cluster scope/,
    );
    assert.deepEqual(
      api.requests.filter((r) => r.path === '/api/v1/secrets').map((r) => r.status),
      [403],
    );
    assertReadOnly(api);
  });

  test('label and field selectors, a custom resource, and a 429 retried after Retry-After', async (t) => {
    const api = await serve(t);
    const web = await kubectl(api, 'get', 'pods', '-A', '-l', 'app=web', '-o', 'json');
    assert.equal(web.code, 0, web.stderr);
    assert.equal((JSON.parse(web.stdout) as { items: Item[] }).items.length, 11);
    const teamB = await kubectl(api, 'get', 'pods', '-A', '--field-selector', 'metadata.namespace=team-b', '-o', 'json');
    assert.equal(teamB.code, 0, teamB.stderr);
    assert.ok(names((JSON.parse(teamB.stdout) as { items: Item[] }).items).every((n) => n.startsWith('team-b/')));
    assert.ok(api.requests.some((r) => r.query['labelSelector'] === 'app=web'));
    assert.ok(api.requests.some((r) => r.query['fieldSelector'] === 'metadata.namespace=team-b'));

    const certs = await kubectl(api, 'get', 'certificates', '-A', '-o', 'json');
    assert.equal(certs.code, 0, certs.stderr);
    assert.deepEqual(names((JSON.parse(certs.stdout) as { items: Item[] }).items), ['team-b/site']);

    api.fail('/apis/apps/v1/namespaces/team-b/deployments', 429, { retryAfterSeconds: 1 });
    const retried = await kubectl(api, 'get', 'deployments', '-n', 'team-b', '-o', 'json');
    assert.equal(retried.code, 0, retried.stderr);
    assert.deepEqual(names((JSON.parse(retried.stdout) as { items: Item[] }).items), ['team-b/worker']);
    assert.deepEqual(
      api.requests.filter((r) => r.path === '/apis/apps/v1/namespaces/team-b/deployments').map((r) => r.status),
      [429, 200],
    );
    assertReadOnly(api);
  });

  test('an expired continue token reaches kubectl as the real 410 Expired error', async (t) => {
    const api = await serve(t);
    api.expireNextContinue();
    const run = await kubectl(api, 'get', 'pods', '-A', '--chunk-size=5', '-o', 'name');
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /Error from server \(Expired\): The provided continue parameter is too old to display a consistent list result/);
    assert.deepEqual(
      api.requests.filter((r) => r.path === '/api/v1/pods').map((r) => r.status),
      [200, 410],
    );
    assertReadOnly(api);
  });
});

describe('@kubernetes/client-node through the stand-in', { timeout: 60_000 }, () => {
  async function client(api: ApiServer) {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(api.kubeconfigPath);
    return { k8s, kc, core: kc.makeApiClient(k8s.CoreV1Api) };
  }

  /** The API error a rejected call carries: its HTTP code and the Status body. */
  async function rejection(call: Promise<unknown>): Promise<{ code: number; body: { reason: string; message: string; code: number; metadata?: { continue?: string } } }> {
    try {
      await call;
    } catch (error) {
      const e = error as { code: number; body: unknown };
      return { code: e.code, body: typeof e.body === 'string' ? JSON.parse(e.body) : (e.body as never) };
    }
    throw new Error('the call succeeded');
  }

  test('pages with limit/_continue through a consistent snapshot', async (t) => {
    const api = await serve(t);
    const { core } = await client(api);
    const seen: string[] = [];
    const versions = new Set<string>();
    let token: string | undefined;
    let page = 0;
    do {
      const list = await core.listPodForAllNamespaces({ limit: 5, ...(token ? { _continue: token } : {}) });
      if (page === 0) {
        assert.equal(list.metadata?.remainingItemCount, 18);
        api.upsert(pod('team-a', 'late-arrival')); // not part of this listing's snapshot
      }
      seen.push(...list.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      versions.add(list.metadata?.resourceVersion ?? '');
      token = list.metadata?._continue;
      page++;
    } while (token);
    assert.equal(page, 5);
    assert.equal(seen.length, 23);
    assert.equal(new Set(seen).size, 23);
    assert.equal(versions.size, 1, 'every page is read at the first page’s resourceVersion');
    assert.equal((await core.listPodForAllNamespaces({})).items.length, 24);
    // the client sent its token, and the log kept only the scheme
    assert.ok(api.requests.every((r) => r.headers['authorization'] === 'Bearer <redacted>'));
    assert.ok(!JSON.stringify(api.requests).includes(api.token));
    assertReadOnly(api);
  });

  test('an expired continue token is a 410 the caller sees, and a relist recovers', async (t) => {
    const api = await serve(t);
    const { core } = await client(api);
    const first = await core.listPodForAllNamespaces({ limit: 5 });
    api.compact();
    const expired = await rejection(core.listPodForAllNamespaces({ limit: 5, _continue: first.metadata!._continue! }));
    assert.equal(expired.code, 410);
    assert.equal(expired.body.reason, 'Expired');
    assert.equal(expired.body.code, 410);
    assert.match(expired.body.message, /^The provided continue parameter is too old to display a consistent list result\./);
    assert.ok(expired.body.metadata?.continue, 'an inconsistent continue token comes with it');

    // a caller that relists on 410, with the next continue expiring mid-listing
    api.expireNextContinue();
    const before = api.requests.length;
    const seen: string[] = [];
    let token: string | undefined;
    let relists = 0;
    for (let done = false; !done; ) {
      try {
        const list = await core.listPodForAllNamespaces({ limit: 5, ...(token ? { _continue: token } : {}) });
        seen.push(...list.items.map((p) => p.metadata!.name!));
        token = list.metadata?._continue;
        done = !token;
      } catch (error) {
        assert.equal((error as { code: number }).code, 410);
        relists++;
        seen.length = 0;
        token = undefined;
      }
    }
    assert.equal(relists, 1);
    assert.equal(new Set(seen).size, 23);
    assert.deepEqual(
      api.requests.slice(before).map((r) => r.status),
      [200, 410, 200, 200, 200, 200, 200],
    );
    assertReadOnly(api);
  });

  test('403 and 404 arrive as Status objects', async (t) => {
    const api = await serve(t);
    api.forbid('secrets', { namespace: 'team-a' });
    const { core } = await client(api);
    const denied = await rejection(core.listNamespacedSecret({ namespace: 'team-a' }));
    assert.equal(denied.code, 403);
    assert.equal(denied.body.reason, 'Forbidden');
    assert.equal(denied.body.message, 'secrets is forbidden: User "system:serviceaccount:hindsight:scanner" cannot list resource "secrets" in API group "" in the namespace "team-a"');
    assert.equal((await core.listNamespacedSecret({ namespace: 'team-b' })).items.length, 1);
    assert.equal((await rejection(core.listSecretForAllNamespaces({}))).code, 403);

    const missing = await rejection(core.readNamespacedPod({ namespace: 'team-a', name: 'nope' }));
    assert.equal(missing.code, 404);
    assert.equal(missing.body.reason, 'NotFound');
    assert.equal(missing.body.message, 'pods "nope" not found');
    const found = await core.readNamespacedPod({ namespace: 'team-a', name: 'pod-01' });
    assert.equal(found.metadata?.name, 'pod-01');
    assertReadOnly(api);
  });

  test('a Watch receives ADDED, MODIFIED, DELETED and BOOKMARK events', async (t) => {
    const api = await serve(t);
    const { k8s, kc, core } = await client(api);
    const events: Array<{ type: string; obj: Item }> = [];
    const ended: unknown[] = [];
    const watch = new k8s.Watch(kc);
    const controller = await watch.watch(
      '/api/v1/namespaces/team-a/pods',
      { allowWatchBookmarks: true },
      (type: string, obj: Item) => events.push({ type, obj }),
      (err: unknown) => ended.push(err),
    );
    t.after(() => controller.abort());
    await until('the initial bookmark', () => events.some((e) => e.type === 'BOOKMARK'));
    const initial = events.splice(0);
    const teamA = (await core.listNamespacedPod({ namespace: 'team-a' })).items.length;
    assert.equal(initial.filter((e) => e.type === 'ADDED').length, teamA);
    assert.ok(initial.every((e) => e.obj.kind === 'Pod' && e.obj.apiVersion === 'v1'), 'watch objects carry kind/apiVersion');
    const bookmark = initial.at(-1)!;
    assert.equal(bookmark.type, 'BOOKMARK');
    assert.deepEqual(Object.keys(bookmark.obj.metadata), ['resourceVersion']);
    assert.equal(bookmark.obj.metadata.resourceVersion, api.resourceVersion());

    const fresh = pod('team-a', 'fresh', { app: 'web' });
    api.upsert(fresh);
    api.upsert({ ...fresh, metadata: { ...fresh.metadata, labels: { app: 'web', version: '2' } } });
    api.remove(fresh);
    api.upsert(pod('team-b', 'elsewhere')); // another namespace: not seen
    api.bookmark();
    await until('the second bookmark', () => events.some((e) => e.type === 'BOOKMARK'));
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.obj.metadata.name ?? ''}`),
      ['ADDED fresh', 'MODIFIED fresh', 'DELETED fresh', 'BOOKMARK '],
    );
    const versions = events.map((e) => Number(e.obj.metadata.resourceVersion));
    assert.deepEqual(versions.slice(0, 3), [...versions.slice(0, 3)].sort((a, b) => a - b), 'resourceVersions increase');

    // resuming from a resourceVersion replays only what came after it
    const replay: string[] = [];
    const resumed = await watch.watch(
      '/apis/apps/v1/deployments',
      { resourceVersion: bookmark.obj.metadata.resourceVersion },
      (type: string, obj: Item) => replay.push(`${type} ${obj.metadata.name}`),
      () => {},
    );
    t.after(() => resumed.abort());
    api.upsert(deployment('team-b', 'batch'));
    await until('the replayed deployment', () => replay.length > 0);
    assert.deepEqual(replay, ['ADDED batch']);
    assert.ok(api.requests.some((r) => r.query['watch'] === 'true' && r.query['allowWatchBookmarks'] === 'true'));
    assertReadOnly(api);
  });
});

describe('the stand-in itself', { timeout: 60_000 }, () => {
  const get = (api: ApiServer, p: string, init: RequestInit = {}) =>
    fetch(`${api.url}${p}`, { ...init, headers: { authorization: `Bearer ${api.token}`, ...(init.headers as Record<string, string>) } });

  test('refuses and records every non-GET request with 405', async (t) => {
    const api = await serve(t);
    for (const [method, p] of [
      ['PUT', '/api/v1/namespaces/team-a/pods/pod-01'],
      ['DELETE', '/api/v1/namespaces/team-a/pods/pod-01'],
      ['POST', '/apis/apps/v1/namespaces/team-a/deployments'],
      ['PATCH', '/api/v1/namespaces/team-a/configmaps/x'],
    ] as const) {
      const res = await get(api, p, { method, body: method === 'DELETE' ? null : '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 405, `${method} ${p}`);
      const body = (await res.json()) as { kind: string; reason: string; code: number };
      assert.deepEqual([body.kind, body.reason, body.code], ['Status', 'MethodNotAllowed', 405]);
    }
    assert.deepEqual(
      api.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.status}`),
      ['PUT 405', 'DELETE 405', 'POST 405', 'PATCH 405'],
    );
    assert.equal(api.objects().filter((o) => o.metadata.name === 'pod-01').length, 1, 'nothing was changed');
  });

  test('wire format: lists, discovery, injected failures, watch timeout, auth', async (t) => {
    const api = await serve(t);
    const raw = (await (await get(api, '/api/v1/namespaces/team-a/pods?limit=3')).json()) as {
      kind: string;
      apiVersion: string;
      metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
      items: Item[];
    };
    assert.equal(raw.kind, 'PodList');
    assert.equal(raw.apiVersion, 'v1');
    assert.equal(raw.items.length, 3);
    assert.ok(raw.items.every((i) => i.kind === undefined && i.apiVersion === undefined), 'built-in list items carry no type meta');
    assert.equal(raw.metadata.remainingItemCount, 5);
    assert.ok(raw.metadata.continue);
    const selected = (await (await get(api, '/api/v1/pods?limit=3&labelSelector=app%3Dweb')).json()) as typeof raw;
    assert.equal(selected.metadata.remainingItemCount, undefined, 'no remainingItemCount under a selector');
    const certs = (await (await get(api, '/apis/cert-manager.io/v1/certificates')).json()) as typeof raw;
    assert.equal(certs.items[0]?.kind, 'Certificate', 'custom resource list items keep their type meta');
    assert.equal((await get(api, '/api/v1/pods?labelSelector=app%20in%20(web')).status, 400);
    assert.equal((await get(api, '/api/v1/pods?fieldSelector=spec.bogus%3Dx')).status, 400);

    const core = (await (await get(api, '/api/v1')).json()) as { resources: Array<{ name: string; kind: string; namespaced: boolean; verbs: string[] }> };
    assert.deepEqual(core.resources.find((r) => r.name === 'pods'), { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list', 'watch'], shortNames: ['po'], categories: ['all'] });
    assert.equal(core.resources.find((r) => r.name === 'nodes')?.namespaced, false);
    const groups = (await (await get(api, '/apis')).json()) as { groups: Array<{ name: string }> };
    assert.deepEqual(groups.groups.map((g) => g.name), ['apps', 'batch', 'networking.k8s.io', 'policy', 'autoscaling', 'cert-manager.io']);
    assert.equal(((await (await get(api, '/version')).json()) as { gitVersion: string }).gitVersion, 'v1.32.4');
    assert.equal((await get(api, '/apis/example.com/v1/widgets')).status, 404);

    api.fail('/api/v1/namespaces', 500);
    api.fail('/api/v1/nodes', 429, { retryAfterSeconds: 2 });
    const broken = await get(api, '/api/v1/namespaces');
    assert.equal(broken.status, 500);
    assert.equal(((await broken.json()) as { reason: string }).reason, 'InternalError');
    assert.equal((await get(api, '/api/v1/namespaces')).status, 200, 'a failure happens once');
    const busy = await get(api, '/api/v1/nodes');
    assert.equal(busy.status, 429);
    assert.equal(busy.headers.get('retry-after'), '2');
    await busy.body?.cancel();

    const started = Date.now();
    const stream = await (await get(api, '/api/v1/namespaces/team-b/pods?watch=1&timeoutSeconds=1')).text();
    assert.ok(Date.now() - started >= 900, 'the watch stayed open until timeoutSeconds');
    const lines = stream.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: Item });
    assert.ok(lines.length > 0 && lines.every((e) => e.type === 'ADDED' && e.object.metadata.namespace === 'team-b'));

    assert.equal((await fetch(`${api.url}/api/v1/pods`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    assertReadOnly(api);
  });

  test('with requireToken, a request without credentials is anonymous', async (t) => {
    const api = await serve(t, { requireToken: true });
    const res = await fetch(`${api.url}/api/v1/namespaces/team-a/pods`);
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /User "system:anonymous" cannot list resource "pods"/);
    assert.equal((await fetch(`${api.url}/version`)).status, 200);
    assert.equal(api.requests[0]!.headers['authorization'], undefined);
  });
});
