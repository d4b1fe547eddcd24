import type { Severity } from '../engine/rule.js';
import type { Reporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0 as GitHub code scanning accepts it: rules with help, results with physical locations. */
export const sarif: Reporter = (result, ctx) => {
  const ruleIndex = new Map(ctx.catalogue.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hindsight',
            semanticVersion: ctx.version,
            rules: ctx.catalogue.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.rationale },
              help: {
                text: `${rule.rationale}\n\nWhat to do: ${rule.remediation}`,
                markdown: `${rule.rationale}\n\n**What to do:** ${rule.remediation}\n\nIncident: \`${rule.incident}\``,
              },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['kubernetes', rule.family], precision: 'high' },
            })),
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: ctx.now.toISOString() }],
        results: result.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? -1,
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            finding.location
              ? {
                  physicalLocation: {
                    artifactLocation: { uri: finding.location.file === '<stdin>' ? 'stdin' : encodeURI(finding.location.file) },
                    region: { startLine: finding.location.line, startColumn: finding.location.column },
                  },
                }
              : {
                  logicalLocations: [
                    {
                      fullyQualifiedName: [finding.object?.kind, finding.object?.namespace, finding.object?.name].filter(Boolean).join('/'),
                      kind: 'object',
                    },
                  ],
                },
          ],
          partialFingerprints: {
            // Stable across line moves: the rule, the object and the message identify a finding.
            'hindsight/v1': [finding.rule, finding.object?.kind, finding.object?.namespace, finding.object?.name, finding.message].join('|'),
          },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
