// Every rule: fixture in, exact findings out, through the real CLI. test/fixtures/<rule-id>/
// pass-*.yaml must give no finding of that rule; fail-*.yaml exactly the findings in
// fail-*.expected (one `line:col severity rule message` per line). Rules about what runs read the
// fixture as a snapshot, with the manifests in <fixture>.desired.yaml beside it when there are
// any; a .hindsight.yaml in the folder is the config. UPDATE_GOLDEN=1 rewrites the expected
// files, which are then reviewed by hand like any other change.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import type { Finding } from '../src/engine/finding.js';
import { RULES } from '../src/rules/index.js';
import { FIXTURES, ROOT, brief, cli } from './helpers.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

for (const rule of RULES) {
  const dir = path.join(FIXTURES, rule.id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^(pass|fail)-.*\.(ya?ml|json)$/.test(f) && !f.includes('.desired.')).sort() : [];
  const config = path.join(dir, '.hindsight.yaml');
  const live = rule.needs.includes('cluster-state');

  test(`${rule.id}: has pass and fail fixtures`, () => {
    assert.ok(files.some((f) => f.startsWith('pass-')), `test/fixtures/${rule.id}/ needs a pass-*.yaml fixture`);
    assert.ok(files.some((f) => f.startsWith('fail-')), `test/fixtures/${rule.id}/ needs a fail-*.yaml fixture`);
  });

  for (const file of files) {
    const fixture = path.relative(ROOT, path.join(dir, file));
    const desired = fixture.replace(/\.(ya?ml|json)$/, '.desired.yaml');
    const args = live ? [...(existsSync(path.join(ROOT, desired)) ? [desired] : []), '--snapshot', fixture] : [fixture];
    if (existsSync(config)) args.push('--config', config);
    const findings = async () => {
      const run = await cli(['scan', ...args, '--format', 'json', '--now', '2024-03-01T10:00:00Z'], { cwd: ROOT });
      assert.equal(run.stderr, '');
      return (JSON.parse(run.stdout) as { findings: Finding[] }).findings.filter((f) => f.rule === rule.id);
    };
    if (file.startsWith('pass-')) {
      test(`${rule.id}: ${file} gives no finding`, async () => {
        assert.deepEqual((await findings()).map(brief), []);
      });
    } else {
      test(`${rule.id}: ${file} gives exactly the expected findings`, async () => {
        const expectedFile = path.join(dir, file.replace(/\.(ya?ml|json)$/, '.expected'));
        const actual = (await findings()).map(brief);
        if (UPDATE) writeFileSync(expectedFile, actual.join('\n') + '\n');
        assert.ok(actual.length > 0, `${file} must trigger ${rule.id}`);
        assert.deepEqual(actual, readFileSync(expectedFile, 'utf8').trimEnd().split('\n'));
      });
    }
  }
}
