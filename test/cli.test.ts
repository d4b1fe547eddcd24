// The command line as a user meets it: exit codes, input forms, options, config, suppression.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { run } from '../src/cli/index.js';
import { FIXTURES, ROOT, cli, tempDir } from './helpers.js';

interface Output {
  findings: Array<{ rule: string; severity: string; message: string; object?: { namespace?: string; name: string } }>;
  notes: string[];
  skippedRules: Array<{ rule: string }>;
  summary: { objects: number; files: number; error: number; warning: number; info: number; suppressed: number };
}

const parse = (stdout: string) => JSON.parse(stdout) as Output;
const BIN = path.join(ROOT, 'dist', 'src', 'bin.js');

/** One error (wrong-namespace) and one warning (a Secret not in the inputs). */
const MIXED = readFileSync(path.join(FIXTURES, 'wrong-namespace', 'fail-prow-pods-in-default.yaml'), 'utf8');
const WARNING_ONLY = `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec:
  containers:
  - name: app
    image: registry.example.org/app:1.0
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
  volumes: [{name: s, secret: {secretName: elsewhere}}]
`;

test('exit codes follow --fail-on: 1 at or above it, 0 below, never = 0', async () => {
  assert.equal((await cli(['scan', '-'], { stdin: MIXED })).code, 1);
  assert.equal((await cli(['scan', '-'], { stdin: WARNING_ONLY })).code, 0, 'warnings do not fail by default');
  assert.equal((await cli(['scan', '-', '--fail-on', 'warning'], { stdin: WARNING_ONLY })).code, 1);
  assert.equal((await cli(['scan', '-', '--fail-on', 'never'], { stdin: MIXED })).code, 0);
  const clean = await cli(['scan', path.join(FIXTURES, 'missing-secret', 'pass-all-present.yaml'), '--rule', 'missing-secret']);
  assert.equal(clean.code, 0);
  assert.match(clean.stdout, /✔ no findings in 3 objects in 1 file/);
});

test('usage mistakes exit 2 with one clear line', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['scan', '-', '--format', 'yaml'], /argument 'yaml' is invalid/],
    [['scan', '-', '--format', 'html'], /HTML report is not available in this version yet/],
    [['scan', '-', '--now', 'yesterday'], /--now must be an ISO-8601 date/],
    [['scan', '-', '--rule', 'no-such-rule'], /--rule no-such-rule: no such rule/],
    [['scan', '-', '--context', 'prod'], /--context and --kubeconfig choose a cluster: add --cluster/],
    [['scan', '--cluster', '--kubeconfig', '/nonexistent/kubeconfig'], /cannot load kubeconfig \/nonexistent\/kubeconfig/],
    [['snapshot', '--output', 'x.json'], /snapshot reads a live cluster: add --cluster/],
    [['scan', '-', '--fail-on', 'sometimes'], /argument 'sometimes' is invalid/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const result = await cli(args, { stdin: WARNING_ONLY });
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.stderr, message, args.join(' '));
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace for a usage mistake');
  }
});

