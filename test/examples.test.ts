// The embedded demo: examples/incidents/<NNN-slug>/ rebuilds the state before each post-mortem's outage.
// - Golden: the full JSON report of each example equals test/golden/<folder>.json (UPDATE_GOLDEN=1 rewrites
//   them; review every change by eye: each finding true, each file:line:column on the right field).
// - Per incident, the findings that would have prevented the outage, by rule and object, so that a
//   regression names the incident. Findings of planned rules, or of rules whose inputs the example does not
//   carry yet, are `todo` until they can run here; once a rule lands, its expectation becomes a real assertion.
// - The examples' own promises: a three-line README, a header citing the sources, no real secret values.
// - `npm start` (dist/scripts/demo.js) runs, prints every incident and exits 0.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import yaml from 'js-yaml';
import { INCIDENTS } from '../src/model/incidents.js';
import { PLANNED_RULES, RULES, ruleById } from '../src/rules/index.js';
import { exampleArgs } from '../scripts/examples.js';
import { EXAMPLES, ROOT, cli } from './helpers.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const GOLDEN = path.join(ROOT, 'test', 'golden');

interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}
interface Report {
  findings: Array<{ rule: string; severity: string; object?: ObjectRef; related: ObjectRef[]; location?: { file: string } }>;
  summary: { error: number; warning: number; info: number };
}

/** A finding the example must show: `object` and `related` as `Kind namespace/name`. */
interface Expectation {
  rule: string;
  object: string;
  related?: string;
  why: string;
}

/**
 * What would have prevented each outage (and, for 004, two findings true of its files that widen the blast
 * radius). 000 and 003 are caught today; 001 and 004 need planned rules or inputs (registry, cluster) the
 * examples will carry later. 002 has no rule at all: its answer is the planned `hindsight impact` command.
 */
const PREVENTED_BY: Record<string, Expectation[]> = {
  '000-prow-wrong-namespace': [
    {
      rule: 'wrong-namespace',
      object: 'Pod default/5c0d9c4e-295a-11e9-8f3a-0a580a6c02d1',
      related: 'Secret test-pods/deployer-service-account',
      why: 'the job that deploys Prow hung on this mount, so the revert could not deploy itself',
    },
    {
      rule: 'wrong-namespace',
      object: 'Pod default/5c0d9c4e-295a-11e9-8f3a-0a580a6c02d1',
      related: 'Secret test-pods/service-account',
      why: 'decorated jobs mount the GCS credentials, which exist only in test-pods',
    },
    {
      rule: 'wrong-namespace',
      object: 'Pod default/6e2b7f1a-295b-11e9-8f3a-0a580a6c02d1',
      related: 'Secret test-pods/service-account',
      why: 'preset-service-account: every e2e job pod hung on it',
    },
    {
      rule: 'wrong-namespace',
      object: 'Pod default/6e2b7f1a-295b-11e9-8f3a-0a580a6c02d1',
      related: 'Secret test-pods/ssh-key-secret',
      why: 'preset-k8s-ssh: every e2e job pod hung on it',
    },
    {
      rule: 'stuck-pod',
      object: 'Pod default/5c0d9c4e-295a-11e9-8f3a-0a580a6c02d1',
      why: 'live, the deploy job sat in ContainerCreating (FailedMount) until it was found by hand 40 minutes later',
    },
  ],
  '001-prow-config-skew': [
    {
      rule: 'config-schema',
      object: 'ConfigMap default/job-config',
      why: 'preset-aws-credential twice: valid for the loader CI ran, refused by the hook version the manifests deploy (v20190122-e707848)',
    },
    {
      rule: 'crash-looping',
      object: 'Pod default/hook-5b7c9d8f6-4qk2x',
      why: 'live, hook crash-looped on "duplicated preset label" for hours before anyone looked',
    },
  ],
  '002-toolforge-dns-removal': [],
  '003-edgi-no-limits': [
    { rule: 'missing-requests', object: 'Deployment production/diffing', why: 'the scheduler counted diffing as free and piled it onto one node' },
    { rule: 'missing-memory-limit', object: 'Deployment production/diffing', why: 'one runaway diff took its node down' },
    { rule: 'no-spread', object: 'Deployment production/diffing', why: 'all its replicas sat on the one node they then killed' },
    {
      rule: 'namespace-without-limitrange',
      object: 'Deployment production/api',
      related: 'Deployment production/diffing',
      why: 'no LimitRange defaulted what the Deployments left out (reported on the first workload: no Namespace in the inputs)',
    },
  ],
  '004-toolforge-builds-api-retention': [
    { rule: 'retention-will-delete', object: 'Deployment builds-api/builds-api', why: "keep-last-N retention pruned the running 0.0.130's image" },
    { rule: 'restart-time-bomb', object: 'Deployment builds-api/builds-api', why: 'the 21-day certificate renewal restarted it into an image that was gone' },
    { rule: 'mutable-image-tag', object: 'Deployment builds-api/builds-api', why: 'not the cause, true today: the nginx sidecar runs :latest, pulled Always' },
    { rule: 'missing-pdb', object: 'Deployment builds-api/builds-api', why: 'not the cause, true today: 2 replicas; the post-mortem asks for PodDisruptionBudgets' },
  ],
};

