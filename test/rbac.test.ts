// The RBAC hindsight ships asks for read access only, and for everything the cluster source reads.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import jsyaml from 'js-yaml';
import { RESOURCES } from '../src/sources/cluster.js';
import { ROOT, cli } from './helpers.js';

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const docs = jsyaml.loadAll(readFileSync(path.join(ROOT, 'deploy', 'rbac.yaml'), 'utf8')) as Array<{ kind: string; rules?: PolicyRule[] }>;
const role = docs.find((d) => d.kind === 'ClusterRole')!;

test('the ClusterRole grants get, list and watch only', () => {
  for (const rule of role.rules!) {
    assert.deepEqual([...rule.verbs].sort(), ['get', 'list', 'watch'], JSON.stringify(rule));
    assert.ok(!rule.resources.includes('*') && !rule.apiGroups.includes('*'), 'no wildcards');
  }
});

test('the ClusterRole covers every resource the cluster source lists', () => {
  const granted = new Set(role.rules!.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`))));
  for (const resource of RESOURCES) {
    const group = resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '';
    assert.ok(granted.has(`${group}/${resource.plural}`), `deploy/rbac.yaml does not grant ${group}/${resource.plural}`);
  }
});

test('hindsight scans its own RBAC clean', async () => {
  const run = await cli(['scan', 'deploy/', '--fail-on', 'info'], { cwd: ROOT });
  assert.equal(run.code, 0, run.stdout);
});