test('the text report gives file:line:col, severity, rule, message, incident and a summary', async () => {
  const file = path.relative(ROOT, path.join(FIXTURES, 'wrong-namespace', 'fail-prow-pods-in-default.yaml'));
  const { stdout } = await cli(['scan', file, '--rule', 'wrong-namespace'], { cwd: ROOT });
  assert.match(
    stdout,
    new RegExp(
      `^${file.replace(/[.]/g, '\\.')}:31:7  error  wrong-namespace\\n  Pod default/pull-test-infra-bazel-4f2c mounts Secret 'service-account' as volume 'service', which exists in namespace test-pods, not in default.*did you mean test-pods\\?\\n  REF · Prow, 2019-02-05.*\\(000_83f7ee5d5d972611\\.txt\\)$`,
      'm',
    ),
  );
  assert.match(stdout, /✖ 3 errors, 0 warnings, 0 info in 4 objects in 1 file\n$/);
  assert.doesNotMatch(stdout, /\u001b\[/, 'no colours when not a terminal');
});

test('colours only on a terminal, and never with NO_COLOR', async () => {
  const outputs: string[] = [];
  for (const env of [{}, { NO_COLOR: '1' }]) {
    let out = '';
    await run(['scan', '-'], { stdout: (s) => (out += s), stderr: () => {}, stdin: () => Buffer.from(MIXED), isTTY: true, env });
    outputs.push(out);
  }
  assert.match(outputs[0]!, /\u001b\[31merror\u001b\[0m/);
  assert.doesNotMatch(outputs[1]!, /\u001b\[/);
});

test('kubectl get -o json List input and helm template output on stdin', async () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'web:1',
                  envFrom: [{ configMapRef: { name: 'gone' } }],
                  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
                },
              ],
            },
          },
        },
      },
    ],
  };
  const fromKubectl = parse((await cli(['scan', '-', '--format', 'json'], { stdin: JSON.stringify(list, null, 2) })).stdout);
  assert.equal(fromKubectl.summary.objects, 2);
  assert.deepEqual(fromKubectl.findings.map((f) => f.rule), ['missing-configmap'], 'the Service selects the Deployment: no finding');

  const helm = `---\n# Source: web/templates/service.yaml\n---\n# Source: web/templates/deployment.yaml\n${WARNING_ONLY}---\n`;
  const fromHelm = parse((await cli(['scan', '-', '--format', 'json'], { stdin: helm })).stdout);
  assert.equal(fromHelm.summary.objects, 1);
  assert.deepEqual(fromHelm.findings.map((f) => f.rule), ['missing-secret']);
});

test('--namespace gives objects without one their namespace', async () => {
  const noNamespace = WARNING_ONLY.replace(', namespace: shop', '');
  const out = parse((await cli(['scan', '-', '--format', 'json', '-n', 'team-a'], { stdin: noNamespace })).stdout);
  assert.equal(out.findings[0]!.object!.namespace, 'team-a');
  assert.match(out.findings[0]!.message, /Pod team-a\/app .*namespace team-a/);
});

test('--rule runs only the named rules, --disable drops them', async () => {
  const only = parse((await cli(['scan', '-', '--format', 'json', '--rule', 'wrong-namespace'], { stdin: MIXED })).stdout);
  assert.deepEqual([...new Set(only.findings.map((f) => f.rule))], ['wrong-namespace']);
  const without = parse((await cli(['scan', '-', '--format', 'json', '--disable', 'wrong-namespace'], { stdin: MIXED })).stdout);
  assert.ok(!without.findings.some((f) => f.rule === 'wrong-namespace'));
});

test('.hindsight.yaml in the scanned folder: severities, off, ignored paths', async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'vendor'));
  writeFileSync(path.join(dir, 'app.yaml'), MIXED);
  writeFileSync(path.join(dir, 'vendor', 'third-party.yaml'), WARNING_ONLY);
  writeFileSync(path.join(dir, '.hindsight.yaml'), 'rules:\n  wrong-namespace: warning\n  missing-secret: off\nignore:\n  - vendor/\n');
  const result = await cli(['scan', dir, '--format', 'json']);
  const out = parse(result.stdout);
  assert.equal(result.code, 0, 'wrong-namespace lowered to warning');
  assert.ok(out.findings.some((f) => f.rule === 'wrong-namespace'));
  assert.ok(out.findings.every((f) => f.severity === 'warning'), 'wrong-namespace lowered; every other finding here is a warning');
  assert.ok(!out.findings.some((f) => f.rule === 'missing-secret'), 'missing-secret off');
  assert.equal(out.summary.files, 1, 'vendor/ ignored');

  // --config names another file; the one in the folder is then not read.
  const other = path.join(dir, 'strict.yaml.conf');
  writeFileSync(other, 'rules:\n  missing-secret: info\n');
  const strict = parse((await cli(['scan', path.join(dir, 'vendor'), '--format', 'json', '--config', other])).stdout);
  assert.deepEqual(strict.findings.map((f) => `${f.rule} ${f.severity}`), ['missing-secret info']);
});