const show = (ref: ObjectRef | undefined) => (ref ? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}` : '-');

const FOLDERS = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function incidentOf(folder: string): { id: string; title: string } | undefined {
  const entry = Object.entries(INCIDENTS).find(([id]) => id.slice(0, 3) === folder.slice(0, 3));
  return entry && { id: entry[0], title: entry[1].title };
}

function manifestFiles(folder: string): string[] {
  const dir = path.join(EXAMPLES, folder, 'manifests');
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

async function scanExample(folder: string): Promise<{ code: number; stdout: string; report: Report }> {
  // Relative path from the repository root: the report's file names are then the same on every machine.
  const run = await cli(['scan', ...exampleArgs(folder), '--format', 'json'], { cwd: ROOT });
  assert.equal(run.stderr, '', `${folder}: the CLI wrote to stderr`);
  return { ...run, report: JSON.parse(run.stdout) as Report };
}

test('there is one example per post-mortem, in order', () => {
  assert.deepEqual(
    FOLDERS.map((f) => incidentOf(f)?.id),
    Object.keys(INCIDENTS),
  );
  assert.deepEqual(FOLDERS, Object.keys(PREVENTED_BY));
});

for (const folder of FOLDERS) {
  const incident = incidentOf(folder);
  const label = `${folder} (${incident?.title.split(':')[0] ?? 'no incident'})`;

  test(`${folder}: the JSON report equals test/golden/${folder}.json`, async () => {
    const { code, stdout, report } = await scanExample(folder);
    assert.equal(code, report.summary.error > 0 ? 1 : 0, 'exit 1 exactly when there is an error finding');
    const golden = path.join(GOLDEN, `${folder}.json`);
    if (UPDATE) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(golden, stdout);
    }
    assert.ok(existsSync(golden), `missing ${path.relative(ROOT, golden)}: run the tests with UPDATE_GOLDEN=1 and review it`);
    assert.deepEqual(report, JSON.parse(readFileSync(golden, 'utf8')));
    for (const finding of report.findings) {
      // Findings about what runs are about the cluster, not a file; every other one points into the manifests.
      if (ruleById(finding.rule)?.subject === 'live') assert.equal(finding.location, undefined);
      else assert.ok(finding.location?.file.startsWith(`examples/incidents/${folder}/manifests/`), `a finding without a location in the example: ${finding.rule}`);
    }
  });

  for (const expected of PREVENTED_BY[folder] ?? []) {
    const name = `${label}: ${expected.rule} on ${expected.object}${expected.related ? ` (${expected.related})` : ''} — ${expected.why}`;
    const rule = ruleById(expected.rule);
    const needs = rule?.needs.filter((need) => need !== 'manifests') ?? [];
    if (!rule) {
      test(name, { todo: `${expected.rule} is planned, not implemented yet` }, () => {});
    } else if (needs.some((need) => need !== 'cluster-state' || !exampleArgs(folder).includes('--snapshot'))) {
      test(name, { todo: `${expected.rule} needs ${needs.join(', ')}: add them to examples/incidents/${folder}/` }, () => {});
    } else {
      test(name, async () => {
        const { report } = await scanExample(folder);
        const match = report.findings.find(
          (f) => f.rule === expected.rule && show(f.object) === expected.object && (!expected.related || f.related.some((r) => show(r) === expected.related)),
        );
        assert.ok(
          match,
          `${incident?.id ?? folder}: expected ${expected.rule} on ${expected.object} (${expected.why}). Findings now:\n` +
            report.findings.map((f) => `  ${f.rule} ${show(f.object)} -> ${f.related.map(show).join(', ')}`).join('\n'),
        );
      });
    }
  }

  test(`${folder}: README.md is exactly three lines: what happened, what hindsight reports now, what later versions add`, () => {
    const lines = readFileSync(path.join(EXAMPLES, folder, 'README.md'), 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^- \*\*What happened:\*\* /);
    assert.match(lines[1]!, /^- \*\*hindsight today:\*\* /);
    assert.match(lines[2]!, /^- \*\*Later versions:\*\* /);
    // What later versions add is named by rule id, from the catalogue (implemented or planned).
    const named = [...RULES.map((r) => r.id), ...PLANNED_RULES].filter((id) => lines[2]!.includes(`\`${id}\``));
    assert.ok(named.length > 0, 'the third line names no rule id of the catalogue');
  });

  test(`${folder}: every manifest cites its sources in a header; Secrets hold only fake placeholders`, () => {
    const files = manifestFiles(folder);
    assert.ok(files.length > 0, 'no manifests');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split(/\r?\n/);
      const header = lines.slice(0, lines.findIndex((line) => !line.startsWith('#'))).join('\n');
      assert.ok(header.length > 0, `${path.basename(file)}: no header comment`);
      assert.match(header, /corpus/i, `${path.basename(file)}: the header names no corpus source`);
      assert.ok(/\b[0-9a-f]{40}\b/.test(header) || /RECONSTRUCTED/.test(header), `${path.basename(file)}: the header names no commit`);
      for (const doc of yaml.loadAll(text) as Array<Record<string, unknown> | null>) {
        if (doc?.['kind'] !== 'Secret') continue;
        const values = [
          ...Object.values((doc['stringData'] ?? {}) as Record<string, string>),
          ...Object.values((doc['data'] ?? {}) as Record<string, string>).map((v) => Buffer.from(v, 'base64').toString('utf8')),
        ];
        assert.ok(values.length > 0);
        for (const value of values) assert.match(value, /FAKE-PLACEHOLDER/, `${path.basename(file)}: a Secret value that is not an obvious placeholder`);
      }
    }
  });
}

