// `.hindsight.yaml`: per-rule severity or off, paths to ignore. Read with the positional parser
// (the file is small) so that every mistake is reported with file:line:column.
// May not: know what a rule does; it only checks that the ids it names exist.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, type Node, type Scalar, type YAMLMap, type YAMLSeq, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import picomatch from 'picomatch';
import semver from 'semver';
import { SEVERITIES, type Severity } from '../engine/rule.js';
import type { ConfigCheck, SchemaVersion } from '../model/config-check.js';
import { compileSchemaFile } from './schemas.js';

export const CONFIG_FILE = '.hindsight.yaml';

export interface Config {
  /** The file read, if any. */
  file?: string;
  severity: Map<string, Severity | 'off'>;
  ignore: string[];
  configChecks: ConfigCheck[];
}

/** A configuration mistake: printed as one line, exit code 2. */
export class ConfigError extends Error {}

export function findConfig(root: string): string | undefined {
  const candidate = path.join(root, CONFIG_FILE);
  return existsSync(candidate) ? candidate : undefined;
}

export function loadConfig(file: string | undefined, ruleIds: ReadonlySet<string>): Config {
  const config: Config = { severity: new Map(), ignore: [], configChecks: [] };
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
    } else if (key === 'configChecks') {
      if (!isSeq(value)) throw new ConfigError(`${at(value ?? (pair.key as Node))}: 'configChecks' must be a list`);
      for (const item of value.items) config.configChecks.push(configCheck(item as Node, at, file));
    } else {
      throw new ConfigError(`${at(pair.key as Node)}: unknown setting '${key}' (known: rules, ignore, configChecks)`);
    }
  }
  return config;
}

/** One `configChecks` entry: which ConfigMap key a workload consumes, and a schema per consumer version. */
function configCheck(node: Node, at: (node: Node | null | undefined) => string, file: string): ConfigCheck {
  const fail = (where: Node | null | undefined, message: string): never => {
    throw new ConfigError(`${at(where ?? node)}: ${message}`);
  };
  if (!isMap(node)) fail(node, 'each config check must be a mapping with configMap, key, consumer and versions');
  const map = node as YAMLMap;
  const text = (field: string, pattern: RegExp, example: string): string => {
    const value = map.get(field, true) as Node | undefined;
    if (!isScalar(value) || typeof value.value !== 'string' || !pattern.test(value.value)) fail(value, `'${field}' must look like ${example}`);
    return (value as Scalar<string>).value;
  };
  for (const pair of map.items) {
    const field = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!['configMap', 'key', 'consumer', 'container', 'versions'].includes(field)) fail(pair.key as Node, `unknown field '${field}' in a config check (known: configMap, key, consumer, container, versions)`);
  }
  const [namespace, name] = text('configMap', /^[^/\s]+\/[^/\s]+$/, 'NAMESPACE/NAME, e.g. prow/config').split('/') as [string, string];
  const key = text('key', /./, 'config.yaml');
  const [kind, consumerName] = text('consumer', /^[A-Z][A-Za-z]+\/[^/\s]+$/, 'KIND/NAME in the ConfigMap\'s namespace, e.g. Deployment/hook').split('/') as [string, string];
  const container = map.has('container') ? text('container', /./, 'the container whose image tag gives the version') : undefined;
  const versionsNode = map.get('versions', true) as Node | undefined;
  if (!isSeq(versionsNode) || versionsNode.items.length === 0) fail(versionsNode, "'versions' must list {tag|range, schema} entries, first match wins");
  const versions: SchemaVersion[] = (versionsNode as YAMLSeq).items.map((item) => {
    if (!isMap(item)) return fail(item as Node, 'each version must be {tag: GLOB, schema: FILE} or {range: SEMVER-RANGE, schema: FILE}');
    const entry = item as YAMLMap;
    const schemaNode = entry.get('schema', true) as Node | undefined;
    if (!isScalar(schemaNode) || typeof schemaNode.value !== 'string') return fail(schemaNode ?? (item as Node), "'schema' must name a JSON Schema file (relative to this config file)");
    const schemaFile = (schemaNode as Scalar<string>).value;
    const tag = entry.get('tag');
    const range = entry.get('range');
    let label: string;
    let matches: (imageTag: string) => boolean;
    if (typeof tag === 'string') {
      label = `tag ${tag}`;
      matches = picomatch(tag);
    } else if (typeof range === 'string' && semver.validRange(range)) {
      label = `range ${range}`;
      matches = (imageTag) => {
        const version = semver.coerce(imageTag);
        return version !== null && semver.satisfies(version, range);
      };
    } else {
      return fail(item as Node, "each version needs 'tag' (a glob over the image tag) or 'range' (a valid semver range)");
    }
    let validate: (config: unknown) => string[];
    try {
      validate = compileSchemaFile(schemaFile, file);
    } catch (error) {
      return fail(schemaNode, (error as Error).message.replace(`${file}: `, ''));
    }
    return { label, schemaFile, matches, validate };
  });
  return { configMap: { namespace, name }, key, consumer: { kind, name: consumerName, namespace, ...(container !== undefined && { container }) }, versions };
}
