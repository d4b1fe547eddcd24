import type { Finding } from '../engine/finding.js';
import type { ObjectRef } from '../model/object.js';
import type { Reporter } from './types.js';

// Fields are copied by name, in the order SPEC.md shows them, so that nothing internal reaches the
// public contract by accident and every run prints its keys in the same order.

function ref({ apiVersion, kind, namespace, name }: ObjectRef): ObjectRef {
  return { apiVersion, kind, namespace, name };
}

function finding(f: Finding) {
  return {
    rule: f.rule,
    family: f.family,
    severity: f.severity,
    message: f.message,
    object: f.object && ref(f.object),
    location: f.location && { file: f.location.file, line: f.location.line, column: f.location.column },
    related: f.related.map(ref),
    incident: f.incident,
  };
}

/**
 * The stable JSON contract of SPEC.md; docs/json-output.md and docs/hindsight-output.schema.json describe it.
 * Absent optional fields are left out (JSON.stringify drops undefined), never printed as null.
 */
export const json: Reporter = (result, ctx) =>
  `${JSON.stringify(
    {
      tool: { name: 'hindsight', version: ctx.version },
      findings: result.findings.map(finding),
      inputErrors: result.inputErrors.map(({ file, line, column, message }) => ({ file, line, column, message })),
      summary: {
        objects: result.summary.objects,
        files: result.summary.files,
        error: result.summary.error,
        warning: result.summary.warning,
        info: result.summary.info,
        suppressed: result.summary.suppressed,
      },
      notes: result.notes,
      skippedRules: result.skippedRules.map(({ rule, reason }) => ({ rule, reason })),
    },
    null,
    2,
  )}\n`;
