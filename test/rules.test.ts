// Every rule: fixture in, exact findings out. test/fixtures/<rule-id>/pass-*.yaml must give no
// finding of that rule; fail-*.yaml must give exactly the findings in fail-*.expected
// (one `line:col severity rule message` per line). UPDATE_GOLDEN=1 rewrites the expected files,
// which are then reviewed by hand like any other change.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { RULES } from '../src/rules/index.js';
import { FIXTURES, brief, scanPaths } from './helpers.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

for (const rule of RULES) {
  const dir = path.join(FIXTURES, rule.id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort() : [];

  test(`${rule.id}: has pass and fail fixtures`, () => {
    assert.ok(files.some((f) => f.startsWith('pass-')), `test/fixtures/${rule.id}/ needs a pass-*.yaml fixture`);
    assert.ok(files.some((f) => f.startsWith('fail-')), `test/fixtures/${rule.id}/ needs a fail-*.yaml fixture`);
  });

  for (const file of files) {
    const fixture = path.join(dir, file);
    const findings = scanPaths([fixture]).findings.filter((f) => f.rule === rule.id);
    if (file.startsWith('pass-')) {
      test(`${rule.id}: ${file} gives no finding`, () => {
        assert.deepEqual(findings.map(brief), []);
      });
    } else if (file.startsWith('fail-')) {
      test(`${rule.id}: ${file} gives exactly the expected findings`, () => {
        const expectedFile = fixture.replace(/\.(ya?ml|json)$/, '.expected');
        const actual = findings.map(brief);
        if (UPDATE) writeFileSync(expectedFile, actual.join('\n') + '\n');
        assert.ok(actual.length > 0, `${file} must trigger ${rule.id}`);
        const expected = readFileSync(expectedFile, 'utf8').trimEnd().split('\n');
        assert.deepEqual(actual, expected);
      });
    }
  }
}
