// Gathers every input a command asked for — manifests, snapshots, the live cluster — into one
// engine input. Manifests are what will be applied, so a manifest object shadows the live object
// with the same identity; when manifests are given, they are what the rules report on, and live
// objects are what their references resolve against.

import type { EngineInput } from '../engine/run.js';
import type { Need } from '../engine/rule.js';
import type { K8sObject } from '../model/object.js';
import type { ClusterRead } from '../sources/cluster.js';
import { loadManifests } from '../sources/manifests.js';
import { readSnapshot } from '../sources/snapshot.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';

export interface InputOptions {
  paths: string[];
  snapshots: string[];
  cluster: boolean;
  context?: string;
  kubeconfig?: string;
  namespace: string;
  ignore: readonly string[];
  root: string;
  now: Date;
}

/** Which kinds each resource is, for "which rules lost input" notes. */
const KIND_OF_RESOURCE: Record<string, string> = {
  secrets: 'Secret',
  configmaps: 'ConfigMap',
  serviceaccounts: 'ServiceAccount',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  pods: 'Pod',
  events: 'Event',
  nodes: 'Node',
};

export async function gatherInputs(options: InputOptions, io: CliIO, rulesReading: (kind: string) => string[]): Promise<EngineInput> {
  const manifests = options.paths.length > 0 ? loadManifests(options.paths, { defaultNamespace: options.namespace, ignore: options.ignore, root: options.root, stdin: io.stdin }) : undefined;
  const live: K8sObject[] = [];
  const completeKinds = new Set<string>();
  const inputErrors = [...(manifests?.inputErrors ?? [])];
  const notes = [...(manifests?.notes ?? [])];
  const available = new Set<Need>(['manifests']);
  let files = manifests?.files ?? 0;

  for (const file of options.snapshots) {
    const snapshot = await readSnapshot(file);
    files++;
    live.push(...snapshot.objects);
    for (const kind of snapshot.completeKinds) completeKinds.add(kind);
    inputErrors.push(...snapshot.inputErrors);
    notes.push(...snapshot.notes);
    for (const unavailable of snapshot.meta?.unavailable ?? []) notes.push(lostInput(unavailable.resource, rulesReading));
  }

  if (options.cluster) {
    const { readCluster } = await import('../sources/cluster.js');
    const progress = progressLine(io);
    let cluster: ClusterRead;
    try {
      cluster = await readCluster({
        ...(options.kubeconfig !== undefined && { kubeconfig: options.kubeconfig }),
        ...(options.context !== undefined && { context: options.context }),
        eventsSince: new Date(options.now.getTime() - 3600_000),
        onProgress: progress.update,
      });
    } finally {
      progress.done();
    }
    live.push(...cluster.objects);
    for (const kind of cluster.complete) completeKinds.add(kind);
    for (const unavailable of cluster.unavailable) {
      io.stderr(`hindsight: could not list ${unavailable.resource} (${unavailable.reason}); scanning with what could be read\n`);
      notes.push(lostInput(unavailable.resource, rulesReading));
    }
  }

  if (live.length > 0 || options.snapshots.length > 0 || options.cluster) {
    for (const need of ['cluster-state', 'nodes', 'history'] as const) available.add(need);
  }
  if (files === 0 && live.length === 0 && !options.cluster) {
    const why = [...inputErrors.map((e) => `${e.file}: ${e.message}`), ...notes];
    throw new UsageError(`nothing to scan in ${options.paths.join(' ')}${why.length ? `:\n  ${why.join('\n  ')}` : ': no .yaml, .yml or .json files found'}`);
  }

  const declared = manifests?.objects ?? [];
  const shadowed = new Set(declared.map(identity));
  const current = live.filter((obj) => !shadowed.has(identity(obj)));
  const objects = [...declared, ...current];
  const input: EngineInput = { objects, inputErrors, notes, files, completeKinds, available, shadowed: live.filter((obj) => shadowed.has(identity(obj))) };
  if (declared.length > 0 && current.length > 0) input.targets = declared;
  return input;
}

function identity(obj: K8sObject): string {
  return `${obj.kind}\u0000${obj.namespace ?? ''}\u0000${obj.name}`;
}

function lostInput(resource: string, rulesReading: (kind: string) => string[]): string {
  const kind = KIND_OF_RESOURCE[resource];
  const rules = kind ? rulesReading(kind) : [];
  return `${resource} could not be listed, so absence of ${kind ?? resource} is not known: ${
    rules.length ? `${rules.join(', ')} report "not found in the inputs" (warning) for them instead of an error` : 'no rule depends on it'
  }`;
}

/** "listing pods… 12,500" on a terminal's stderr, redrawn in place; nothing when not a terminal. */
function progressLine(io: CliIO): { update: (resource: string, count: number) => void; done: () => void } {
  if (!io.stderrIsTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(resource, count) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      io.stderr(`\r\u001b[Klisting ${resource}… ${count.toLocaleString('en')}`);
    },
    done() {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}
