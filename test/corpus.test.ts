// The real scanner over the whole shared corpus (../shared/corpus, or HINDSIGHT_CORPUS): real-world
// install manifests, Prow and EDGI history, peer tools' fixtures, cluster dumps — about 24 MB.
//
// - Nothing crashes and nothing is an internal error, and the whole corpus scans inside the test's
//   time box (a hang guard, not a benchmark: speed is measured by `npm run bench`).
// - Validity is decided by an independent oracle: the `yaml` package's parseAllDocuments (no errors)
//   for YAML, JSON.parse for .json. A file the oracle accepts gets no invalid-input finding, except
//   the files listed below, each with the reason. Files the oracle refuses are accounted for one by
//   one, and our finding points at the line the oracle names.
// - The findings on the real-world installs (corpus/bulk) and on the Prow and EDGI snapshots are
//   exactly the ones judged in docs/peer-fixtures.md, so a new false positive fails here.
// - Regressions for the false positives the corpus revealed run without the corpus.

import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../src/engine/finding.js';
import { CORPUS, HAVE_CORPUS, cli, scanPaths, scanText, tempDir } from './helpers.js';

const NO_CORPUS = HAVE_CORPUS ? false : `the shared corpus is not at ${CORPUS} (set HINDSIGHT_CORPUS to its path)`;
/** The time box for everything that touches the corpus: far above the ~2 s it takes, well below a hang. */
const TIME_BOX_MS = 180_000;
const MANIFEST = /\.(ya?ml|json)$/i;

// ------------------------------------------------------------------------------------------------
// Files the oracle accepts but that we report as invalid-input, on purpose or as a known bug.

interface Exception {
  /** Path relative to the corpus. */
  file: RegExp;
  message: RegExp;
  reason: string;
}

const INVALID_BUT_WELL_FORMED: Exception[] = [
  {
    file: /^kube-linter\/tests\/checks\/(duplicate-env-var\.yaml|liveness-port\.yml|readiness-port\.yml|startup-port\.yml)$/,
    message: /^(Deployment|StatefulSet) has no metadata object, so it has no name$/,
    reason: 'kube-linter test shorthand: objects without metadata.name, which the API server refuses ("resource name may not be empty")',
  },
  {
    file: /^cluster-state\/insights-operator\/docs\/insights-archive-sample\/config\/clusteroperator\/.+\.json$/,
    message: /has no metadata object, so it has no name$/,
    reason: 'the Insights archive stores these operator configs with `name` at the top level and no metadata: not Kubernetes objects as the API serves them',
  },
  {
    file: /^prow-2019\/2019-01-22_bfe165de_after-pr10886\/config\/jobs\/kubernetes\/sig-scheduling\/sig-scheduling-config\.yaml$/,
    message: /^empty file: nothing to scan$/,
    reason: 'a 0-byte file; the loader reports it as an invalid-input warning by design (it loses nothing)',
  },
];

// ------------------------------------------------------------------------------------------------
// The oracle, in worker threads so that it runs beside the scan (it is several times slower).

interface OracleError {
  code: string;
  line: number;
  col: number;
}
interface OracleResult {
  file: string;
  errors: OracleError[];
}

