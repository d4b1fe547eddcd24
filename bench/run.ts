// `npm run bench`: the static-scan performance targets of SPEC.md, measured in one run.
//
// On a generated 20,000-object tree (bench/generate.ts, cached under bench/out/):
//   (a) the floor: the fastest bare parse of the same files, read + js-yaml loadAll, one thread,
//       both in this warm process and as a process of its own (bench/bare-parse.ts), which pays
//       the same start-up as the scan: node, module loading, a cold JIT;
//   (b) the scan as a user runs it: `node dist/src/bin.js scan TREE --format json`, spawned; and
//       the same pipeline in-process (loader + engine + JSON reporter), warm;
//   (c) the scan of the real install manifests in the shared corpus (bulk).
// Every timing is the best of 3; ratios compare like with like (spawned with spawned, warm with
// warm). The scan must find thousands of problems, every one with a location, and give the same
// report on two threads as on one: a benchmark in which nothing is found measures nothing.
// Benchmarks are never timed tests. Exit code 1 when a target is missed.
//
// Options: --objects N (default 20000), --runs N (default 3), --skip-parity.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jsyaml from 'js-yaml';
import { evaluate } from '../src/engine/run.js';
import { REPORTERS } from '../src/report/index.js';
import { RULES } from '../src/rules/index.js';
import { loadManifests } from '../src/sources/manifests.js';
import { VERSION } from '../src/version.js';
import { bareParse, manifestFiles } from './bare-parse.js';
import { GENERATOR_VERSION, generateTree } from './generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'bench', 'out');
const BIN = path.join(ROOT, 'dist', 'src', 'bin.js');
const PROBE = path.join(ROOT, 'dist', 'bench', 'probe.js');
const BARE = path.join(ROOT, 'dist', 'bench', 'bare-parse.js');
const BULK = path.resolve(ROOT, '..', 'shared', 'corpus', 'bulk');
const SEED = 20240301;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const OBJECTS = option('--objects', 20_000);
const RUNS = option('--runs', 3);

interface Measured {
  ms: number;
  /** Peak resident set of the measured process, bytes. */
  maxRss?: number;
  /** CPU time (user + system) of the measured process, ms: more than `ms` means more than one core worked. */
  cpuMs?: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function best(runs: Measured[]): Measured {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

function tree(): { dir: string; files: number; bytes: number; objects: number } {
  const dir = path.join(OUT, `tree-v${GENERATOR_VERSION}-${OBJECTS}-${SEED}`);
  const stamp = path.join(dir, '.complete');
  if (!existsSync(stamp)) {
    process.stdout.write(`generating ${OBJECTS.toLocaleString('en')} objects in ${path.relative(ROOT, dir)} … `);
    mkdirSync(OUT, { recursive: true });
    for (const old of readdirSync(OUT)) if (old.startsWith('tree-')) rmSync(path.join(OUT, old), { recursive: true, force: true });
    const generated = generateTree(dir, { objects: OBJECTS, seed: SEED });
    writeFileSync(stamp, JSON.stringify(generated));
    console.log('done');
  }
  const generated = JSON.parse(readFileSync(stamp, 'utf8')) as { files: number; bytes: number; objects: number };
  return { dir, ...generated };
}

/** (a) read + js-yaml loadAll of every file, one thread, in this (warm) process. */
function bareParseHere(list: string[]): Measured {
  gc();
  const started = performance.now();
  const documents = bareParse(list);
  const ms = performance.now() - started;
  if (documents === 0) throw new Error('bare parse read no documents');
  return { ms };
}

/** (a) the same as a process of its own, started like the scan: the like-for-like floor for it. */
function bareParseSpawned(dir: string): Measured {
  const probeFile = path.join(OUT, 'probe.json');
  rmSync(probeFile, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(PROBE).href, BARE, dir], { stdio: 'ignore', env: { ...process.env, HINDSIGHT_BENCH_PROBE: probeFile } });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`bare parse exited ${child.status}`);
  const usage = JSON.parse(readFileSync(probeFile, 'utf8')) as NodeJS.ResourceUsage;
  return { ms, maxRss: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 };
}

