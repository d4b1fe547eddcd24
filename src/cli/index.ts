// The command line: argv → one command → exit code. Known errors print one line; anything else
// is a bug and prints its stack with a request to report it.

import { Command, CommanderError, Option } from 'commander';
import { ClusterError } from '../sources/cluster.js';
import { ConfigError } from '../sources/config.js';
import { VERSION } from '../version.js';
import { type CliIO, UsageError } from './io.js';
import { explain, listRules } from './rules.js';
import { type ScanOptions, scan } from './scan.js';
import { type SnapshotOptions, snapshot } from './snapshot.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function program(io: CliIO, setExit: (code: number) => void): Command {
  const cli = new Command('hindsight')
    .description('Finds the outage hidden in your Kubernetes configuration before it finds you.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  cli
    .command('scan')
    .description('Scan manifests (files, folders, or - for stdin) and report the hazards in them')
    .argument('[paths...]', 'files and folders of YAML/JSON manifests; - reads stdin (default: the current folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif', 'junit', 'github', 'html']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['error', 'warning', 'info', 'never']).default('error'))
    .option('-c, --config <file>', 'config file (default: .hindsight.yaml in the scanned folder)')
    .option('--now <iso-8601>', 'fix the clock, for reproducible certificate and retention maths')
    .option('-n, --namespace <ns>', 'namespace for objects that name none', 'default')
    .option('--rule <id>', 'run only this rule (repeatable)', collect)
    .option('--disable <id>', 'do not run this rule (repeatable)', collect)
    .option('--snapshot <file>', 'also read a cluster snapshot (from `hindsight snapshot` or `kubectl get -o json`; repeatable)', collect)
    .option('--cluster', 'also read the live cluster (read-only); references then resolve against what runs')
    .option('--context <name>', 'kubeconfig context for --cluster (default: the current one)')
    .option('--kubeconfig <file>', 'kubeconfig for --cluster (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .addOption(new Option('--registry [url]', 'check images against the registry (not available yet)').hideHelp())
    .addOption(new Option('--registry-inventory <file>', 'offline registry data (not available yet)').hideHelp())
    .addHelpText(
      'after',
      `
Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage error or nothing readable.

Examples:
  hindsight scan deploy/
  helm template ./chart | hindsight scan -
  kubectl get all -A -o json | hindsight scan -
  hindsight scan deploy/ --format sarif --output hindsight.sarif
  hindsight scan deploy/ --cluster                 manifests checked against what is live
  hindsight scan --snapshot snap.json              a saved cluster, offline`,
    )
    .action(async (paths: string[], options: ScanOptions) => setExit(await scan(paths, options, io)));

  cli
    .command('snapshot')
    .description('Save the cluster state the rules need to one file (read-only; Secret values redacted)')
    .option('--cluster', 'read the live cluster (required)')
    .option('-o, --output <file>', 'where to write the snapshot (required)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--now <iso-8601>', 'the time the snapshot is taken at (events of the hour before it are kept)')
    .addHelpText('after', '\nThen, anywhere: hindsight scan --snapshot FILE')
    .action(async (options: SnapshotOptions) => setExit(await snapshot(options, io)));

  cli
    .command('rules')
    .description('List every rule: id, family, default severity, incident')
    .action(() => setExit(listRules(io)));

  cli
    .command('explain')
    .description("Show a rule's documentation: why it matters and what to do")
    .argument('<id>', 'rule id, e.g. missing-secret')
    .action((id: string) => setExit(explain(id, io)));

  return cli;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  let exitCode = 0;
  try {
    const cli = program(io, (code) => (exitCode = code));
    if (argv.length === 0) {
      cli.outputHelp();
      return 2;
    }
    await cli.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof ClusterError) {
      io.stderr(`hindsight: ${error.message}\n`);
      return 2;
    }
    io.stderr(`hindsight: internal error — this is a bug, please report it with the command you ran.\n${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
