import type { Finding } from '../engine/finding.js';
import type { Severity } from '../engine/rule.js';
import { INCIDENTS, type IncidentId } from '../model/incidents.js';
import { describe } from '../model/object.js';
import type { Reporter } from './types.js';

const COLORS: Record<Severity | 'dim' | 'bold', string> = { error: '31', warning: '33', info: '36', dim: '2', bold: '1' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function where(finding: Finding): string {
  if (finding.location) return `${finding.location.file}:${finding.location.line}:${finding.location.column}`;
  return finding.object ? describe(finding.object) : '(no location)';
}

export function incidentTitle(incident: string): string {
  return INCIDENTS[incident as IncidentId]?.title ?? incident;
}

/** One block per finding, sorted by file and line: clickable `file:line:col`, the message, the post-mortem. */
export const text: Reporter = (result, ctx) => {
  const paint = (style: keyof typeof COLORS, s: string) => (ctx.color ? `\u001b[${COLORS[style]}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const finding of result.findings) {
    lines.push(`${paint('bold', where(finding))}  ${paint(finding.severity, finding.severity)}  ${finding.rule}`);
    lines.push(`  ${finding.message}`);
    if (finding.incident) lines.push(paint('dim', `  ${finding.family} · ${incidentTitle(finding.incident)} (${finding.incident})`));
    lines.push('');
  }
  for (const note of result.notes) lines.push(paint('dim', `note: ${note}`));
  if (result.skippedRules.length > 0) {
    const reasons = new Map<string, string[]>();
    for (const skipped of result.skippedRules) reasons.set(skipped.reason, [...(reasons.get(skipped.reason) ?? []), skipped.rule]);
    for (const [reason, rules] of reasons) lines.push(paint('dim', `not run (${reason}): ${rules.join(', ')}`));
  }
  if (result.notes.length > 0 || result.skippedRules.length > 0) lines.push('');
  const { summary } = result;
  const counts = `${plural(summary.error, 'error')}, ${plural(summary.warning, 'warning')}, ${summary.info} info`;
  const scope = `${plural(summary.objects, 'object')} in ${plural(summary.files, 'file')}`;
  const suppressed = summary.suppressed > 0 ? ` (${summary.suppressed} suppressed by annotation)` : '';
  const total = summary.error + summary.warning + summary.info;
  lines.push(total === 0 ? `${paint('bold', '✔ no findings')} in ${scope}${suppressed}` : `${paint('bold', `✖ ${counts}`)} in ${scope}${suppressed}`);
  return `${lines.join('\n')}\n`;
};
