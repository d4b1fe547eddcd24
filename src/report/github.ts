import type { Finding } from '../engine/finding.js';
import type { Severity } from '../engine/rule.js';
import type { Reporter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Workflow commands escape % and line breaks in data, as @actions/core does. Escaping line breaks
 * also keeps a file or object name from starting a line of its own, which the runner would read as
 * a command of its own.
 */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** Property values also escape `:` and `,`, which end a property. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(finding: Finding): string {
  const properties = [];
  // Standard input is no file in the repository: such an annotation belongs to the run, not to a file.
  if (finding.location && finding.location.file !== '<stdin>') {
    properties.push(`file=${escapeProperty(finding.location.file)}`, `line=${finding.location.line}`, `col=${finding.location.column}`);
  }
  properties.push(`title=${escapeProperty(`hindsight ${finding.rule}`)}`);
  return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`;
}

/**
 * GitHub Actions workflow annotations: one `::error file=…,line=…,col=…,title=…::message` line per
 * finding, then notes, rules that did not run, and a summary as plain log lines.
 */
export const github: Reporter = (result) => {
  const lines = result.findings.map(annotation);
  for (const note of result.notes) lines.push(`hindsight note: ${escapeData(note)}`);
  for (const skipped of result.skippedRules) lines.push(`hindsight: ${skipped.rule} did not run: it ${escapeData(skipped.reason)}`);
  const { error, warning, info, suppressed, objects, files } = result.summary;
  lines.push(
    `hindsight: error ${error}, warning ${warning}, info ${info}${suppressed ? `, suppressed ${suppressed}` : ''} (${objects} objects in ${files} files)`,
  );
  return `${lines.join('\n')}\n`;
};
