// The RES and ROL rules on real-world manifests and on peer tools' fixtures with known outcomes
// (../shared/corpus). Each verdict below was written by reading the file, not by running the rule:
// which objects (and containers) a rule reports, and, where kube-score or kube-linter judge the
// same file differently, why.

import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import type { Finding } from '../src/engine/finding.js';
import { CORPUS, HAVE_CORPUS, scanPaths } from './helpers.js';

interface Verdict {
  /** A file or folder under the corpus, scanned on its own. */
  path: string;
  rule: string;
  /** What the rule reports: "Kind namespace/name", plus " 'container'" for container rules. Order does not matter. */
  expect: string[];
  /** What the file is, what the peer tool says about it, and why hindsight agrees or differs. */
  why: string;
}

const EDGI_BEFORE = 'edgi-web-monitoring/before/templates';
const EDGI_AFTER = 'edgi-web-monitoring/after/templates';
const EDGI_CURRENT = 'edgi-web-monitoring/current/kubernetes';
const KS = 'kube-score/score/testdata';
const KL = 'kube-linter/tests/checks';

/** The EDGI services, in both namespaces: replicas 2 except production diffing (4) and redis-master (1). */
const EDGI_APPS = ['api', 'diffing', 'import-worker', 'ui'];
const both = (names: string[], suffix = '') =>
  ['production', 'staging'].flatMap((ns) => names.map((name) => `Deployment ${ns}/${name}${suffix}`));
const CONTAINERS: Record<string, string> = {
  api: 'rails-server',
  diffing: 'processing',
  'import-worker': 'db-import-worker',
  ui: 'ui',
  'redis-master': 'master',
  'redis-slave': 'slave',
};
const withContainer = (names: string[]) => names.flatMap((name) => both([name], ` '${CONTAINERS[name]}'`));