const ORACLE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { parseAllDocuments } = require(workerData.yaml);
const lineOf = (text, offset) => text.slice(0, offset).split('\\n').length;
const results = [];
for (const file of workerData.files) {
  const text = readFileSync(file, 'utf8');
  const errors = [];
  if (/\\.json$/i.test(file)) {
    try { JSON.parse(text); } catch (e) {
      const at = /position (\\d+)/.exec(String(e.message));
      errors.push({ code: 'JSON', line: at ? lineOf(text, Number(at[1])) : 0, col: 0 });
    }
  } else {
    for (const doc of parseAllDocuments(text)) {
      for (const e of doc.errors) errors.push({ code: e.code, line: e.linePos ? e.linePos[0].line : 0, col: e.linePos ? e.linePos[0].col : 0 });
    }
  }
  results.push({ file, errors });
}
parentPort.postMessage(results);
`;

function runOracle(files: string[]): Promise<OracleResult[]> {
  const yamlPath = createRequire(import.meta.url).resolve('yaml');
  const workers = Math.max(1, Math.min(2, availableParallelism()));
  // Largest first, dealt round-robin: the workers finish together.
  const shares: string[][] = Array.from({ length: workers }, () => []);
  files.forEach((file, i) => shares[i % workers]!.push(file));
  return Promise.all(
    shares.map(
      (share) =>
        new Promise<OracleResult[]>((resolve, reject) => {
          const worker = new Worker(ORACLE_WORKER, { eval: true, workerData: { files: share, yaml: yamlPath } });
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => code !== 0 && reject(new Error(`oracle worker exited with ${code}`)));
        }),
    ),
  ).then((parts) => parts.flat());
}

// ------------------------------------------------------------------------------------------------
// An independent walk of the corpus.

interface CorpusFiles {
  /** Manifest files a directory scan reads: not hidden, not in a Helm chart. */
  scanned: string[];
  /** Manifest files inside Helm charts, which a directory scan skips with a note. */
  inCharts: Array<{ file: string; chart: string }>;
  /** Every other file (README, .gotmpl, .txt, certificates, logs…). */
  others: string[];
}

function walkCorpus(): CorpusFiles {
  const result: CorpusFiles = { scanned: [], inCharts: [], others: [] };
  const visit = (dir: string, chart: string | undefined) => {
    const entries: Dirent[] = readdirSync(dir, { withFileTypes: true });
    const here = chart ?? (entries.some((e) => e.name === 'Chart.yaml' && e.isFile()) ? dir : undefined);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full, here);
      else if (!MANIFEST.test(entry.name) || entry.name.startsWith('.')) result.others.push(full);
      else if (here) result.inCharts.push({ file: full, chart: here });
      else result.scanned.push(full);
    }
  };
  visit(CORPUS, undefined);
  return result;
}

const rel = (file: string) => path.relative(CORPUS, path.resolve(CORPUS, file)).split(path.sep).join('/');

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  location?: { file: string; line: number; column: number };
}
interface JsonOutput {
  findings: JsonFinding[];
  inputErrors: Array<{ message: string }>;
  notes: string[];
  summary: { objects: number; files: number };
}

interface CorpusRun {
  files: CorpusFiles;
  oracle: Map<string, OracleError[]>;
  output: JsonOutput;
  code: number;
  stderr: string;
  scanMs: number;
}

let corpusRun: Promise<CorpusRun> | undefined;

/** Runs once for every test below: the oracle in workers while the CLI scans the corpus. */
function scanCorpus(): Promise<CorpusRun> {
  corpusRun ??= (async () => {
    const files = walkCorpus();
    const toCheck = [...files.scanned, ...files.inCharts.map((c) => c.file)];
    const oraclePromise = runOracle(toCheck);
    const started = performance.now();
    const run = await cli(['scan', '.', '--format', 'json', '--fail-on', 'never'], { cwd: CORPUS });
    const scanMs = performance.now() - started;
    const oracle = new Map((await oraclePromise).map((r) => [rel(r.file), r.errors]));
    return { files, oracle, output: JSON.parse(run.stdout) as JsonOutput, code: run.code, stderr: run.stderr, scanMs };
  })();
  return corpusRun;
}

function findingsByFile(output: JsonOutput): Map<string, JsonFinding[]> {
  const byFile = new Map<string, JsonFinding[]>();
  for (const finding of output.findings) {
    if (!finding.location) continue;
    const file = rel(finding.location.file);
    byFile.set(file, [...(byFile.get(file) ?? []), finding]);
  }
  return byFile;
}

// ------------------------------------------------------------------------------------------------

test('the whole corpus scans without a crash or an internal error, every manifest file read', { skip: NO_CORPUS, timeout: TIME_BOX_MS }, async (t) => {
  const { files, output, code, stderr, scanMs } = await scanCorpus();
  t.diagnostic(`scanned ${output.summary.files} files, ${output.summary.objects} objects in ${Math.round(scanMs)} ms`);
  assert.doesNotMatch(stderr, /internal error/);
  assert.equal(code, 0, '--fail-on never exits 0');
  // Every file of the independent walk was read (an empty file is reported, not counted), and nothing else.
  const unread = output.inputErrors.filter((e) => /^(empty file|binary file)/.test(e.message)).length;
  assert.equal(output.summary.files + unread, files.scanned.length);
  assert.ok(output.summary.objects > 2000, `only ${output.summary.objects} objects loaded`);
  // Every Helm chart the walk skipped is named in a note, with the command that renders it.
  for (const chart of new Set(files.inCharts.map((c) => rel(c.chart)))) {
    assert.ok(
      output.notes.some((note) => note.startsWith(`skipped Helm chart ${chart}:`)),
      `no note about the Helm chart ${chart}`,
    );
  }
});

test('no invalid-input on a file the oracle reads as valid, except the listed ones', { skip: NO_CORPUS, timeout: TIME_BOX_MS }, async () => {
  const { oracle, output } = await scanCorpus();
  const byFile = findingsByFile(output);
  const unexplained: string[] = [];
  const used = new Set<Exception>();
  for (const [file, findings] of byFile) {
    const errors = oracle.get(file);
    if (errors === undefined || errors.length > 0) continue; // not a manifest file, or not valid: next test
    for (const finding of findings.filter((f) => f.rule === 'invalid-input')) {
      const exception = INVALID_BUT_WELL_FORMED.find((e) => e.file.test(file) && e.message.test(finding.message));
      if (exception) used.add(exception);
      else unexplained.push(`${file}:${finding.location!.line}: ${finding.message}`);
    }
  }
  assert.deepEqual(unexplained, [], 'invalid-input on files the oracle parses without error');
  // The list stays honest: each entry still applies.
  for (const exception of INVALID_BUT_WELL_FORMED) {
    assert.ok(used.has(exception), `no longer reported, remove from the list: ${exception.file} (${exception.reason})`);
  }
});

test('kustomization files are skipped with a note, not reported as invalid input', { skip: NO_CORPUS, timeout: TIME_BOX_MS }, async () => {
  const { output } = await scanCorpus();
  const reported = output.findings.filter((f) => f.location && /kustomization\.yaml$/.test(f.location.file));
  assert.deepEqual(reported.map((f) => `${f.location?.file}: ${f.rule}`), []);
  assert.ok(output.notes.some((n) => /kustomization\.yaml: a kustomize build file/.test(n)));
});

test('files the oracle refuses are accounted for, and our finding is on the line the oracle names', { skip: NO_CORPUS, timeout: TIME_BOX_MS }, async () => {
  const { files, oracle, output } = await scanCorpus();
  const byFile = findingsByFile(output);
  const chartOf = new Map(files.inCharts.map((c) => [rel(c.file), c.chart]));
  const unexplained: string[] = [];
  let duplicateKeyFiles = 0;
  let templates = 0;
  for (const [file, errors] of oracle) {
    if (errors.length === 0) continue;
    const findings = byFile.get(file) ?? [];
    if (errors.every((e) => e.code === 'DUPLICATE_KEY')) {
      // Strict YAML refuses a repeated key; Kubernetes keeps the last value. We report each repeat
      // as duplicate-key (not invalid-input), on the line the oracle names.
      duplicateKeyFiles++;
      assert.deepEqual(findings.filter((f) => f.rule === 'invalid-input'), [], `${file}: duplicate keys are not invalid input`);
      const ours = [...new Set(findings.filter((f) => f.rule === 'duplicate-key').map((f) => f.location!.line))].sort((a, b) => a - b);
      const theirs = [...new Set(errors.map((e) => e.line))].sort((a, b) => a - b);
      assert.deepEqual(ours, theirs, `${file}: duplicate-key lines`);
    } else if (chartOf.has(file)) {
      // An unrendered Helm template: the directory scan skips its chart (checked above) and says
      // nothing about the file itself; outside its chart it is invalid-input at the oracle's line.
      templates++;
      assert.deepEqual(findings, [], `${file} is in a Helm chart the directory scan skips`);
      const copy = path.join(tempDir(), path.basename(file));
      copyFileSync(path.join(CORPUS, file), copy);
      const invalid = scanPaths([copy]).findings.filter((f) => f.rule === 'invalid-input');
      assert.equal(invalid.length, 1, `${file} outside its chart: one invalid-input`);
      assert.equal(invalid[0]!.location!.line, errors[0]!.line, `${file}: line of the first syntax error`);
      assert.match(invalid[0]!.message, /looks like an unrendered template/);
    } else {
      unexplained.push(`${file}: ${errors.map((e) => `${e.line}:${e.col} ${e.code}`).slice(0, 3).join(', ')}`);
    }
  }
  assert.deepEqual(unexplained, [], 'files the oracle refuses that are neither duplicate keys nor Helm templates');
  assert.ok(duplicateKeyFiles > 0 && templates > 0, 'the corpus has both kinds of refused files');
});

test('every other corpus file can be named on the command line without a crash', { skip: NO_CORPUS, timeout: TIME_BOX_MS }, async () => {
  const { files, oracle } = await scanCorpus();
  // Files a directory scan never reads: Helm chart files, READMEs, templates, certificates, logs.
  const named = [...files.inCharts.map((c) => c.file), ...files.others];
  const result = scanPaths(named);
  const unread = result.inputErrors.filter((e) => /^(empty file|binary file)/.test(e.message)).length;
  assert.equal(result.summary.files + unread, named.length, 'every named file is read');
  // A Helm template that does not parse is skipped with a note naming its chart, never invalid-input.
  for (const { file } of files.inCharts) {
    if ((oracle.get(rel(file)) ?? []).length === 0) continue;
    assert.ok(result.notes.some((n) => n.startsWith(`skipped ${file}: it is part of the Helm chart`)), `no note for ${file}`);
    assert.ok(!result.findings.some((f) => f.rule === 'invalid-input' && f.location?.file === file), `invalid-input for ${file}`);
  }
});

test(
  'files of a Helm chart named one by one are skipped with the chart note, not scanned as if rendered',
  { skip: NO_CORPUS, timeout: TIME_BOX_MS },
  async () => {
    const { files } = await scanCorpus();
    const result = scanPaths(files.inCharts.map((c) => c.file));
    assert.deepEqual(result.findings.map((f) => `${f.location?.file}: ${f.rule}`), []);
  },
);

// ------------------------------------------------------------------------------------------------
// The judged findings of the real-world corpus (docs/peer-fixtures.md, "Real-world install manifests").

/**
 * The rules judged on the corpus: the reference, configuration and dependency rules. Rules added
 * later are judged when they are added (docs/peer-fixtures.md); until then they do not move these tests.
 */
const JUDGED_RULES = [
  'missing-secret',
  'missing-configmap',
  'missing-service-account',
  'missing-pvc',
  'missing-key',
  'wrong-namespace',
  'invalid-input',
  'duplicate-key',
  'invalid-embedded-config',
  'duplicate-name',
  'service-selects-nothing',
  'ingress-missing-backend',
  'hpa-missing-target',
  'pdb-selects-nothing',
];

type Verdict = 'true hazard' | 'expected: not in the inputs' | 'false positive (not modelled)';

interface Judged {
  /** `rule severity Kind namespace/name -> related name` */
  finding: string;
  verdict: Verdict;
}

function key(f: Finding): string {
  const o = f.object;
  const related = f.related[0] ? ` -> ${f.related[0].name}` : '';
  return `${f.rule} ${f.severity} ${o ? `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}` : '-'}${related}`;
}

const ARGO_REDIS = 'expected: not in the inputs' as const; // created at runtime by the argocd-redis secret-init init container

const BULK: Record<string, Judged[]> = {
  'bulk/argo-cd-v3.5.1/manifests/install.yaml': [
    { finding: 'missing-secret warning Deployment default/argocd-redis -> argocd-redis', verdict: ARGO_REDIS },
    { finding: 'missing-secret warning Deployment default/argocd-repo-server -> argocd-redis', verdict: ARGO_REDIS },
    { finding: 'missing-secret warning Deployment default/argocd-server -> argocd-redis', verdict: ARGO_REDIS },
    { finding: 'missing-secret warning StatefulSet default/argocd-application-controller -> argocd-redis', verdict: ARGO_REDIS },
  ],
  'bulk/argo-cd-v3.5.1/manifests/ha/install.yaml': [
    { finding: 'missing-secret warning Deployment default/argocd-redis-ha-haproxy -> argocd-redis', verdict: ARGO_REDIS },
    { finding: 'missing-secret warning Deployment default/argocd-repo-server -> argocd-redis', verdict: ARGO_REDIS },
    { finding: 'missing-secret warning Deployment default/argocd-server -> argocd-redis', verdict: ARGO_REDIS },
    { finding: 'missing-secret warning StatefulSet default/argocd-application-controller -> argocd-redis', verdict: ARGO_REDIS },
    { finding: 'missing-secret warning StatefulSet default/argocd-redis-ha-server -> argocd-redis', verdict: ARGO_REDIS },
  ],
  'bulk/calico-v3.32.1/manifests/calico.yaml': [],
  'bulk/calico-v3.32.1/manifests/tigera-operator.yaml': [],
  'bulk/calico-v3.32.1/manifests/operator-crds.yaml': [],
  'bulk/cert-manager-v0.8-2019/deploy/manifests': [],
  'bulk/cert-manager-v1.8.2/manifests/cert-manager.yaml': [],
  'bulk/ingress-nginx-v1.15.1/deploy/static/provider/baremetal/deploy.yaml': [],
  'bulk/ingress-nginx-v1.15.1/deploy/static/provider/cloud/deploy.yaml': [],
  'bulk/kube-prometheus-v0.18.0/manifests': [],
  'bulk/longhorn-v1.12.1/deploy/longhorn.yaml': [
    // longhorn-manager labels its own pods with these once its webhook servers are up.
    { finding: 'service-selects-nothing warning Service longhorn-system/longhorn-admission-webhook', verdict: 'false positive (not modelled)' },
    { finding: 'service-selects-nothing warning Service longhorn-system/longhorn-recovery-backend', verdict: 'false positive (not modelled)' },
  ],
  'bulk/metrics-server-v0.8.1/components.yaml': [],
  'bulk/metrics-server-v0.8.1/high-availability-1.21+.yaml': [],
};

for (const [input, judged] of Object.entries(BULK)) {
  test(`real-world install ${input}: exactly the judged findings`, { skip: NO_CORPUS }, () => {
    const actual = scanPaths([path.join(CORPUS, input)], JUDGED_RULES).findings.map(key).sort();
    assert.deepEqual(actual, judged.map((j) => j.finding).sort());
  });
}

/** Per snapshot, findings counted by `rule/severity`; every one judged in docs/peer-fixtures.md. */
const SNAPSHOTS: Record<string, Record<string, number>> = {
  // Secrets and the job-config/config/plugins ConfigMaps are created outside the repository
  // (kubectl create … --from-file): expected "not in the inputs" warnings. The duplicate-key is
  // real: the ProwJob CRD's State column has `name:` twice (prowjob_customresourcedefinition.yaml
  // and starter.yaml). The invalid-input warning is an empty job config file.
  'prow-2019/2019-01-22_bfe165de_after-pr10886': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2, 'invalid-input/warning': 1 },
  'prow-2019/2019-01-22_f1358bc7-parent_before-pr10868': {},
  'prow-2019/2019-01-22_f1358bc7_after-pr10868': { 'missing-secret/warning': 3, 'missing-configmap/warning': 4 },
  'prow-2019/2019-01-23_b0c67200_after-pr10905-fix': { 'missing-secret/warning': 3, 'missing-configmap/warning': 4 },
  'prow-2019/2019-02-05_8c1cd804_bump-v20190205': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2 },
  'prow-2019/2019-02-05_4956da7c_revert-bump': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2 },
  'prow-2019/2019-02-05_3575681e_suspend-branchprotector': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2 },
  'prow-2019/2019-02-08_e6a015bf_bump-v20190208': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2 },
  'prow-2019/2019-02-08_1d1fd7b0_image-reverted-flags-kept': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2 },
  'prow-2019/2019-02-08_629294f8_flags-reverted': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2 },
  'prow-2019/2019-02-28_912a511f': { 'missing-secret/warning': 21, 'missing-configmap/warning': 10, 'duplicate-key/error': 2 },
  // The Secrets live in a separate repository: expected warnings. Services in namespace `example`
  // are examples with no workload there: expected warnings.
  'edgi-web-monitoring/after': { 'missing-secret/warning': 6, 'service-selects-nothing/warning': 2 },
  'edgi-web-monitoring/before': { 'missing-secret/warning': 6 },
  // current/ ships example.secrets.yaml, whose app-secrets lacks the auto_annotation_user key ten
  // workloads read: true against the inputs (the example is stale).
  'edgi-web-monitoring/current': { 'missing-secret/warning': 3, 'missing-key/error': 10, 'service-selects-nothing/warning': 2 },
  // Helm charts and helmfile values only: nothing renders without helm, so nothing is scanned.
  'toolforge-builds-api': {},
};

for (const [snapshot, expected] of Object.entries(SNAPSHOTS)) {
  test(`snapshot ${snapshot}: the judged findings, by rule`, { skip: NO_CORPUS }, () => {
    const counts: Record<string, number> = {};
    for (const f of scanPaths([path.join(CORPUS, snapshot)], JUDGED_RULES).findings) counts[`${f.rule}/${f.severity}`] = (counts[`${f.rule}/${f.severity}`] ?? 0) + 1;
    assert.deepEqual(counts, expected);
  });
}

// ------------------------------------------------------------------------------------------------
// Regressions for the false positives the corpus revealed (these need no corpus).

const only = (text: string, rule: string) => scanText(text, [rule]).findings.map(key);

test('regression: a Service selecting one StatefulSet pod by statefulset.kubernetes.io/pod-name (argo-cd HA redis)', () => {
  const manifests = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis-ha-server, namespace: argocd}
spec:
  replicas: 3
  selector: {matchLabels: {app: redis-ha}}
  template:
    metadata: {labels: {app: redis-ha}}
    spec: {containers: [{name: redis, image: "redis:7.2"}]}
---
apiVersion: v1
kind: Service
metadata: {name: announce-2, namespace: argocd}
spec:
  selector: {app: redis-ha, statefulset.kubernetes.io/pod-name: redis-ha-server-2}
  ports: [{port: 6379}]
---
apiVersion: v1
kind: Service
metadata: {name: by-index, namespace: argocd}
spec:
  selector: {apps.kubernetes.io/pod-index: "1"}
  ports: [{port: 6379}]
---
apiVersion: v1
kind: Service
metadata: {name: announce-3, namespace: argocd}
spec:
  selector: {app: redis-ha, statefulset.kubernetes.io/pod-name: redis-ha-server-3}
  ports: [{port: 6379}]
`;
  // Ordinals 0..2 exist; a fourth pod does not.
  assert.deepEqual(only(manifests, 'service-selects-nothing'), ['service-selects-nothing warning Service argocd/announce-3']);
});

