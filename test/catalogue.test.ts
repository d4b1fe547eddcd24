// The catalogue itself: every rule is complete, in its family's folder, documented, and its
// generated docs are current.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { staleDocs } from '../scripts/gen-docs.js';
import { INCIDENTS } from '../src/model/incidents.js';
import { PLANNED_RULES, RULES } from '../src/rules/index.js';
import { ROOT, cli, tempDir } from './helpers.js';

test('rule ids are unique kebab-case, not also listed as planned', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
    assert.ok(!PLANNED_RULES.includes(id), `${id} is implemented and still listed as planned`);
  }
});

test('every rule lives in src/rules/<family>/<id>.ts and traces to a known incident of its family', () => {
  for (const rule of RULES) {
    const file = path.join(ROOT, 'src', 'rules', rule.family.toLowerCase(), `${rule.id}.ts`);
    assert.ok(existsSync(file), `${rule.id} should be defined in ${path.relative(ROOT, file)}`);
    assert.match(readFileSync(file, 'utf8'), new RegExp(`id: '${rule.id}'`));
    assert.ok(rule.incident in INCIDENTS, `${rule.id}: unknown incident ${rule.incident}`);
    assert.equal(INCIDENTS[rule.incident].family, rule.family, `${rule.id} is ${rule.family} but its incident is ${INCIDENTS[rule.incident].family}`);
  }
});

test('every rule explains itself: summary, rationale, remediation and an example that parses', () => {
  for (const rule of RULES) {
    for (const field of ['summary', 'rationale', 'remediation', 'example'] as const) {
      assert.ok(rule[field].trim().length > 20, `${rule.id}.${field} is too short to help anyone`);
    }
  }
});

test('each rule\'s documented example triggers the rule', async () => {
  for (const rule of RULES) {
    // Checked with their own fixtures: these need a broken file, or a config file declaring schemas.
    if (['invalid-input', 'duplicate-key', 'config-schema', 'config-version-skew'].includes(rule.id)) continue;
    let args = ['scan', '-'];
    if (rule.needs.includes('cluster-state')) {
      // An example of what runs is read as a snapshot (kubectl get -o yaml output).
      const file = path.join(tempDir(), `${rule.id}.yaml`);
      writeFileSync(file, rule.example);
      args = ['scan', '--snapshot', file, '--now', '2030-01-01T00:00:00Z'];
    }
    const { stdout } = await cli([...args, '--format', 'json', '--rule', rule.id], { stdin: rule.example });
    const findings = (JSON.parse(stdout) as { findings: Array<{ rule: string }> }).findings;
    assert.ok(findings.some((f) => f.rule === rule.id), `the example in ${rule.id}'s docs does not trigger it`);
  }
});

test('docs/rules is generated from the rules and up to date (npm run docs)', () => {
  assert.deepEqual(staleDocs(), [], 'run `npm run docs` and commit the result');
});

test('hindsight rules lists every rule with family, severity and incident; explain prints its page', async () => {
  const listed = await cli(['rules']);
  assert.equal(listed.code, 0);
  for (const rule of RULES) assert.match(listed.stdout, new RegExp(`^${rule.id}\\s+${rule.family}\\s+${rule.severity}\\s+${rule.incident}`, 'm'));
  const explained = await cli(['explain', 'wrong-namespace']);
  assert.equal(explained.code, 0);
  assert.match(explained.stdout, /^# wrong-namespace/);
  assert.match(explained.stdout, /## What to do/);
  const unknown = await cli(['explain', 'missing']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no rule 'missing'.*did you mean missing-secret/);
  const planned = await cli(['explain', 'cert-expired']);
  assert.equal(planned.code, 2);
  assert.match(planned.stderr, /planned but not implemented/);
});

test('the README quick start is two commands, and .ci/run runs its test command exactly', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const quickStart = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split('\n') ?? [];
  assert.equal(quickStart.length, 2, 'exactly two commands');
  const testCommand = quickStart[1]!.split('#')[0]!.trim();
  assert.equal(testCommand, 'npm ci && npm test');
  const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
  assert.ok(ci.split('\n').includes(testCommand), '.ci/run must run the README test command');
});