/** The same, with JSON.parse for .json files: faster still, shown for reference. */
function bareParseJsonNative(list: string[]): Measured {
  gc();
  const started = performance.now();
  for (const file of list) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) JSON.parse(text);
    else jsyaml.loadAll(text, () => {}, { schema: jsyaml.CORE_SCHEMA, json: true });
  }
  return { ms: performance.now() - started };
}

interface ScanOutput {
  findings: Array<{ rule: string; object?: { kind: string; namespace?: string; name: string }; location?: { file: string; line: number } }>;
  summary: { objects: number; files: number };
}

/** (b) in-process: the real loader, engine and JSON reporter. */
function scanInProcess(dir: string, parallelParseChars?: number): Measured & { output: string } {
  gc();
  const started = performance.now();
  const loaded = loadManifests([dir], { defaultNamespace: 'default', ignore: [], root: dir, ...(parallelParseChars !== undefined && { parallelParseChars }) });
  const result = evaluate(
    { ...loaded, completeKinds: new Set(), available: new Set(['manifests']) },
    RULES,
    { severity: new Map(), only: new Set(), disabled: new Set() },
    new Date('2024-03-01T00:00:00Z'),
  );
  const output = REPORTERS['json']!(result, { catalogue: RULES, version: VERSION, now: new Date('2024-03-01T00:00:00Z'), color: false });
  return { ms: performance.now() - started, output };
}

/** (b) as a user runs it: a new process, `scan DIR --format json`, stdout to a file. */
function scanSpawned(dir: string): Measured & { output: string } {
  const outFile = path.join(OUT, 'scan-output.json');
  const probeFile = path.join(OUT, 'probe.json');
  rmSync(probeFile, { force: true });
  const fd = openSync(outFile, 'w');
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(PROBE).href, BIN, 'scan', dir, '--format', 'json', '--now', '2024-03-01T00:00:00Z'], {
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, HINDSIGHT_BENCH_PROBE: probeFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  closeSync(fd);
  if (child.status !== 0 && child.status !== 1) throw new Error(`scan exited ${child.status}: ${child.stderr.toString().slice(0, 2000)}`);
  const usage = JSON.parse(readFileSync(probeFile, 'utf8')) as NodeJS.ResourceUsage;
  return { ms, maxRss: usage.maxRSS * 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, output: readFileSync(outFile, 'utf8') };
}