test('an invalid config file is a clear error with file:line:column and exit 2', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'app.yaml'), WARNING_ONLY);
  const cases: Array<[string, RegExp]> = [
    ['rules:\n  missing-secrets: off\n', /\.hindsight\.yaml:2:3: unknown rule 'missing-secrets'/],
    ['rules:\n  missing-secret: loud\n', /\.hindsight\.yaml:2:19: rule 'missing-secret' must be set to error, warning, info or off/],
    ['ignore: vendor\n', /\.hindsight\.yaml:1:9: 'ignore' must be a list of path globs/],
    ['rulez: {}\n', /\.hindsight\.yaml:1:1: unknown setting 'rulez'/],
    ['rules: [\n', /\.hindsight\.yaml:\d+:\d+: /],
  ];
  for (const [config, message] of cases) {
    writeFileSync(path.join(dir, '.hindsight.yaml'), config);
    const result = await cli(['scan', dir]);
    assert.equal(result.code, 2, config);
    assert.match(result.stderr, message, config);
  }
});

test('an annotation with a reason suppresses the named rules on that object; without a reason it does not', async () => {
  const suppressed = WARNING_ONLY.replace('metadata: {name: app, namespace: shop}', 'metadata:\n  name: app\n  namespace: shop\n  annotations:\n    hindsight.dev/ignore: "missing-secret: created by the vault injector at admission"');
  const out = parse((await cli(['scan', '-', '--format', 'json'], { stdin: suppressed })).stdout);
  assert.deepEqual(out.findings, []);
  assert.equal(out.summary.suppressed, 1);

  const noReason = suppressed.replace(': created by the vault injector at admission', '');
  const out2 = parse((await cli(['scan', '-', '--format', 'json'], { stdin: noReason })).stdout);
  assert.deepEqual(out2.findings.map((f) => f.rule), ['missing-secret']);
  assert.match(out2.notes.join('\n'), /names no reason/);

  const unknownRule = suppressed.replace('missing-secret:', 'missing-secrets:');
  const out3 = parse((await cli(['scan', '-', '--format', 'json'], { stdin: unknownRule })).stdout);
  assert.match(out3.notes.join('\n'), /names 'missing-secrets', which is not a rule/);
});

test('--output writes the report to a file; --now fixes the clock in the report', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'report.xml');
  const result = await cli(['scan', '-', '--format', 'junit', '--output', file, '--now', '2024-03-01T10:00:00Z'], { stdin: MIXED });
  assert.equal(result.stdout, '');
  assert.match(readFileSync(file, 'utf8'), /timestamp="2024-03-01T10:00:00.000Z"/);
});

test('secret values never reach any output format', async () => {
  const fixture = path.join(FIXTURES, 'invalid-embedded-config', 'fail-broken-files.yaml');
  assert.match(readFileSync(fixture, 'utf8'), /CANARY-do-not-print/);
  for (const format of ['text', 'json', 'sarif', 'junit', 'github']) {
    const result = await cli(['scan', fixture, '--format', format]);
    assert.ok(result.stdout.length > 0);
    assert.doesNotMatch(result.stdout + result.stderr, /CANARY/, format);
  }
  const brokenSecretJson = '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"token": "CANARY-json"},,}';
  const result = await cli(['scan', '-', '--format', 'json'], { stdin: brokenSecretJson });
  assert.doesNotMatch(result.stdout, /CANARY/);
});

test('the installed binary runs as a process: hindsight and kubectl-hindsight', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
  assert.deepEqual(Object.keys(pkg.bin).sort(), ['hindsight', 'kubectl-hindsight']);
  const child = spawnSync(process.execPath, [BIN, 'scan', '-', '--format', 'json'], { input: MIXED, encoding: 'utf8' });
  assert.equal(child.status, 1);
  assert.equal(parse(child.stdout).summary.error, 3);
  const version = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
  assert.equal(version.stdout.trim(), pkg.version);
});

test('a reader that closes the pipe early (| head) gets no stack trace', () => {
  const child = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" scan "${path.join(ROOT, 'test', 'fixtures')}" | head -1`], { encoding: 'utf8' });
  assert.equal(child.stdout.split('\n').filter(Boolean).length, 1);
  assert.doesNotMatch(child.stderr, /EPIPE|Error/);
});