test('regression: pods created by prometheus-operator from a Prometheus or Alertmanager (kube-prometheus)', () => {
  const manifests = `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: {name: main, namespace: monitoring}
spec:
  replicas: 3
  podMetadata:
    labels: {app.kubernetes.io/name: alertmanager, app.kubernetes.io/instance: main}
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec: {replicas: 2}
---
apiVersion: v1
kind: Service
metadata: {name: alertmanager-main, namespace: monitoring}
spec:
  selector: {app.kubernetes.io/name: alertmanager, app.kubernetes.io/instance: main}
  ports: [{port: 9093}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: prometheus-k8s, namespace: monitoring}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {prometheus: k8s}}
---
apiVersion: v1
kind: Service
metadata: {name: grafana, namespace: monitoring}
spec:
  selector: {app.kubernetes.io/name: grafana}
  ports: [{port: 3000}]
`;
  assert.deepEqual(only(manifests, 'service-selects-nothing'), ['service-selects-nothing warning Service monitoring/grafana']);
  assert.deepEqual(only(manifests, 'pdb-selects-nothing'), []);
});

test('regression: the Secret a kube-webhook-certgen Job creates (ingress-nginx admission)', () => {
  const job = (args: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: admission-create, namespace: ingress-nginx}
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - name: create
        image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9@sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd
        args: ${args}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app: controller}}
  template:
    metadata: {labels: {app: controller}}
    spec:
      containers: [{name: controller, image: "registry.k8s.io/ingress-nginx/controller:v1.15.1"}]
      volumes: [{name: webhook-cert, secret: {secretName: ingress-nginx-admission}}]