const VERDICTS: Verdict[] = [
  // EDGI web-monitoring (postmortem 003). before/ is the after/ state with every resources block removed.
  {
    path: EDGI_BEFORE,
    rule: 'missing-requests',
    expect: withContainer(EDGI_APPS),
    why: 'the four services have no resources at all; the redis Deployments keep their 100m/100Mi requests',
  },
  {
    path: EDGI_BEFORE,
    rule: 'missing-memory-limit',
    expect: withContainer([...EDGI_APPS, 'redis-master', 'redis-slave']),
    why: 'no container has a memory limit; redis has requests only',
  },
  {
    path: EDGI_BEFORE,
    rule: 'namespace-without-limitrange',
    expect: ['Deployment production/api', 'Deployment staging/api'],
    why: 'no LimitRange anywhere and no Namespace object: one finding per namespace, on its first workload (api)',
  },
  {
    path: EDGI_BEFORE,
    rule: 'no-spread',
    expect: both([...EDGI_APPS, 'redis-slave']),
    why: 'every multi-replica Deployment has neither anti-affinity nor spread; redis-master runs 1 replica',
  },
  {
    path: EDGI_BEFORE,
    rule: 'missing-pdb',
    expect: both([...EDGI_APPS, 'redis-slave']),
    why: 'no PodDisruptionBudget anywhere in the repository',
  },
  // after/: the fix of 2018-10-11 added requests and limits to the services, nothing else.
  {
    path: EDGI_AFTER,
    rule: 'missing-requests',
    expect: ["Deployment kube-system/metrics-server 'metrics-server'"],
    why: 'the services now request CPU and memory; only the metrics-server added the same day has no resources',
  },
  {
    path: EDGI_AFTER,
    rule: 'missing-memory-limit',
    expect: [...withContainer(['redis-master', 'redis-slave']), "Deployment kube-system/metrics-server 'metrics-server'"],
    why: 'the fix gave the services limits but left redis with requests only; fluentd (DaemonSet) has a 200Mi limit',
  },
  {
    path: EDGI_AFTER,
    rule: 'namespace-without-limitrange',
    expect: ['Deployment kube-system/metrics-server', 'Deployment production/redis-master', 'Deployment staging/redis-master'],
    why: 'still no LimitRange: each namespace is reported on its first workload still lacking something',
  },
  {
    path: EDGI_AFTER,
    rule: 'no-spread',
    expect: both([...EDGI_APPS, 'redis-slave']),
    why: 'SOURCE.md: "no anti-affinity/topology spread ... H4 even after the fix" (diffing: 4 replicas)',
  },
  {
    path: EDGI_AFTER,
    rule: 'missing-pdb',
    expect: both([...EDGI_APPS, 'redis-slave']),
    why: 'SOURCE.md: "no PodDisruptionBudget" even after the fix',
  },
  {
    path: EDGI_AFTER,
    rule: 'mutable-image-tag',
    expect: [],
    why: 'every image is pinned to a commit tag (redis:e2e and gb-redisslave:v1 are tags too)',
  },
  // current/: the repository today.
  {
    path: EDGI_CURRENT,
    rule: 'mutable-image-tag',
    expect: [
      "CronJob production/ia-import-job 'ia-import-job-box'",
      "Job production/2025-03-30-migrate-version-header-names '2025-03-30-migrate-version-header-names-job'",
      "Job production/api-migration-job-2026-02-02-1 'api-migration-job-2026-02-02-1'",
      "Job production/api-renormalize-urls 'api-renormalize-urls'",
    ],
    why: 'the daily Internet Archive import (CronJob) and three one-off Jobs run :latest; the Deployments are pinned',
  },
  {
    path: EDGI_CURRENT,
    rule: 'missing-pdb',
    expect: ['Deployment production/api', 'Deployment production/diffing', 'Deployment production/ui'],
    why: 'still no PodDisruptionBudget; import-worker now runs 1 replica',
  },
  {
    path: EDGI_CURRENT,
    rule: 'missing-requests',
    expect: [],
    why: 'every container requests CPU and memory today',
  },
  {
    path: EDGI_CURRENT,
    rule: 'missing-memory-limit',
    expect: ["Deployment kube-system/metrics-server 'metrics-server'"],
    why: 'metrics-server requests 100m/200Mi and sets no limit; every other container has one',
  },

  // kube-score: check "Container Resources" (container-resources).
  { path: `${KS}/pod-test-resources-none.yaml`, rule: 'missing-requests', expect: ["Pod default/pod-test-1 'foobar'"], why: 'kube-score CRITICAL: no resources' },
  { path: `${KS}/pod-test-resources-none.yaml`, rule: 'missing-memory-limit', expect: ["Pod default/pod-test-1 'foobar'"], why: 'kube-score CRITICAL: no resources' },
  {
    path: `${KS}/pod-test-resources-no-limits.yaml`,
    rule: 'missing-memory-limit',
    expect: ["Pod default/pod-test-1 'foobar'"],
    why: 'requests only; kube-score is OK only when told to ignore limits',
  },
  { path: `${KS}/pod-test-resources-no-limits.yaml`, rule: 'missing-requests', expect: [], why: 'requests 200m/1Gi' },
  { path: `${KS}/pod-test-resources-limits-and-requests.yaml`, rule: 'missing-requests', expect: [], why: 'kube-score OK' },
  { path: `${KS}/pod-test-resources-limits-and-requests.yaml`, rule: 'missing-memory-limit', expect: [], why: 'kube-score OK' },
  {
    path: `${KS}/pod-test-resources-limits-and-requests-no-cpu-limit.yaml`,
    rule: 'missing-memory-limit',
    expect: [],
    why: 'kube-score CRITICAL unless CPU limits are not required; hindsight never requires a CPU limit (CPU is throttled, not exhausted)',
  },
  {
    path: `${KS}/pod-test-resources-only-limits.yaml`,
    rule: 'missing-requests',
    expect: [],
    why: 'kube-score WARNING (wants explicit requests); hindsight: Kubernetes copies limits to requests, the scheduler sees 200m/1Gi',
  },
  { path: `${KS}/deployment-test-resources.yaml`, rule: 'missing-requests', expect: [], why: 'kube-score WARNING; limits only, copied to requests' },
  { path: `${KS}/statefulset-test-resources.yaml`, rule: 'missing-requests', expect: [], why: 'kube-score WARNING; limits only, copied to requests' },
  { path: `${KS}/statefulset-test-resources.yaml`, rule: 'missing-memory-limit', expect: [], why: 'memory limit 1Gi' },

  // kube-score: "Deployment/StatefulSet has host PodAntiAffinity".
  {
    path: `${KS}/deployment-host-antiaffinity-not-set.yaml`,
    rule: 'no-spread',
    expect: ['Deployment default/deployment-anti-affinity-not-set'],
    why: 'kube-score WARNING: 10 replicas, no anti-affinity',
  },
  { path: `${KS}/deployment-host-antiaffinity-1-replica.yaml`, rule: 'no-spread', expect: [], why: 'kube-score skipped: one replica' },
  { path: `${KS}/deployment-host-antiaffinity-preffered.yaml`, rule: 'no-spread', expect: [], why: 'kube-score OK' },
  { path: `${KS}/deployment-host-antiaffinity-required.yaml`, rule: 'no-spread', expect: [], why: 'kube-score OK' },
  { path: `${KS}/deployment-host-antiaffinity-preffered-selector-expression.yaml`, rule: 'no-spread', expect: [], why: 'kube-score OK: matchExpressions select app=foo' },
  {
    path: `${KS}/deployment-host-antiaffinity-preffered-selector-no-match.yaml`,
    rule: 'no-spread',
    expect: ['Deployment default/deployment-preffered-anti-affinity'],
    why: 'kube-score WARNING: the term selects app=not-foo, not the workload\'s own pods (app=foo)',
  },
  {
    path: `${KS}/statefulset-host-antiaffinity-not-set.yaml`,
    rule: 'no-spread',
    expect: ['StatefulSet default/statefulset-anti-affinity-not-set'],
    why: 'kube-score WARNING',
  },
  { path: `${KS}/statefulset-host-antiaffinity-1-replica.yaml`, rule: 'no-spread', expect: [], why: 'kube-score skipped' },
  { path: `${KS}/statefulset-host-antiaffinity-preffered.yaml`, rule: 'no-spread', expect: [], why: 'kube-score OK' },
  { path: `${KS}/statefulset-host-antiaffinity-required.yaml`, rule: 'no-spread', expect: [], why: 'kube-score OK' },
  {
    path: `${KS}/statefulset-host-antiaffinity-undefined-replicas.yaml`,
    rule: 'no-spread',
    expect: [],
    why: 'kube-score WARNING; hindsight: replicas defaults to 1, and one pod has nothing to spread',
  },
  {
    path: `${KS}/deployment-with-hpa-has-replicas.yaml`,
    rule: 'no-spread',
    expect: [],
    why: 'replicas: 123, but the HorizontalPodAutoscaler owns the count and its minReplicas is 1',
  },
  { path: `${KS}/deployment-with-hpa-has-replicas.yaml`, rule: 'missing-pdb', expect: [], why: 'as above: the floor is one replica' },

  // kube-score: "Deployment/StatefulSet has PodDisruptionBudget". Every workload there runs one replica.
  {
    path: `${KS}/deployment-poddisruptionbudget-v1-no-match.yaml`,
    rule: 'missing-pdb',
    expect: [],
    why: 'kube-score CRITICAL; hindsight: a single replica is not checked (a budget would either block drains or protect nothing)',
  },
  {
    path: `${KS}/deployment-poddisruptionbudget-v1-different-namespace.yaml`,
    rule: 'missing-pdb',
    expect: [],
    why: 'kube-score CRITICAL; single replica, as above',
  },
  {
    path: `${KS}/deployment-poddisruptionbudget-v1-matches.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: ['PodDisruptionBudget default/app-budget'],
    why: 'kube-score OK (it only checks that a budget exists); minAvailable 2 of a one-replica Deployment allows no eviction',
  },
  {
    path: `${KS}/deployment-poddisruptionbudget-v1beta1-expression-matches.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: ['PodDisruptionBudget default/app-budget'],
    why: 'as above, selected with matchExpressions',
  },
  {
    path: `${KS}/statefulset-poddisruptionbudget-v1beta1-matches.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: ['PodDisruptionBudget default/app-budget'],
    why: 'minAvailable 2 of a one-replica StatefulSet',
  },
  {
    path: `${KS}/deployment-poddisruptionbudget-v1beta1-no-policy.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: ['PodDisruptionBudget default/app-budget'],
    why: 'kube-score CRITICAL "has policy"; policy/v1beta1 defaults the missing policy to minAvailable: 1, of one replica',
  },
  {
    path: `${KS}/deployment-poddisruptionbudget-v1-no-policy.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: [],
    why: 'kube-score CRITICAL "has policy"; in policy/v1 a budget without policy allows every disruption: useless, but it blocks nothing',
  },
  {
    path: `${KS}/deployment-poddisruptionbudget-v1-different-namespace.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: [],
    why: 'the budget is in namespace not-foo and selects no pod there',
  },

  // kube-score: "Container Image Tag" / "Container Image Pull Policy".
  { path: `${KS}/pod-image-tag-latest.yaml`, rule: 'mutable-image-tag', expect: ["Pod default/pod-test-1 'foobar'"], why: 'kube-score CRITICAL: foo/bar:latest' },
  { path: `${KS}/pod-image-tag-fixed.yaml`, rule: 'mutable-image-tag', expect: [], why: 'kube-score OK: foo/bar:123' },
  { path: `${KS}/pod-image-pullpolicy-undefined-no-tag.yaml`, rule: 'mutable-image-tag', expect: ["Pod default/pod-test-1 'foobar'"], why: 'foo/bar: no tag means :latest' },
  { path: `${KS}/pod-image-pullpolicy-undefined-latest-tag.yaml`, rule: 'mutable-image-tag', expect: ["Pod default/pod-test-1 'foobar'"], why: 'foo/bar:latest' },

  // kube-linter e2e tests (DeploymentConfig is OpenShift's and not a kind hindsight reads).
  {
    path: `${KL}/latest-tag.yml`,
    rule: 'mutable-image-tag',
    expect: ["Deployment default/app 'app'"],
    why: 'kube-linter reports Deployment app and DeploymentConfig app (app:latest); the dont-fire objects use app:v1',
  },
  {
    path: `${KL}/no-anti-affinity.yml`,
    rule: 'no-spread',
    expect: ['Deployment default/app1', 'Deployment foo/fire-namespaced-with-namespaces-selector-not-matching'],
    why: 'kube-linter: app1 (3 replicas, no anti-affinity) and the term that only looks in namespace bar; dont-fire terms select their own pods',
  },
  {
    path: `${KL}/unset-memory-requirements.yml`,
    rule: 'missing-memory-limit',
    expect: ["Deployment default/app1 'app'"],
    why: 'kube-linter "memory limit 0": `limit:` is not a field, so there is no limit',
  },
  {
    path: `${KL}/unset-cpu-requirements.yml`,
    rule: 'missing-requests',
    expect: ["Deployment default/app1 'app'"],
    why: 'kube-linter "cpu request 0": `requests:` sits outside `resources:`, so nothing is requested',
  },
  {
    path: `${KL}/pdb-max-unavailable.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: ['PodDisruptionBudget bar/foo'],
    why: 'kube-linter: "MaxUnavailable is set to 0"; baz allows 1',
  },
  {
    path: `${KL}/pdb-min-available.yaml`,
    rule: 'pdb-blocks-eviction',
    expect: ['PodDisruptionBudget bar2/baz2', 'PodDisruptionBudget bar3/baz3'],
    why:
      'kube-linter reports baz, baz2 and baz3. baz2: HPA minReplicas 1; baz3: KEDA minReplicaCount 1. Deployment foo ' +
      '(for baz) has no pod template, so the API server would refuse it and it runs no pods: pdb-selects-nothing reports baz instead',
  },
  {
    path: `${KL}/pdb-min-available.yaml`,
    rule: 'pdb-selects-nothing',
    expect: ['PodDisruptionBudget bar/baz'],
    why: 'see above',
  },
];

function brief(finding: Finding): string {
  const object = finding.object ? `${finding.object.kind} ${finding.object.namespace}/${finding.object.name}` : '-';
  const container = / container '([^']+)'/.exec(finding.message);
  return container && ['missing-requests', 'missing-memory-limit', 'mutable-image-tag'].includes(finding.rule) ? `${object} '${container[1]}'` : object;
}

for (const verdict of VERDICTS) {
  test(`${verdict.rule} on ${verdict.path}: ${verdict.expect.length ? verdict.expect.length : 'no'} finding(s) — ${verdict.why}`, { skip: !HAVE_CORPUS && 'corpus not found' }, () => {
    const findings = scanPaths([path.join(CORPUS, verdict.path)], [verdict.rule]).findings.filter((f) => f.rule === verdict.rule);
    assert.deepEqual(findings.map(brief).sort(), [...verdict.expect].sort());
  });
}
