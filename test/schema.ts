// The published JSON Schema of `--format json` (docs/hindsight-output.schema.json), compiled once,
// so that any test can check that what the CLI prints is what the contract promises.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { ROOT } from './helpers.js';

export const SCHEMA_FILE = path.join(ROOT, 'docs', 'hindsight-output.schema.json');

// Ajv's strict defaults make an unknown keyword in the schema an error, not a silent no-op; strictTypes
// also rejects a keyword that cannot apply to the declared type. (strictRequired stays off: it would
// reject the `else: {required: [object]}` that says only invalid-input findings may lack an object.)
const ajv = new Ajv2020.default({ allErrors: true, strictTypes: true, strictTuples: true });
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);

/** Throws, listing every violation with its JSON pointer, when `json` does not match the published schema. */
export function validateJsonOutput(json: unknown): void {
  if (validate(json)) return;
  const problems = (validate.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  throw new Error(`output does not match ${path.relative(ROOT, SCHEMA_FILE)}:\n${problems.join('\n')}`);
}
