// `hindsight rules` and `hindsight explain ID`.

import { INCIDENTS } from '../model/incidents.js';
import { ruleDoc } from '../report/rule-doc.js';
import { PLANNED_RULES, RULES, ruleById } from '../rules/index.js';
import { type CliIO, UsageError } from './io.js';

export function listRules(io: CliIO): number {
  const rows = RULES.map((r) => [r.id, r.family, r.severity, r.incident, r.summary]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), ['id', 'family', 'severity', 'incident'][i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ');
  const out = [line(['id', 'family', 'severity', 'incident', 'what it catches']), ...rows.map(line)];
  out.push('', 'incidents:');
  for (const [file, incident] of Object.entries(INCIDENTS)) out.push(`  ${file}  ${incident.title}`);
  out.push('', `not implemented in this version yet: ${PLANNED_RULES.join(', ')}`);
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}

export function explain(id: string, io: CliIO): number {
  const rule = ruleById(id);
  if (!rule) {
    const planned = PLANNED_RULES.includes(id) ? ' (it is planned but not implemented in this version)' : '';
    const close = RULES.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
    throw new UsageError(`no rule '${id}'${planned}${close.length ? `; did you mean ${close.join(' or ')}?` : ''} (see \`hindsight rules\`)`);
  }
  io.stdout(ruleDoc(rule));
  return 0;
}
