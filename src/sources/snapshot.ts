// Snapshots: a cluster's objects in one file, written by `hindsight snapshot` and read back by
// `scan --snapshot`. The file is a valid `kind: List` (kubectl can read it) written one object per
// line, so that a snapshot of 150,000 pods is read as a stream, never as one string (V8 strings
// stop at ~512 MiB). Output of `kubectl get … -o json` is accepted as a snapshot too.
// May not: decide severities. Secrets are redacted on the way in (see redact.ts), whatever wrote the file.

import { createReadStream, statSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { InputError } from '../engine/finding.js';
import { type JsonObject, type K8sObject, isObject, objectAt, stringAt } from '../model/object.js';
import { loadManifests } from './manifests.js';
import { redactSecret, stripServerFields } from './redact.js';

export interface SnapshotMeta {
  /** hindsight version that wrote it. */
  version: string;
  takenAt: string;
  context?: string;
  server?: string;
  /** Kinds listed completely: for these, "not in the snapshot" means "did not exist". */
  complete: string[];
  /** Resources that could not be listed, and why (e.g. RBAC 403 on secrets). */
  unavailable: Array<{ resource: string; reason: string }>;
}

export interface SnapshotRead {
  objects: K8sObject[];
  meta: SnapshotMeta | undefined;
  completeKinds: Set<string>;
  inputErrors: InputError[];
  notes: string[];
}

const HEADER_PREFIX = '{"apiVersion":"v1","kind":"List","hindsight":';

/** Writes the snapshot header, then one line per object; call `end()` to close the List. */
export function snapshotWriter(out: WriteStream, meta: SnapshotMeta) {
  out.write(`${HEADER_PREFIX}${JSON.stringify(meta)},"items":[\n`);
  let first = true;
  return {
    add(obj: JsonObject): void {
      out.write(`${first ? '' : ',\n'}${JSON.stringify(obj)}`);
      first = false;
    },
    end(): Promise<void> {
      return new Promise((resolve, reject) => {
        out.on('error', reject);
        out.end(`${first ? '' : '\n'}]}\n`, () => resolve());
      });
    },
  };
}

/** A live object as rules see it: redacted, server bookkeeping dropped, no file location. */
export function toLiveObject(raw: JsonObject): K8sObject | undefined {
  const kind = stringAt(raw, 'kind');
  const apiVersion = stringAt(raw, 'apiVersion');
  const metadata = objectAt(raw, 'metadata');
  const name = stringAt(metadata, 'name');
  if (!kind || !apiVersion || !name) return undefined;
  const clean = stripServerFields(kind === 'Secret' ? redactSecret(raw) : raw);
  return { apiVersion, kind, name, namespace: stringAt(metadata, 'namespace'), namespaceDefaulted: false, raw: clean, live: true };
}

export async function readSnapshot(file: string): Promise<SnapshotRead> {
  const read: SnapshotRead = { objects: [], meta: undefined, completeKinds: new Set(), inputErrors: [], notes: [] };
  let firstLine = '';
  try {
    firstLine = await readFirstLine(file);
  } catch (error) {
    read.inputErrors.push({ file, line: 1, column: 1, message: `cannot read snapshot: ${(error as NodeJS.ErrnoException).code ?? error}` });
    return read;
  }
  if (firstLine.startsWith(HEADER_PREFIX)) await readStreamed(file, read);
  else readWhole(file, read);
  return read;
}

async function readFirstLine(file: string): Promise<string> {
  const stream = createReadStream(file, { encoding: 'utf8', end: 64 * 1024 });
  let text = '';
  for await (const chunk of stream) {
    text += chunk as string;
    if (text.includes('\n')) break;
  }
  stream.destroy();
  return text.split('\n')[0]!;
}

async function readStreamed(file: string, read: SnapshotRead): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let closed = false;
  for await (const line of lines) {
    lineNumber++;
    if (lineNumber === 1) {
      try {
        const header = JSON.parse(`${line.slice(0, -'"items":['.length - 1)}}`) as { hindsight: SnapshotMeta };
        read.meta = header.hindsight;
        for (const kind of read.meta.complete ?? []) read.completeKinds.add(kind);
      } catch {
        read.inputErrors.push({ file, line: 1, column: 1, message: 'snapshot header is not valid JSON' });
      }
      continue;
    }
    if (line === ']}') {
      closed = true;
      break;
    }
    const text = line.endsWith(',') ? line.slice(0, -1) : line;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      read.inputErrors.push({ file, line: lineNumber, column: 1, message: 'snapshot line is not a valid JSON object (the file is damaged); the other objects are still used' });
      continue;
    }
    const obj = isObject(value) ? toLiveObject(value) : undefined;
    if (obj) read.objects.push(obj);
    else read.inputErrors.push({ file, line: lineNumber, column: 1, message: 'snapshot line is not a Kubernetes object (it needs apiVersion, kind and metadata.name)' });
  }
  if (!closed) {
    read.inputErrors.push({
      file,
      line: Math.max(lineNumber, 1),
      column: 1,
      message: `snapshot is truncated after ${read.objects.length} objects (no closing "]}"); the objects read are used, absence is no longer trusted`,
    });
    read.completeKinds.clear();
  }
  for (const unavailable of read.meta?.unavailable ?? []) {
    read.notes.push(`snapshot ${file} lacks ${unavailable.resource}: ${unavailable.reason}`);
  }
}

/** Any other JSON file (`kubectl get … -o json`): read whole, through the manifest loader for exact error positions. */
function readWhole(file: string, read: SnapshotRead): void {
  const size = statSync(file).size;
  if (size > 256 * 1024 * 1024) {
    read.inputErrors.push({ file, line: 1, column: 1, message: `snapshot of ${Math.round(size / 1048576)} MiB is not in hindsight's streaming format; write it with \`hindsight snapshot\`` });
    return;
  }
  const loaded = loadManifests([file], { defaultNamespace: 'default', ignore: [], root: '.' });
  read.inputErrors.push(...loaded.inputErrors);
  read.notes.push(...loaded.notes);
  for (const obj of loaded.objects) {
    const live = toLiveObject(obj.raw);
    if (live) read.objects.push(live);
  }
  // kubectl output says nothing about what was listed: trust absence only for kinds it contains.
  for (const obj of read.objects) read.completeKinds.add(obj.kind);
  if (read.objects.length > 0) {
    read.notes.push(
      `${file} is not a hindsight snapshot: a missing object counts as absent only for the kinds it contains (${[...read.completeKinds].sort().join(', ')})`,
    );
  }
}
