// Peer agreement: kube-score's and kube-linter's own fixtures, with the outcome their test suites
// assert (corpus/kube-score/EXPECTED.md, corpus/kube-linter/EXPECTED.md), against our verdict on
// the same file for the rule that checks the same thing.
//
// Each case is data: the peer's check and verdict, the objects it flags, and the exact findings we
// give (rule, severity, object, line), every one verified by reading the fixture by hand. A case is
// an agreement when we flag the same objects (or, where the peer flags the other end of the
// relation, as for "Deployment has a PodDisruptionBudget", when both flag something); otherwise it
// is a deliberate disagreement and says why. docs/peer-fixtures.md is the same table in prose.
//
// Severity is not compared: a peer's CRITICAL is our `error`, except that with manifests alone a
// target "not found in the inputs" is a `warning` (SPEC.md): the cluster may hold it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import type { Finding } from '../src/engine/finding.js';
import { loadManifests } from '../src/sources/manifests.js';
import { CORPUS, HAVE_CORPUS, scanPaths, scanText } from './helpers.js';

const NO_CORPUS = HAVE_CORPUS ? false : `the shared corpus is not at ${CORPUS} (set HINDSIGHT_CORPUS to its path)`;

export interface Case {
  peer: 'kube-score' | 'kube-linter';
  /** Relative to corpus/<peer>/. */
  fixture: string;
  /** The peer's check id and what its test asserts. */
  check: string;
  peerVerdict: string;
  /** Objects the peer flags (`Kind namespace/name`), for checks about the same object as ours. */
  peerFlags: string[];
  /** Our rules that check the same thing. */
  rules: string[];
  /** Our findings for those rules: `line severity rule Kind namespace/name`. */
  ours: string[];
  /**
   * 'same objects': we flag exactly the objects the peer flags.
   * 'same verdict': the peer flags the other end of the relation (the workload a PDB should cover,
   * the pod a Service should target): both flag something, or both nothing.
   * Otherwise the reason we deliberately disagree.
   */
  agreement: 'same objects' | 'same verdict' | { disagree: string };
  note?: string;
}

const KS = 'kube-score' as const;
const KL = 'kube-linter' as const;
const T = 'score/testdata/';
const C = 'tests/checks/';
const NOT_IN_INPUTS = 'warning, not error: with manifests alone the target is only "not found in the inputs"';