function repeat<T extends Measured>(runs: number, measure: () => T): T {
  const all: T[] = [];
  for (let i = 0; i < runs; i++) all.push(measure());
  return best(all) as T;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const count = (n: number) => Math.round(n).toLocaleString('en');
const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;

function main(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  const generated = tree();
  const list = manifestFiles(generated.dir);
  const bytes = list.reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(`tree: ${count(generated.objects)} objects in ${count(list.length)} files, ${(bytes / 1e6).toFixed(1)} MB (${path.relative(ROOT, generated.dir)})`);

  // Warm the page cache and this process's JIT once, unmeasured.
  bareParseHere(list);

  const bare = repeat(RUNS, () => bareParseHere(list));
  const bareJson = repeat(RUNS, () => bareParseJsonNative(list));
  const bareSpawned = repeat(RUNS, () => bareParseSpawned(generated.dir));
  const spawned = repeat(RUNS, () => scanSpawned(generated.dir));
  const inProcess = repeat(RUNS, () => scanInProcess(generated.dir));

  const report = JSON.parse(spawned.output) as ScanOutput;
  const objects = report.summary.objects;
  const withFindings = new Set(report.findings.filter((f) => f.object).map((f) => `${f.object!.kind}/${f.object!.namespace ?? ''}/${f.object!.name}`));
  const unlocated = report.findings.filter((f) => !f.location).length;
  const byRule = new Map<string, number>();
  for (const finding of report.findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);

  // The parallel parse must change nothing: the same JSON report with it forced off.
  let parity = 'not checked (--skip-parity)';
  if (!args.includes('--skip-parity')) {
    const sequential = scanInProcess(generated.dir, Number.POSITIVE_INFINITY);
    parity = sequential.output === inProcess.output ? 'identical' : 'DIFFERENT';
  }
  const inProcessMatches = inProcess.output === spawned.output;

  let bulk: (Measured & { objects: number; findings: number; files: number }) | undefined;
  if (existsSync(BULK)) {
    const run = repeat(RUNS, () => scanSpawned(BULK));
    const out = JSON.parse(run.output) as ScanOutput;
    bulk = { ...run, objects: out.summary.objects, files: out.summary.files, findings: out.findings.length };
  }

  const perSecond = objects / (spawned.ms / 1000);
  const ratioSpawned = spawned.ms / bareSpawned.ms;
  const ratioInProcess = inProcess.ms / bare.ms;
  const ratioMixed = spawned.ms / bare.ms;
  const rows: Array<[string, string, string, string]> = [
    ['bare parse, in this process (warm): read + js-yaml loadAll, 1 thread', `${seconds(bare.ms)} (${(bytes / 1e6 / (bare.ms / 1000)).toFixed(1)} MB/s)`, '', ''],
    ['  (for reference: JSON.parse for the .json files)', seconds(bareJson.ms), '', ''],
    ['bare parse, spawned (node start-up + cold JIT, like the scan)', seconds(bareSpawned.ms), '', ''],
    ['scan, spawned CLI, --format json', `${seconds(spawned.ms)} (${(spawned.cpuMs! / spawned.ms).toFixed(2)} cores busy)`, '', ''],
    ['scan, in-process, warm (loader + engine + JSON reporter)', seconds(inProcess.ms), '', ''],
    ['ratio spawned scan / spawned bare parse', `${ratioSpawned.toFixed(2)}x`, '<= 1.5x', ratioSpawned <= 1.5 ? 'PASS' : 'FAIL'],
    ['ratio in-process scan / in-process bare parse', `${ratioInProcess.toFixed(2)}x`, '<= 1.5x', ratioInProcess <= 1.5 ? 'PASS' : 'FAIL'],
    ['  (spawned scan / warm bare parse)', `${ratioMixed.toFixed(2)}x`, '', ''],
    ['objects per second (spawned scan)', count(perSecond), '>= 10,000', perSecond >= 10_000 ? 'PASS' : 'FAIL'],
    ['  (in-process scan)', count(objects / (inProcess.ms / 1000)), '', ''],
    ['findings', `${count(report.findings.length)} on ${count(withFindings.size)} objects (${((withFindings.size / objects) * 100).toFixed(0)}%)`, 'thousands', report.findings.length >= 2000 ? 'PASS' : 'FAIL'],
    ['findings without a location', count(unlocated), '0', unlocated === 0 ? 'PASS' : 'FAIL'],
    ['peak RSS (spawned scan)', mib(spawned.maxRss!), '', ''],
    ['parallel parse vs. one thread (JSON report)', parity, 'identical', parity === 'DIFFERENT' ? 'FAIL' : parity === 'identical' ? 'PASS' : ''],
    ['in-process report vs. spawned report', inProcessMatches ? 'identical' : 'DIFFERENT', 'identical', inProcessMatches ? 'PASS' : 'FAIL'],
  ];
  if (bulk) {
    rows.push([
      `corpus/bulk (${count(bulk.files)} files, ${count(bulk.objects)} objects)`,
      `${seconds(bulk.ms)}, ${count(bulk.findings)} findings, ${mib(bulk.maxRss!)}`,
      '',
      '',
    ]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), ['measure', 'value', 'target', 'result'][i]!.length));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`\nstatic scan, best of ${RUNS}, node ${process.version}, ${os()}`);
  console.log(line(['measure', 'value', 'target', 'result']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  console.log(`\nfindings by rule: ${[...byRule].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
  const failed = rows.some((row) => row[3] === 'FAIL');
  if (failed) process.exitCode = 1;
}

function os(): string {
  const cpus = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
  return `${cpus} cores`;
}

main();
