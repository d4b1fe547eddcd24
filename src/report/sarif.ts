import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../engine/finding.js';
import type { Severity } from '../engine/rule.js';
import { describe } from '../model/object.js';
import { incidentTitle } from './text.js';
import type { Reporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Where SARIF consumers resolve relative URIs: the checkout root (GitHub code scanning's own convention). */
const SOURCE_ROOT = '%SRCROOT%';

/**
 * An artifact URI for a displayed path. Paths below the working directory are relative, segment by
 * segment percent-encoded (a space, `#`, `?` or a `:` in the first segment would otherwise change what
 * the URI means); paths elsewhere become absolute file: URIs. Standard input has no file: `stdin`.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file === '<stdin>') return { uri: 'stdin' };
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function locationOf(finding: Finding) {
  const location: Record<string, unknown> = {};
  if (finding.location) {
    location['physicalLocation'] = {
      artifactLocation: artifactLocation(finding.location.file),
      region: { startLine: finding.location.line, startColumn: finding.location.column },
    };
  }
  if (finding.object) {
    location['logicalLocations'] = [{ fullyQualifiedName: describe(finding.object), kind: 'resource' }];
  }
  return location;
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: every rule with descriptions, help and a default
 * level; every result with its rule's id and index, a level, a message and (from a file) a physical
 * location. GitHub only shows results that have a physical location; findings without one (about
 * objects not read from files) keep the object as a logical location for other consumers.
 */
export const sarif: Reporter = (result, ctx) => {
  const ruleIndex = new Map(ctx.catalogue.map((rule, i) => [rule.id, i]));
  const ruleReference = (id: string) => (ruleIndex.has(id) ? { id, index: ruleIndex.get(id)! } : { id });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hindsight',
            version: ctx.version,
            semanticVersion: ctx.version,
            rules: ctx.catalogue.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.summary },
              // GitHub shows at most 1000 characters of it; a catalogue test keeps every rationale shorter.
              fullDescription: { text: rule.rationale },
              help: {
                text: `${rule.rationale}\n\nWhat to do: ${rule.remediation}\n\nIncident: ${incidentTitle(rule.incident)}`,
                markdown:
                  `${rule.rationale}\n\n**What to do:** ${rule.remediation}\n\n` +
                  `Incident: ${incidentTitle(rule.incident)} (\`postmortems/${rule.incident}\`). Run \`hindsight explain ${rule.id}\` for more.`,
              },
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['kubernetes', rule.family], precision: 'high' },
            })),
          },
        },
        // Columns are counted in UTF-16 code units, as JavaScript strings count them.
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: ctx.now.toISOString(),
            ...(result.notes.length > 0 && {
              toolExecutionNotifications: result.notes.map((note) => ({ level: 'note', message: { text: note } })),
            }),
            ...(result.skippedRules.length > 0 && {
              toolConfigurationNotifications: result.skippedRules.map((skipped) => ({
                level: 'note',
                message: { text: `${skipped.rule} did not run: it ${skipped.reason}` },
                associatedRule: ruleReference(skipped.rule),
              })),
            }),
          },
        ],
        results: result.findings.map((finding) => {
          const index = ruleIndex.get(finding.rule);
          return {
            ruleId: finding.rule,
            ...(index === undefined ? {} : { ruleIndex: index }),
            level: LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [locationOf(finding)],
            partialFingerprints: {
              // Stable across line moves: the rule, the file, the object and the message identify a finding
              // (the file tells apart the same parse error in two files, which have no object).
              'hindsight/v1': [finding.rule, finding.location?.file, finding.object?.kind, finding.object?.namespace, finding.object?.name, finding.message].join('|'),
            },
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
