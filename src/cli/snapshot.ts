// `hindsight snapshot --cluster --output FILE`: the cluster's state in one file, Secrets redacted,
// for `scan --snapshot` anywhere later.

import { createWriteStream } from 'node:fs';
import { readCluster } from '../sources/cluster.js';
import { snapshotWriter } from '../sources/snapshot.js';
import { VERSION } from '../version.js';
import { type CliIO, UsageError } from './io.js';
import { parseNow } from './scan.js';

export interface SnapshotOptions {
  cluster?: boolean;
  output?: string;
  context?: string;
  kubeconfig?: string;
  now?: string;
}

export async function snapshot(options: SnapshotOptions, io: CliIO): Promise<number> {
  if (!options.cluster) throw new UsageError('snapshot reads a live cluster: add --cluster (and --context or --kubeconfig to choose one)');
  if (!options.output) throw new UsageError('snapshot needs --output FILE');
  const now = parseNow(options.now);
  const read = await readCluster({
    ...(options.kubeconfig !== undefined && { kubeconfig: options.kubeconfig }),
    ...(options.context !== undefined && { context: options.context }),
    eventsSince: new Date(now.getTime() - 3600_000),
  });
  const objects = read.objects.sort((a, b) => {
    const ka = `${a.kind}\u0000${a.namespace ?? ''}\u0000${a.name}`;
    const kb = `${b.kind}\u0000${b.namespace ?? ''}\u0000${b.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const writer = snapshotWriter(createWriteStream(options.output), {
    version: VERSION,
    takenAt: now.toISOString(),
    context: read.context,
    server: read.server,
    complete: read.complete,
    unavailable: read.unavailable,
  });
  for (const obj of objects) writer.add(obj.raw);
  await writer.end();
  for (const unavailable of read.unavailable) io.stderr(`hindsight: could not list ${unavailable.resource} (${unavailable.reason}); the snapshot lacks them\n`);
  io.stderr(`wrote ${objects.length.toLocaleString('en')} objects from context ${read.context} to ${options.output} (Secret values redacted)\n`);
  return 0;
}
