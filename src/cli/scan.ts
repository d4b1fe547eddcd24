// `hindsight scan`: manifests in, findings out. Owns its exit code.

import { writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../engine/run.js';
import { type Severity, SEVERITIES } from '../engine/rule.js';
import { REPORTERS } from '../report/index.js';
import { RULES, ruleById, rulesReading } from '../rules/index.js';
import { findConfig, loadConfig } from '../sources/config.js';
import { VERSION } from '../version.js';
import { gatherInputs } from './inputs.js';
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
  context?: string;
  kubeconfig?: string;
  registry?: string | boolean;
  registryInventory?: string;
}

const NOT_YET: Array<[keyof ScanOptions, string]> = [
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

export async function scan(paths: string[], options: ScanOptions, io: CliIO): Promise<number> {
  for (const [key, flag] of NOT_YET) {
    if (options[key] !== undefined && options[key] !== false) {
      throw new UsageError(`${flag} is not available in hindsight ${VERSION} yet`);
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
  const snapshots = options.snapshot ?? [];
  const cluster = options.cluster === true;
  if (!cluster && (options.context !== undefined || options.kubeconfig !== undefined)) {
    throw new UsageError('--context and --kubeconfig choose a cluster: add --cluster');
  }

  // With --snapshot or --cluster and no PATH, no manifests are read.
  const manifestPaths = paths.length > 0 || snapshots.length > 0 || cluster ? paths : ['.'];
  const root = scanRoot(manifestPaths);
  const config = loadConfig(options.config ?? findConfig(root), new Set(RULES.map((r) => r.id)));
  const input = await gatherInputs(
    {
      paths: manifestPaths,
      snapshots,
      cluster,
      ...(options.context !== undefined && { context: options.context }),
      ...(options.kubeconfig !== undefined && { kubeconfig: options.kubeconfig }),
      namespace: options.namespace,
      ignore: config.ignore,
      root: config.file && !options.config ? path.dirname(config.file) : root,
      now,
    },
    io,
    rulesReading,
  );
  const result = evaluate(input, RULES, { severity: config.severity, only, disabled, configChecks: config.configChecks }, now);
  const color = options.output === undefined && io.isTTY && !('NO_COLOR' in io.env) && options.format === 'text';
  const rendered = reporter(result, { catalogue: RULES, version: VERSION, now, color });
  if (options.output) writeFileSync(options.output, rendered);
  else io.stdout(rendered);

  if (failOn === 'never') return 0;
  const threshold = SEVERITIES.indexOf(failOn as Severity);
  return result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}