export const CASES: Case[] = [
  // ---------------------------------------------------------------- kube-linter e2e (bats) tests
  {
    peer: KL, fixture: `${C}dangling-service.yml`, check: 'dangling-service', peerVerdict: '2 reports',
    peerFlags: ['Service default/app1', 'Service default/app2'], rules: ['service-selects-nothing'],
    ours: ['41 warning service-selects-nothing Service default/app1', '62 warning service-selects-nothing Service default/app2'],
    agreement: 'same objects',
    note: 'dont-fire is matched by a Deployment template that has labels but no pod spec (fixed: labels count without a spec); app2 is served by a DeploymentConfig, which we do not model, but its selector matches no labels anyway',
  },
  {
    peer: KL, fixture: `${C}dangling-ingress.yml`, check: 'dangling-ingress', peerVerdict: '2 reports (missing, port 80; bad-port, port 8080)',
    peerFlags: ['Ingress default/missing-service', 'Ingress default/bad-port'], rules: ['ingress-missing-backend'],
    ours: ['76 warning ingress-missing-backend Ingress default/missing-service', '102 error ingress-missing-backend Ingress default/bad-port'],
    agreement: 'same objects', note: `missing Service: ${NOT_IN_INPUTS}; a port the Service does not expose is an error`,
  },
  {
    peer: KL, fixture: `${C}dangling-hpa.yml`, check: 'dangling-horizontalpodautoscaler', peerVerdict: '1 report (Deployment app2)',
    peerFlags: ['HorizontalPodAutoscaler default/hpa1'], rules: ['hpa-missing-target'],
    ours: ['47 warning hpa-missing-target HorizontalPodAutoscaler default/hpa1'],
    agreement: 'same objects', note: NOT_IN_INPUTS,
  },
  {
    peer: KL, fixture: `${C}non-existent-service-account.yml`, check: 'non-existent-service-account', peerVerdict: '2 reports (Deployment, DeploymentConfig)',
    peerFlags: ['Deployment default/app', 'DeploymentConfig default/app'], rules: ['missing-service-account'],
    ours: ['23 warning missing-service-account Deployment default/app'],
    agreement: { disagree: 'DeploymentConfig (apps.openshift.io, deprecated since OpenShift 4.14) is not a kind we check; the Deployment agrees' },
  },
  {
    peer: KL, fixture: `${C}env-var-value-from.yml`, check: 'env-value-from', peerVerdict: '4 reports (2 unknown keys, unknown ConfigMap, unknown Secret)',
    peerFlags: [
      'Deployment default/should-fire-secret', 'Deployment default/should-fire-configmap',
      'Deployment default/should-fire-missing-configmap', 'Deployment default/should-fire-missing-secret',
    ],
    rules: ['missing-secret', 'missing-configmap', 'missing-key'],
    ours: [
      '26 error missing-key Deployment default/should-fire-secret',
      '90 error missing-key Deployment default/should-fire-configmap',
      '151 warning missing-configmap Deployment default/should-fire-missing-configmap',
      '175 warning missing-secret Deployment default/should-fire-missing-secret',
    ],
    agreement: 'same objects', note: `a key missing from a Secret/ConfigMap in the inputs is a fact (error); a missing object: ${NOT_IN_INPUTS}`,
  },
  {
    peer: KL, fixture: `${C}duplicate-env-var.yaml`, check: 'duplicate-env-var', peerVerdict: '2 reports (PORT in fire-deployment, fire-stateful)',
    peerFlags: ['Deployment <unnamed>', 'StatefulSet <unnamed>'], rules: ['duplicate-name', 'invalid-input'],
    ours: ['1 error invalid-input -', '20 error invalid-input -'],
    agreement: { disagree: 'the fixture\'s objects have no metadata at all, so no name: the API server refuses them, and we report each as invalid-input instead of linting it; with names added we flag the same containers (next test)' },
  },
  {
    peer: KL, fixture: `${C}pdb-min-available.yaml`, check: 'pdb-min-available (implies which Deployments each PDB selects)',
    peerVerdict: '3 reports: Deployments foo, foo2, foo3 are covered by PDBs baz, baz2, baz3',
    peerFlags: [], rules: ['pdb-selects-nothing'],
    ours: ['9 warning pdb-selects-nothing PodDisruptionBudget bar/baz'],
    agreement: { disagree: 'Deployment foo has a selector but no pod template, so it creates no pods: we match PDBs against the labels pods carry, kube-linter against the Deployment\'s selector. baz2 and baz3 agree (their Deployments have labels but no pod spec, which we now count).' },
  },

  // ---------------------------------------------------------------- kube-score: Service targets Pod
  ...(
    [
      ['service-externalname.yaml', 'OK', []],
      ['service-not-target-deployment.yaml', 'CRITICAL', ['20 default/my-service-no-match']],
      ['service-not-target-pod-multi-label.yaml', 'CRITICAL', ['18 default/my-service']],
      ['service-not-target-pod.yaml', 'CRITICAL', ['17 default/my-service']],
      ['service-target-deployment-different-namespace.yaml', 'CRITICAL', ['22 not-foospace/my-service']],
      ['service-target-deployment-same-namespace.yaml', 'OK', []],
      ['service-target-deployment.yaml', 'OK', []],
      ['service-target-pod-different-namespace.yaml', 'CRITICAL', ['19 not-foospace/my-service']],
      ['service-target-pod-multi-label.yaml', 'OK', []],
      ['service-target-pod-same-namespace.yaml', 'OK', []],
      ['service-target-pod.yaml', 'OK', []],
    ] as const
  ).map(([fixture, verdict, flagged]): Case => serviceCase(fixture, 'service-targets-pod', verdict, flagged)),
  // "Deployment Strategy"/"Deployment Replicas" are graded only for a Deployment a Service targets
  // (skipped otherwise, deployment_test.go): these grades imply the Service matches.
  ...(['service-target-deployment-not-rolling.yaml', 'service-target-deployment-replica-1.yaml', 'service-target-deployment-strategy-not-set.yaml'] as const).map(
    (fixture): Case => serviceCase(fixture, 'deployment-strategy / deployment-replicas graded, so the Deployment is targeted', 'targeted', []),
  ),
  // "Pod Probes" says "The pod is not targeted by a service" when no Service selects the pod.
  ...(
    [
      ['pod-probes-not-targeted-by-service-multi-labels.yaml', 'not targeted', ['22 default/my-service']],
      ['pod-probes-not-targeted-by-service.yaml', 'not targeted', ['21 default/my-service']],
      ['pod-probes-targeted-by-service-different-namespace.yaml', 'not targeted', ['23 not-foospace/my-service']],
      ['pod-probes-targeted-by-service-same-namespace-multi-labels.yaml', 'targeted', []],
      ['pod-probes-targeted-by-service-same-namespace.yaml', 'targeted', []],
      ['pod-probes-targeted-by-service.yaml', 'targeted', []],
    ] as const
  ).map(([fixture, verdict, flagged]): Case => serviceCase(fixture, 'pod-probes (summary says whether a Service targets the pod)', verdict, flagged)),
  // "StatefulSet has ServiceName": the part we share is "the governing Service selects the pods".
  serviceCase('statefulset-service-name.yaml', 'statefulset-has-servicename', 'OK', []),
  serviceCase('statefulset-service-name-different-label.yaml', 'statefulset-has-servicename (Service selects app=foo, pods are app=bar)', 'CRITICAL', ['7 default/svc-test-1']),

  // ---------------------------------------------------------------- kube-score: Ingress targets Service
  ...(
    [
      ['ingress-networkingv1-targets-service-no-match.yaml', 'CRITICAL', ['20 warning testspace/app-ingress']],
      ['ingress-networkingv1-targets-service.yaml', 'OK', []],
      ['ingress-networkingv1beta1-targets-service-no-match.yaml', 'CRITICAL', ['17 warning testspace/app-ingress']],
      ['ingress-networkingv1beta1-targets-service.yaml', 'OK', []],
      ['ingress-targets-service-no-match.yaml', 'CRITICAL', ['17 warning testspace/app-ingress']],
      ['ingress-targets-service.yaml', 'OK', []],
      ['ingress-v1-invalid-backend.yaml', 'CRITICAL', ['12 error default/whatever']],
      ['ingress_issue363.yaml', 'CRITICAL', ['14 error testspace/app-ingress']],
      ['ingress_issue388.yaml', 'OK', []],
    ] as const
  ).map(([fixture, verdict, flagged]): Case => ({
    peer: KS, fixture: T + fixture, check: 'ingress-targets-service', peerVerdict: verdict,
    peerFlags: flagged.map((f) => `Ingress ${f.split(' ')[2]}`), rules: ['ingress-missing-backend'],
    ours: flagged.map((f) => { const [line, severity, object] = f.split(' '); return `${line} ${severity} ingress-missing-backend Ingress ${object}`; }),
    agreement: 'same objects',
    ...(/issue363|invalid-backend/.test(fixture) && { note: 'a networking.k8s.io/v1 backend written with serviceName/servicePort names no Service (fixed: we used to read the old fields in v1 too)' }),
    ...(/no-match/.test(fixture) && { note: NOT_IN_INPUTS }),
  })),

  // ---------------------------------------------------------------- kube-score: HPA has target
  ...(
    [
      ['hpa-autoscalingv1-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'OK'],
      ['hpa-autoscalingv2-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'OK'],
      ['hpa-autoscalingv2beta1-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'OK'],
      ['hpa-autoscalingv2beta2-targets-deployment.yaml', 'horizontalpodautoscaler-has-target', 'OK'],
      ['hpa-has-no-target.yaml', 'horizontalpodautoscaler-has-target', 'CRITICAL'],
      // Graded only for a Deployment an HPA targets, or skipped "as controlled by a HorizontalPodAutoscaler".
      ['deployment-with-hpa-has-replicas.yaml', 'deployment-targeted-by-hpa-does-not-have-replicas-configured graded, so the target exists', 'target found'],
      ['deployment-with-hpa-not-has-replicas.yaml', 'deployment-targeted-by-hpa-does-not-have-replicas-configured graded, so the target exists', 'target found'],
      ['hpa-target-deployment.yaml', 'deployment-replicas skipped "as the Deployment is controlled by a HorizontalPodAutoscaler"', 'target found'],
    ] as const
  ).map(([fixture, check, verdict]): Case => {
    const flagged = verdict === 'CRITICAL';
    return {
      peer: KS, fixture: T + fixture, check, peerVerdict: verdict,
      peerFlags: flagged ? ['HorizontalPodAutoscaler default/php-apache'] : [], rules: ['hpa-missing-target'],
      ours: flagged ? ['10 warning hpa-missing-target HorizontalPodAutoscaler default/php-apache'] : [],
      agreement: 'same objects', ...(flagged && { note: NOT_IN_INPUTS }),
    };
  }),

  // ---------------------------------------------------------------- kube-score: workload has a PDB
  ...(
    [
      ['deployment-poddisruptionbudget-v1-different-namespace.yaml', 'deployment-has-poddisruptionbudget', 'CRITICAL',
        ['8 not-foo/app-budget', '19 bar/app-budget', '30 baz/app-budget-not-matching']],
      ['deployment-poddisruptionbudget-v1-matches.yaml', 'deployment-has-poddisruptionbudget', 'OK', []],
      ['deployment-poddisruptionbudget-v1-no-match.yaml', 'deployment-has-poddisruptionbudget', 'CRITICAL', ['7 default/app-budget']],
      ['deployment-poddisruptionbudget-v1beta1-expression-matches.yaml', 'deployment-has-poddisruptionbudget', 'OK', []],
      ['deployment-poddisruptionbudget-v1beta1-expression-no-match.yaml', 'deployment-has-poddisruptionbudget', 'CRITICAL', ['7 default/app-budget']],
      ['deployment-poddisruptionbudget-v1beta1-matches.yaml', 'deployment-has-poddisruptionbudget', 'OK', []],
      ['deployment-poddisruptionbudget-v1beta1-no-match.yaml', 'deployment-has-poddisruptionbudget', 'CRITICAL', ['7 default/app-budget']],
      ['statefulset-poddisruptionbudget-v1beta1-expression-matches.yaml', 'statefulset-has-poddisruptionbudget', 'OK', []],
      ['statefulset-poddisruptionbudget-v1beta1-expression-no-match.yaml', 'statefulset-has-poddisruptionbudget', 'CRITICAL', ['7 default/app-budget']],
      ['statefulset-poddisruptionbudget-v1beta1-matches.yaml', 'statefulset-has-poddisruptionbudget', 'OK', []],
      ['statefulset-poddisruptionbudget-v1beta1-no-match.yaml', 'statefulset-has-poddisruptionbudget', 'CRITICAL', ['7 default/app-budget']],
    ] as const
  ).map(([fixture, check, verdict, flagged]): Case => ({
    peer: KS, fixture: T + fixture, check, peerVerdict: verdict,
    peerFlags: verdict === 'CRITICAL' ? [`${check.startsWith('deployment') ? 'Deployment' : 'StatefulSet'} (the workload)`] : [],
    rules: ['pdb-selects-nothing'],
    ours: flagged.map((f) => { const [line, object] = f.split(' '); return `${line} warning pdb-selects-nothing PodDisruptionBudget ${object}`; }),
    agreement: 'same verdict',
    note: 'kube-score flags the workload no PDB covers (our planned missing-pdb), we flag the PDB that covers nothing; with one workload and its PDBs in a file, the verdicts coincide',
  })),

  // ---------------------------------------------------------------- kube-score: duplicates
  {
    peer: KS, fixture: `${T}pod-env-duplicated.yaml`, check: 'environment-variable-key-duplication', peerVerdict: 'CRITICAL',
    peerFlags: ['Pod default/pod-test-1'], rules: ['duplicate-name'],
    ours: ['14 error duplicate-name Pod default/pod-test-1', '18 error duplicate-name Pod default/pod-test-1'],
    agreement: 'same objects', note: 'one finding per repeated variable (bar, baz)',
  },
  {
    peer: KS, fixture: `${T}pod-env-ok.yaml`, check: 'environment-variable-key-duplication', peerVerdict: 'OK',
    peerFlags: [], rules: ['duplicate-name'], ours: [], agreement: 'same objects',
  },
  {
    peer: KS, fixture: `${T}pod-container-ports-duplicate-names.yaml`, check: 'container-ports-check', peerVerdict: 'CRITICAL (two ports named app)',
    peerFlags: ['Deployment default/app'], rules: ['duplicate-name'],
    ours: ['26 error duplicate-name Deployment default/app'], agreement: 'same objects',
  },
  {
    peer: KS, fixture: `${T}pod-container-ports-ok.yaml`, check: 'container-ports-check', peerVerdict: 'OK',
    peerFlags: [], rules: ['duplicate-name'], ours: [], agreement: 'same objects',
  },

  // ---------------------------------------------------------------- kube-score: parsing
  {
    peer: KS, fixture: 'parser/testdata/invalid-yaml.yaml', check: 'parser (TestParse)', peerVerdict: 'parse fails: nodePort: ${PORT} is a string where int32 is expected',
    peerFlags: ['Service test/${APP}-service'], rules: ['invalid-input'], ours: [],
    agreement: { disagree: 'invalid-input checks the shapes rules read (object, list, map of strings), not scalar types; an unexpanded ${VAR} in an integer field is left to the API server' },
  },
  {
    peer: KS, fixture: 'parser/testdata/valid-yaml.yaml', check: 'parser (TestParse)', peerVerdict: 'parses',
    peerFlags: [], rules: ['invalid-input'], ours: [], agreement: 'same objects',
  },
  {
    peer: KS, fixture: `${T}configmap-multi-dash.yaml`, check: 'scoring (TestConfigMapMultiDash)', peerVerdict: 'no error (----- inside a block scalar is not a document marker)',
    peerFlags: [], rules: ['invalid-input', 'invalid-embedded-config'], ours: [], agreement: 'same objects',
  },
];

function serviceCase(fixture: string, check: string, verdict: string, flagged: readonly string[]): Case {
  return {
    peer: KS, fixture: T + fixture, check, peerVerdict: verdict,
    peerFlags: flagged.map((f) => `Service ${f.split(' ')[1]}`), rules: ['service-selects-nothing'],
    ours: flagged.map((f) => { const [line, object] = f.split(' '); return `${line} warning service-selects-nothing Service ${object}`; }),
    agreement: 'same objects',
    ...(flagged.length > 0 && { note: 'warning by design: nothing may be listening yet, or the pods come from elsewhere' }),
  };
}

function objectOf(f: Finding): string {
  const o = f.object;
  return o ? `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}` : '-';
}

function brief(f: Finding): string {
  return `${f.location?.line ?? '-'} ${f.severity} ${f.rule} ${objectOf(f)}`;
}

function fixturePath(c: Case): string {
  return path.join(CORPUS, c.peer, c.fixture);
}

for (const c of CASES) {
  const label = typeof c.agreement === 'string' ? c.agreement : 'disagree';
  test(`${c.peer} ${c.fixture} [${c.check}: ${c.peerVerdict}] — ${label}`, { skip: NO_CORPUS }, () => {
    const findings = scanPaths([fixturePath(c)], c.rules).findings;
    assert.deepEqual(findings.map(brief), c.ours);
    // The agreement label must be true of the data.
    const weFlag = [...new Set(findings.filter((f) => f.object).map(objectOf))].sort();
    if (c.agreement === 'same objects') assert.deepEqual(weFlag, [...c.peerFlags].sort(), 'we flag exactly the objects the peer flags');
    else if (c.agreement === 'same verdict') assert.equal(c.ours.length > 0, c.peerFlags.length > 0, 'both flag something, or both nothing');
    else assert.notDeepEqual(c.ours.length > 0 ? weFlag : [], [...c.peerFlags].sort(), 'a disagreement must differ');
  });
}

// ------------------------------------------------------------------------------------------------
// Derived cases and loader facts the peers assert.

test('kube-linter duplicate-env-var with names added: we flag the same two containers, and not the others', { skip: NO_CORPUS }, () => {
  const original = readFileSync(path.join(CORPUS, 'kube-linter', C, 'duplicate-env-var.yaml'), 'utf8');
  let n = 0;
  const named = original.replace(/^kind: (\w+)$/gm, (line) => `${line}\nmetadata: {name: obj${++n}}`);
  assert.equal(n, 2);
  const messages = scanText(named, ['duplicate-name', 'invalid-input']).findings.map((f) => `${f.rule}: ${f.message}`);
  assert.deepEqual(messages, [
    "duplicate-name: Deployment default/obj1: container 'fire-deployment' sets env PORT twice (entries 1 and 2); Kubernetes silently keeps the last one",
    "duplicate-name: StatefulSet default/obj2: container 'fire-stateful' sets env PORT twice (entries 1 and 2); Kubernetes silently keeps the last one",
  ]);
});

test('kube-score list.yaml: a List gives exactly its two objects, and its Service selects its Deployment', { skip: NO_CORPUS }, () => {
  const result = scanPaths([path.join(CORPUS, 'kube-score', T, 'list.yaml')], ['service-selects-nothing', 'invalid-input']);
  assert.equal(result.summary.objects, 2);
  assert.deepEqual(result.findings.map(brief), []);
});

function objectLines(file: string): string[] {
  const loaded = loadManifests([file], { defaultNamespace: 'default', ignore: [], root: CORPUS });
  return loaded.objects.map((o) => `${o.kind} ${o.name} ${path.relative(CORPUS, o.origin!.file)}:${o.origin!.locate([]).line}`);
}

test('kube-score linenumbers.yaml: objects are located where kube-score locates them (foo at 2, foo2 at 12)', { skip: NO_CORPUS }, () => {
  assert.deepEqual(objectLines(path.join(CORPUS, 'kube-score', T, 'linenumbers.yaml')), [
    `Deployment foo kube-score/${T}linenumbers.yaml:2`,
    `Deployment foo2 kube-score/${T}linenumbers.yaml:12`,
  ]);
});

test('kube-score linenumbers-helm.yaml — deliberate disagreement: we point into the rendered file, not at the "# Source:" template', { skip: NO_CORPUS }, () => {
  // kube-score reports app1/templates/deployment.yaml line 1 for both objects; a line in the
  // template would not match the rendered text the finding quotes, so we keep the real file and line.
  assert.deepEqual(objectLines(path.join(CORPUS, 'kube-score', T, 'linenumbers-helm.yaml')), [
    `Deployment foo kube-score/${T}linenumbers-helm.yaml:3`,
    `Deployment foo2 kube-score/${T}linenumbers-helm.yaml:14`,
  ]);
});

test('the agreement table covers every EXPECTED.md row for a check we implement', { skip: NO_CORPUS }, () => {
  // Rows of the peers' EXPECTED.md whose check is one of ours; each fixture must be a case above.
  const ours: Record<string, RegExp> = {
    'kube-score': /`(service-targets-pod|ingress-targets-service|horizontalpodautoscaler-has-target|deployment-has-poddisruptionbudget|statefulset-has-poddisruptionbudget|environment-variable-key-duplication)`/,
    'kube-linter': /^\| `(dangling-service|dangling-ingress|dangling-horizontalpodautoscaler|non-existent-service-account|env-value-from|duplicate-env-var)` \|/,
  };
  for (const peer of ['kube-score', 'kube-linter'] as const) {
    const rows = readFileSync(path.join(CORPUS, peer, 'EXPECTED.md'), 'utf8').split('\n').filter((row) => ours[peer]!.test(row));
    assert.ok(rows.length > 0);
    for (const row of rows) {
      const fixture = /`((?:tests\/checks\/)?[\w.-]+\.ya?ml)`/.exec(row)?.[1];
      assert.ok(fixture, row);
      const covered = CASES.some((c) => c.peer === peer && c.fixture.endsWith(fixture.replace(/^tests\/checks\//, '')));
      assert.ok(covered, `${peer} ${fixture} has no case`);
    }
  }
});