`;
  assert.deepEqual(only(job('[create, "--namespace=$(POD_NAMESPACE)", --secret-name=ingress-nginx-admission]'), 'missing-secret'), []);
  assert.deepEqual(only(job('[create, --secret-name, ingress-nginx-admission]'), 'missing-secret'), []);
  // `patch` only reads the Secret; another name or another namespace provides nothing here.
  const missing = ['missing-secret warning Deployment ingress-nginx/controller -> ingress-nginx-admission'];
  assert.deepEqual(only(job('[patch, --secret-name=ingress-nginx-admission]'), 'missing-secret'), missing);
  assert.deepEqual(only(job('[create, --secret-name=other]'), 'missing-secret'), missing);
  assert.deepEqual(only(job('[create, --namespace=kube-system, --secret-name=ingress-nginx-admission]'), 'missing-secret'), missing);
});

test('regression: a pod template without a pod spec still has labels a selector can match (kube-linter dangling-service)', () => {
  const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: no-template, namespace: shop}
spec:
  selector: {matchLabels: {app: gone}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: gone, namespace: shop}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: gone}}
`;
  assert.deepEqual(only(manifests, 'service-selects-nothing'), []);
  // No template at all: no pods, whatever the Deployment's own selector says.
  assert.deepEqual(only(manifests, 'pdb-selects-nothing'), ['pdb-selects-nothing warning PodDisruptionBudget shop/gone']);
});

test('regression: a networking.k8s.io/v1 Ingress naming its backend with serviceName/servicePort (kube-score issue 363)', () => {
  const ingress = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: Ingress
metadata: {name: app, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - backend: {serviceName: web, servicePort: http}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
`;
  const v1 = scanText(ingress('networking.k8s.io/v1'), ['ingress-missing-backend']).findings;
  assert.deepEqual(v1.map(key), ['ingress-missing-backend error Ingress shop/app -> web']);
  assert.match(v1[0]!.message, /serviceName\/servicePort, fields networking\.k8s\.io\/v1 does not have/);
  assert.equal(v1[0]!.location?.line, 8);
  // The same backend is right in the older APIs.
  assert.deepEqual(only(ingress('networking.k8s.io/v1beta1'), 'ingress-missing-backend'), []);
  assert.deepEqual(only(ingress('extensions/v1beta1'), 'ingress-missing-backend'), []);
});
