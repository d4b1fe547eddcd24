// Bad input never crashes hindsight: every malformed input becomes an invalid-input finding with a
// location, the rest of the input is still scanned, nothing hangs or exhausts memory.

import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { cli, tempDir } from './helpers.js';

interface Output {
  findings: Array<{ rule: string; severity: string; message: string; location?: { file: string; line: number; column: number } }>;
  notes: string[];
  summary: { objects: number; files: number };
}

/** A valid manifest with one known finding: proof that the rest of the input was still scanned. */
const GOOD = `apiVersion: v1
kind: Pod
metadata: {name: survivor, namespace: shop}
spec:
  containers: [{name: app, image: "registry.example.org/app:1.0"}]
  volumes: [{name: s, secret: {secretName: not-there}}]
`;

function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${lines.join('\n  ')}\n`;
}

async function scanDir(dir: string): Promise<{ code: number; out: Output; stderr: string }> {
  const run = await cli(['scan', '.', '--format', 'json'], { cwd: dir });
  assert.equal(run.stderr, '', 'no internal error');
  return { code: run.code, out: JSON.parse(run.stdout) as Output, stderr: run.stderr };
}

function invalid(out: Output, file: string) {
  return out.findings.filter((f) => f.rule === 'invalid-input' && f.location?.file === file);
}

test('each kind of bad file becomes invalid-input with a location; the good file is still scanned', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'good.yaml'), GOOD);
  writeFileSync(path.join(dir, 'malformed.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad-indent: 1\n');
  writeFileSync(path.join(dir, 'malformed.json'), '{"apiVersion": "v1", "kind": "ConfigMap",\n "metadata": {"name": "x"},,}\n');
  writeFileSync(path.join(dir, 'binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
  writeFileSync(path.join(dir, 'empty.yaml'), '');
  symlinkSync(path.join(dir, 'does-not-exist.yaml'), path.join(dir, 'unreadable.yaml'));
  writeFileSync(path.join(dir, 'wrong-types.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec: 5\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: "x"\n');
  writeFileSync(path.join(dir, 'alias-bomb.yaml'), aliasBomb());
  writeFileSync(path.join(dir, 'deep.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  writeFileSync(path.join(dir, 'deep.json'), `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deep"}, "x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
  writeFileSync(path.join(dir, 'huge-scalar.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  blob: ${'a'.repeat(50 * 1024 * 1024)}\n`);

  const before = process.memoryUsage().rss;
  const { code, out } = await scanDir(dir);
  const grown = process.memoryUsage().rss - before;

  assert.equal(code, 1, 'invalid input fails the scan');
  assert.ok(
    out.findings.some((f) => f.rule === 'missing-secret' && f.location?.file === 'good.yaml'),
    'the good file is still scanned',
  );
  const expectations: Array<[file: string, line: number, message: RegExp]> = [
    ['malformed.yaml', 5, /bad indentation/],
    ['malformed.json', 2, /not valid JSON/],
    ['binary.yaml', 1, /binary file/],
    ['empty.yaml', 1, /empty file/],
    ['unreadable.yaml', 1, /cannot read: no such file/],
    ['alias-bomb.yaml', 1, /alias bomb/],
    ['deep.yaml', 1, /nesting too deep/],
    ['deep.json', 1, /nested more than 1000 levels/],
    ['huge-scalar.yaml', 1, /larger than the API server accepts/],
  ];
  for (const [file, line, message] of expectations) {
    const found = invalid(out, file);
    assert.equal(found.length, 1, `${file}: one invalid-input finding, got ${JSON.stringify(found)}`);
    assert.equal(found[0]!.location!.line, line, `${file}: line`);
    assert.ok(found[0]!.location!.column >= 1);
    assert.match(found[0]!.message, message, file);
  }
  assert.equal(invalid(out, 'empty.yaml')[0]!.severity, 'warning', 'an empty file loses nothing: a warning');
  const wrongTypes = invalid(out, 'wrong-types.yaml').map((f) => `${f.location!.line}:${f.location!.column} ${f.message}`);
  assert.deepEqual(wrongTypes, [
    '4:1 Deployment default/w: spec is a number (5), where Kubernetes expects an object',
    '10:3 Pod default/p: spec.containers is a string, where Kubernetes expects a list',
  ]);
  assert.ok(grown < 1.5 * 1024 ** 3, `memory grew by ${Math.round(grown / 1048576)} MiB`);
});

test('a broken document does not lose the other documents of its file', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'multi.yaml'), `${GOOD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\n---\n${GOOD.replace('survivor', 'second-survivor')}`);
  const { out } = await scanDir(dir);
  const secrets = out.findings.filter((f) => f.rule === 'missing-secret').map((f) => f.message.split(' ')[1]);
  assert.deepEqual(secrets, ['shop/survivor', 'shop/second-survivor']);
  assert.deepEqual(invalid(out, 'multi.yaml').map((f) => f.location!.line), [10], 'the line of the unclosed mapping');
});

test('an unrendered Helm chart is skipped with one note, not reported as invalid input', async () => {
  const dir = tempDir();
  const chart = path.join(dir, 'charts', 'web');
  mkdirSync(path.join(chart, 'templates'), { recursive: true });
  writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
  writeFileSync(path.join(chart, 'values.yaml'), 'replicas: 2\n');
  writeFileSync(path.join(chart, 'templates', 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n');
  writeFileSync(path.join(dir, 'good.yaml'), GOOD);
  const { out } = await scanDir(dir);
  assert.deepEqual(out.findings.filter((f) => f.rule === 'invalid-input'), []);
  const notes = out.notes.filter((n) => n.includes('Helm chart'));
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /skipped Helm chart charts\/web: .* helm template charts\/web \| hindsight scan -/);
  assert.equal(out.summary.files, 1);

  // A template passed by name: still a note, still not invalid input.
  const direct = await cli(['scan', 'charts/web/templates/deployment.yaml', '--format', 'json'], { cwd: dir });
  const directOut = JSON.parse(direct.stdout) as Output;
  assert.deepEqual(directOut.findings, []);
  assert.match(directOut.notes.join('\n'), /part of the Helm chart charts\/web, not a manifest until rendered/);
});

test('a template outside a chart that does not parse is invalid input with a hint to render it', async () => {
  const run = await cli(['scan', '-', '--format', 'json'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n  {{- if .Values.x }}\n' });
  const out = JSON.parse(run.stdout) as Output;
  assert.equal(out.findings.length, 1);
  assert.match(out.findings[0]!.message, /unrendered template: render it first/);
});

test('documents without apiVersion and kind are skipped with a note', async () => {
  const run = await cli(['scan', '-', '--format', 'json'], { stdin: `replicas: 3\n---\n${GOOD}` });
  const out = JSON.parse(run.stdout) as Output;
  assert.equal(out.summary.objects, 1);
  assert.match(out.notes.join('\n'), /skipped 1 document without apiVersion and kind.*<stdin>:1/);
});

test('nothing readable at all is a usage error (exit 2) with the reason', async () => {
  const dir = tempDir();
  const missing = await cli(['scan', path.join(dir, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nothing to scan .*no such file or directory/s);
  const empty = await cli(['scan', dir]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no \.yaml, \.yml or \.json files found/);
});
