import type { Finding } from '../engine/finding.js';
import { where } from './text.js';
import type { Reporter } from './types.js';

/** Character data: markup escaped; characters XML 1.0 cannot carry at all dropped; CR kept as a reference (parsers turn a raw one into LF). */
function escapeText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values (always in double quotes): as text, plus `"`, and tab and LF as references, which parsers would otherwise fold into spaces. */
function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/**
 * JUnit XML: one test suite per rule, one failing test case per finding, a passing case for a rule
 * with no findings and a skipped case for a rule whose needs were not met.
 */
export const junit: Reporter = (result, ctx) => {
  const byRule = new Map<string, Finding[]>();
  for (const finding of result.findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  const skipped = new Map(result.skippedRules.map((s) => [s.rule, s.reason]));
  const remediation = new Map(ctx.catalogue.map((rule) => [rule.id, rule.remediation]));
  // Every rule of the catalogue, and any rule a finding names that the catalogue does not: no finding is dropped.
  const ruleIds = [...new Set([...ctx.catalogue.map((rule) => rule.id), ...byRule.keys()])];

  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skips = 0;
  for (const id of ruleIds) {
    const findings = byRule.get(id) ?? [];
    const rule = escapeAttribute(id);
    const cases: string[] = [];
    if (skipped.has(id)) {
      cases.push(`    <testcase classname="${rule}" name="${rule}"><skipped message="${escapeAttribute(skipped.get(id)!)}"/></testcase>`);
    } else if (findings.length === 0) {
      cases.push(`    <testcase classname="${rule}" name="${rule}: no findings"/>`);
    }
    for (const finding of findings) {
      const details = [`${finding.severity}: ${finding.message}`, where(finding), remediation.get(id)].filter(Boolean).join('\n');
      cases.push(
        `    <testcase classname="${rule}" name="${escapeAttribute(where(finding))}">\n` +
          `      <failure type="${finding.severity}" message="${escapeAttribute(finding.message)}">${escapeText(details)}</failure>\n` +
          `    </testcase>`,
      );
    }
    const suiteSkips = skipped.has(id) ? 1 : 0;
    tests += cases.length;
    failures += findings.length;
    skips += suiteSkips;
    suites.push(
      `  <testsuite name="${rule}" tests="${cases.length}" failures="${findings.length}" errors="0" skipped="${suiteSkips}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="hindsight" tests="${tests}" failures="${failures}" errors="0" skipped="${skips}" timestamp="${ctx.now.toISOString()}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
};
