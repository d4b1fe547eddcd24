// `hindsight scan`: manifests in, findings out. Owns its exit code.

import { writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../engine/run.js';
import { type Need, type Severity, SEVERITIES } from '../engine/rule.js';
import { REPORTERS } from '../report/index.js';
import { RULES, ruleById } from '../rules/index.js';
import { findConfig, loadConfig } from '../sources/config.js';
import { loadManifests } from '../sources/manifests.js';
import { VERSION } from '../version.js';
import { type CliIO, UsageError } from './io.js';

export interface ScanOptions {
  format: string;
  output?: string;
  failOn: string;
  config?: string;
  now?: string;
  namespace: string;
  rule?: string[];
  disable?: string[];
  snapshot?: string[];
  cluster?: boolean;
  registry?: string | boolean;
  registryInventory?: string;
}

const NOT_YET: Array<[keyof ScanOptions, string]> = [
  ['snapshot', '--snapshot'],
  ['cluster', '--cluster'],
  ['registry', '--registry'],
  ['registryInventory', '--registry-inventory'],
];

export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--now must be an ISO-8601 date or time, such as 2024-03-01T10:00:00Z (got '${value}')`);
  }
  return date;
}

function checkRuleIds(ids: string[], option: string): Set<string> {
  for (const id of ids) {
    if (!ruleById(id)) throw new UsageError(`${option} ${id}: no such rule (see \`hindsight rules\`)`);
  }
  return new Set(ids);
}

/** The folder whose `.hindsight.yaml` applies and against which ignore globs are read. */
function scanRoot(paths: string[]): string {
  const first = paths.find((p) => p !== '-');
  if (!first) return process.cwd();
  try {
    return statSync(first).isDirectory() ? first : path.dirname(first);
  } catch {
    return process.cwd();
  }
}

export function scan(paths: string[], options: ScanOptions, io: CliIO): number {
  for (const [key, flag] of NOT_YET) {
    if (options[key] !== undefined && options[key] !== false) {
      throw new UsageError(`${flag} is not available in hindsight ${VERSION} yet: this version scans manifests only`);
    }
  }
  const reporter = REPORTERS[options.format];
  if (!reporter) {
    const later = options.format === 'html' ? ' (the HTML report is not available in this version yet)' : '';
    throw new UsageError(`--format ${options.format}: choose one of ${Object.keys(REPORTERS).join(', ')}${later}`);
  }
  const failOn = options.failOn;
  if (![...SEVERITIES, 'never'].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: choose error, warning, info or never`);
  const now = parseNow(options.now);
  const only = checkRuleIds(options.rule ?? [], '--rule');
  const disabled = checkRuleIds(options.disable ?? [], '--disable');

  const inputs = paths.length > 0 ? paths : ['.'];
  const root = scanRoot(inputs);
  const config = loadConfig(options.config ?? findConfig(root), new Set(RULES.map((r) => r.id)));
  const loaded = loadManifests(inputs, {
    defaultNamespace: options.namespace,
    ignore: config.ignore,
    root: config.file && !options.config ? path.dirname(config.file) : root,
    stdin: io.stdin,
  });
  if (loaded.files === 0 && loaded.objects.length === 0) {
    const why = [...loaded.inputErrors.map((e) => `${e.file}: ${e.message}`), ...loaded.notes];
    throw new UsageError(`nothing to scan in ${inputs.join(' ')}${why.length ? `:\n  ${why.join('\n  ')}` : ': no .yaml, .yml or .json files found'}`);
  }

  const available = new Set<Need>(['manifests']);
  const result = evaluate(
    { ...loaded, authoritative: false, available },
    RULES,
    { severity: config.severity, only, disabled },
    now,
  );
  const color = options.output === undefined && io.isTTY && !('NO_COLOR' in io.env) && options.format === 'text';
  const rendered = reporter(result, { catalogue: RULES, version: VERSION, now, color });
  if (options.output) writeFileSync(options.output, rendered);
  else io.stdout(rendered);

  if (failOn === 'never') return 0;
  const threshold = SEVERITIES.indexOf(failOn as Severity);
  return result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}
