import type { RuleMeta } from '../engine/rule.js';
import { INCIDENTS, type IncidentId } from '../model/incidents.js';

/** A rule's documentation page, generated from its meta: `hindsight explain ID` and docs/rules/ID.md. */
export function ruleDoc(rule: RuleMeta): string {
  const needs = rule.needs.filter((n) => n !== 'manifests');
  const kinds = rule.kinds === '*' ? 'every object' : rule.kinds.join(', ');
  return `# ${rule.id}

${rule.summary}

| family | default severity | needs | looks at |
|---|---|---|---|
| ${rule.family} | ${rule.severity} | ${needs.length ? needs.join(', ') : 'manifests only'} | ${kinds} |

## Why it matters

${rule.rationale}

Incident: ${INCIDENTS[rule.incident as IncidentId].title} (\`postmortems/${rule.incident}\`).

## What to do

${rule.remediation}

## Example that triggers it

\`\`\`yaml
${rule.example}
\`\`\`

## Configuration

Change the severity or turn the rule off in \`.hindsight.yaml\`:

\`\`\`yaml
rules:
  ${rule.id}: warning   # error, warning, info or off
\`\`\`

Suppress it on one object with an annotation that gives the reason:

\`\`\`yaml
metadata:
  annotations:
    hindsight.dev/ignore: "${rule.id}: <why this is fine here>"
\`\`\`

<!-- Generated from src/rules/${rule.family.toLowerCase()}/${rule.id}.ts by \`npm run docs\`; do not edit. -->
`;
}