test('002-toolforge-dns-removal: no rule catches it; the planned `hindsight impact host:k8s-master.tools.wmflabs.org` will', {
  todo: 'impact is not implemented yet: it must list Secret toolschecker/toolschecker-kubeconfig and exit 1',
}, () => {});

test('npm start: the demo runs, prints every incident with its README and a summary, and exits 0', () => {
  const demo = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'demo.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  assert.equal(demo.status, 0, demo.stderr);
  assert.equal(demo.stderr, '');
  assert.doesNotMatch(demo.stdout, /\u001b\[/, 'no colours when stdout is not a terminal');
  for (const folder of FOLDERS) {
    assert.ok(demo.stdout.includes(` ${folder}\n`), `the demo does not show ${folder}`);
    assert.ok(demo.stdout.includes(`$ hindsight scan ${exampleArgs(folder).join(' ')}`));
    assert.match(demo.stdout, new RegExp(`\\n${folder} +\\d+ +\\d+ +\\d+ `), `the summary has no row for ${folder}`);
  }
  for (const { title } of Object.values(INCIDENTS)) {
    const firstWords = title.split(' ').slice(0, 4).join(' ');
    assert.ok(demo.stdout.includes(firstWords), `the demo does not show the incident '${title}'`);
  }
  assert.ok(demo.stdout.includes('What happened:') && demo.stdout.includes('Later versions:'));
  assert.match(demo.stdout, /wrong-namespace/);
});
