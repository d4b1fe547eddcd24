import type { Finding } from '../engine/finding.js';
import { where } from './text.js';
import type { Reporter } from './types.js';

function escape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry most control characters at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML: one test suite per rule, one failing test case per finding, a passing case for a clean rule. */
export const junit: Reporter = (result, ctx) => {
  const byRule = new Map<string, Finding[]>();
  for (const finding of result.findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  const skipped = new Map(result.skippedRules.map((s) => [s.rule, s.reason]));
  const suites: string[] = [];
  let tests = 0;
  for (const rule of ctx.catalogue) {
    const findings = byRule.get(rule.id) ?? [];
    const cases: string[] = [];
    if (skipped.has(rule.id)) {
      cases.push(`    <testcase classname="${rule.id}" name="${rule.id}"><skipped message="${escape(skipped.get(rule.id)!)}"/></testcase>`);
    } else if (findings.length === 0) {
      cases.push(`    <testcase classname="${rule.id}" name="${rule.id}: no findings"/>`);
    }
    for (const finding of findings) {
      cases.push(
        `    <testcase classname="${rule.id}" name="${escape(where(finding))}">\n` +
          `      <failure type="${finding.severity}" message="${escape(finding.message)}">${escape(`${finding.severity}: ${finding.message}\n${where(finding)}\n${rule.remediation}`)}</failure>\n` +
          `    </testcase>`,
      );
    }
    tests += cases.length;
    suites.push(
      `  <testsuite name="${rule.id}" tests="${cases.length}" failures="${findings.length}" skipped="${skipped.has(rule.id) ? 1 : 0}" errors="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const failures = result.findings.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="hindsight" tests="${tests}" failures="${failures}" errors="0" timestamp="${ctx.now.toISOString()}">\n${suites.join('\n')}\n</testsuites>\n`;
};
