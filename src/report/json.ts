import type { Reporter } from './types.js';

/** The stable JSON contract of SPEC.md; docs/json-output.md and docs/hindsight-output.schema.json describe it. */
export const json: Reporter = (result, ctx) =>
  `${JSON.stringify(
    {
      tool: { name: 'hindsight', version: ctx.version },
      findings: result.findings,
      inputErrors: result.inputErrors.map(({ file, line, column, message }) => ({ file, line, column, message })),
      summary: result.summary,
      notes: result.notes,
      skippedRules: result.skippedRules,
    },
    null,
    2,
  )}\n`;
