// Compiles the JSON Schemas named by config checks (draft 2020-12 or draft-07, by their $schema),
// plus one hindsight keyword JSON Schema lacks: `uniqueItemKeys: FIELD` on an array requires the
// keys of each item's FIELD mapping to be unique across items (Prow's old config loader rule:
// "duplicated preset label"). May not: validate anything itself; it returns validators.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type AnySchema, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { isObject } from '../model/object.js';
import { ConfigError } from './config.js';

const uniqueItemKeys = {
  keyword: 'uniqueItemKeys',
  type: 'array' as const,
  schemaType: 'string' as const,
  errors: true,
  validate: function check(field: string, data: unknown[]): boolean {
    const seen = new Map<string, number>();
    for (const [index, item] of data.entries()) {
      const map = isObject(item) ? item[field] : undefined;
      if (!isObject(map)) continue;
      for (const key of Object.keys(map)) {
        const first = seen.get(key);
        if (first !== undefined) {
          (check as unknown as { errors: Partial<ErrorObject>[] }).errors = [
            { keyword: 'uniqueItemKeys', message: `item ${index} repeats the ${field} key '${key}' of item ${first}`, params: { key } },
          ];
          return false;
        }
        seen.set(key, index);
      }
    }
    return true;
  },
};

const validators = new Map<string, (config: unknown) => string[]>();

export function compileSchemaFile(file: string, configFile: string): (config: unknown) => string[] {
  const resolved = path.resolve(path.dirname(configFile), file);
  const cached = validators.get(resolved);
  if (cached) return cached;
  let schema: AnySchema;
  try {
    schema = JSON.parse(readFileSync(resolved, 'utf8')) as AnySchema;
  } catch (error) {
    throw new ConfigError(`${configFile}: schema ${file} cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const draft2020 = isObject(schema) && typeof schema['$schema'] === 'string' && schema['$schema'].includes('2020-12');
  const ajv = draft2020 ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
  ajv.addKeyword(uniqueItemKeys);
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw new ConfigError(`${configFile}: schema ${file} is not a valid JSON Schema: ${(error as Error).message}`);
  }
  const run = (config: unknown): string[] =>
    validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
  validators.set(resolved, run);
  return run;
}
