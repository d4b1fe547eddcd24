// Shared test plumbing: the real CLI run in-process, the real loader and engine on YAML text.
// Nothing here replaces a module of ours; it only feeds inputs and captures outputs.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/index.js';
import type { Finding, ScanResult } from '../src/engine/finding.js';
import { evaluate } from '../src/engine/run.js';
import { RULES } from '../src/rules/index.js';
import { loadManifests } from '../src/sources/manifests.js';
import { readSnapshot } from '../src/sources/snapshot.js';

/** The repository root (dist/test/ is two levels below it). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const EXAMPLES = path.join(ROOT, 'examples', 'incidents');
/** The shared corpus of real-world manifests, beside the project (override with HINDSIGHT_CORPUS). */
export const CORPUS = process.env['HINDSIGHT_CORPUS'] ?? path.resolve(ROOT, '..', 'shared', 'corpus');
export const HAVE_CORPUS = existsSync(CORPUS);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process with captured output; `cwd` is set for the call and restored. */
export async function cli(args: string[], options: { stdin?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await run(args, {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      stdin: () => (options.stdin === undefined ? Buffer.alloc(0) : Buffer.from(options.stdin)),
      isTTY: false,
      env: options.env ?? {},
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** Loads YAML text as if piped to `hindsight scan -` and runs every rule (or `only` these). */
export function scanText(text: string, only: string[] = []): ScanResult {
  const loaded = loadManifests(['-'], { defaultNamespace: 'default', ignore: [], root: process.cwd(), stdin: () => Buffer.from(text) });
  return evaluate(
    { ...loaded, completeKinds: new Set(), available: new Set(['manifests']) },
    RULES,
    { severity: new Map(), only: new Set(only), disabled: new Set() },
    new Date('2024-03-01T00:00:00Z'),
  );
}

/** Loads files or folders and runs every rule (or `only` these). */
export function scanPaths(paths: string[], only: string[] = []): ScanResult {
  const loaded = loadManifests(paths, { defaultNamespace: 'default', ignore: [], root: process.cwd() });
  return evaluate(
    { ...loaded, completeKinds: new Set(), available: new Set(['manifests']) },
    RULES,
    { severity: new Map(), only: new Set(only), disabled: new Set() },
    new Date('2024-03-01T00:00:00Z'),
  );
}

/** Reads a file as a cluster snapshot (live objects, authoritative for the kinds it holds) and runs every rule. */
export async function scanSnapshot(file: string, only: string[] = [], now = new Date('2024-03-01T10:00:00Z')): Promise<ScanResult> {
  const snapshot = await readSnapshot(file);
  return evaluate(
    {
      objects: snapshot.objects,
      inputErrors: snapshot.inputErrors,
      notes: snapshot.notes,
      files: 1,
      completeKinds: snapshot.completeKinds,
      available: new Set(['manifests', 'cluster-state', 'nodes', 'history']),
    },
    RULES,
    { severity: new Map(), only: new Set(only), disabled: new Set() },
    now,
  );
}

/** A finding as a short comparable line: `line:col severity rule message`. */
export function brief(finding: Finding): string {
  const at = finding.location ? `${finding.location.line}:${finding.location.column}` : '-';
  return `${at} ${finding.severity} ${finding.rule} ${finding.message}`;
}

export function tempDir(prefix = 'hindsight-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
