// `.hindsight.yaml`: per-rule severity or off, paths to ignore. Read with the positional parser
// (the file is small) so that every mistake is reported with file:line:column.
// May not: know what a rule does; it only checks that the ids it names exist.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { SEVERITIES, type Severity } from '../engine/rule.js';

export const CONFIG_FILE = '.hindsight.yaml';

export interface Config {
  /** The file read, if any. */
  file?: string;
  severity: Map<string, Severity | 'off'>;
  ignore: string[];
}

/** A configuration mistake: printed as one line, exit code 2. */
export class ConfigError extends Error {}

export function findConfig(root: string): string | undefined {
  const candidate = path.join(root, CONFIG_FILE);
  return existsSync(candidate) ? candidate : undefined;
}

export function loadConfig(file: string | undefined, ruleIds: ReadonlySet<string>): Config {
  const config: Config = { severity: new Map(), ignore: [] };
  if (!file) return config;
  config.file = file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const at = (node: Node | null | undefined) => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    const { line, col } = lineCounter.linePos(first!.pos[0]);
    throw new ConfigError(`${file}:${line}:${col}: ${first!.message.split('\n')[0]}`);
  }
  if (doc.contents === null) return config;
  if (!isMap(doc.contents)) throw new ConfigError(`${at(doc.contents)}: the config must be a mapping with 'rules' and 'ignore'`);
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (key === 'rules') {
      if (!isMap(value)) throw new ConfigError(`${at(value ?? (pair.key as Node))}: 'rules' must map rule ids to error, warning, info or off`);
      for (const rule of value.items) {
        const id = isScalar(rule.key) ? String(rule.key.value) : '';
        if (!ruleIds.has(id)) throw new ConfigError(`${at(rule.key as Node)}: unknown rule '${id}' (see \`hindsight rules\`)`);
        const setting = isScalar(rule.value) ? rule.value.value : undefined;
        // YAML 1.2 reads `off` as a string; a YAML 1.1 habit may write `false`.
        const normalised = setting === false ? 'off' : setting;
        if (typeof normalised !== 'string' || !(SEVERITIES as readonly string[]).concat('off').includes(normalised)) {
          throw new ConfigError(`${at(rule.value as Node)}: rule '${id}' must be set to error, warning, info or off`);
        }
        config.severity.set(id, normalised as Severity | 'off');
      }
    } else if (key === 'ignore') {
      if (!isSeq(value)) throw new ConfigError(`${at(value ?? (pair.key as Node))}: 'ignore' must be a list of path globs`);
      for (const item of value.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || item.value === '') {
          throw new ConfigError(`${at(item as Node)}: each 'ignore' entry must be a path glob such as charts/** or vendor/`);
        }
        config.ignore.push(item.value);
      }
    } else {
      throw new ConfigError(`${at(pair.key as Node)}: unknown setting '${key}' (known: rules, ignore)`);
    }
  }
  return config;
}
