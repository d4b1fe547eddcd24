import type { Severity } from '../engine/rule.js';
import type { Reporter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow commands escape % and line breaks in messages, and also : and , in properties. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow annotations: one `::error file=…,line=…,col=…,title=…::message` line per finding. */
export const github: Reporter = (result) => {
  const lines = result.findings.map((finding) => {
    const properties = [];
    if (finding.location) {
      properties.push(`file=${escapeProperty(finding.location.file)}`, `line=${finding.location.line}`, `col=${finding.location.column}`);
    }
    properties.push(`title=${escapeProperty(`hindsight ${finding.rule}`)}`);
    return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`;
  });
  const { summary } = result;
  lines.push(`hindsight: ${summary.error} errors, ${summary.warning} warnings, ${summary.info} info in ${summary.objects} objects from ${summary.files} files`);
  return `${lines.join('\n')}\n`;
};
