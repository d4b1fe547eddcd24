// Parsing many YAML texts on two threads: this one and one worker, for large inputs only.
//
// Why: parsing is the largest step of a scan (js-yaml ~20 MB/s, fast-yaml.ts ~2x that, both
// slower in a fresh process), and the one that splits cleanly: documents are independent. Texts
// are cut into chunks of whole documents (~256 K characters) as they are read; once the input
// passes 16 MiB a worker starts and parses chunks while this thread is still reading files; then
// both threads claim the remaining chunks from one shared counter, so the split balances itself
// whatever else the machine is doing. Both threads also work out the config files embedded in the
// ConfigMaps and Secrets they parse (the costliest check), so that the rules find them done. The
// worker sends each chunk back as one JSON string, which this thread reads with JSON.parse
// (~150 MB/s, ~4x cheaper than parsing the YAML). This thread keeps the texts: positions are
// computed from them later, lazily, for the documents that have findings.
//
// The loader stays synchronous (the CLI, the tests and snapshot reading call it so): this thread
// blocks on Atomics.wait for the worker's chunks and takes them with receiveMessageOnPort, never
// through the event loop.
//
// Identical results: the worker runs the same parseYamlText code. What JSON cannot carry (NaN and
// ±Infinity from `.nan`/`.inf`) is not sent: such documents, documents whose parse ran out of stack
// (the worker's stack is smaller than this thread's, so this thread decides), and chunks that
// threw, are parsed again here. A worker that stops answering (it crashed, it ran out of memory)
// costs a delay, not a result: its chunks are parsed here after a generous timeout.
// test/fast-paths.test.ts compares two threads with one on generated, broken and mutated inputs.
// May not: decide severities or know about rules.

import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { type EmbeddedConfig, embeddedConfigsIn } from '../analysis/embedded.js';
import { type JsonObject, isObject } from '../model/object.js';
import { type ParsedDocument, parseDocumentAt, parseYamlRanges, parseYamlText, splitDocuments } from './yaml-text.js';

/**
 * Below this much YAML a second thread costs about what it saves (measured on 2 cores: even at
 * 9 MB, a loss at 14 MB of large CRDs, ~0.5 s gained at 50 MB): the worker boots and warms its own
 * JIT, and every document it parses is sent back as JSON, which costs this thread ~1/4 of parsing it.
 */
export const PARALLEL_PARSE_MIN_CHARS = 16 * 1024 * 1024;
const CHUNK_CHARS = 256 * 1024;

/** A piece of work: one whole text, or some of its documents (flat `[start, end, …]`). */
export interface ParseUnit {
  text: number;
  ranges?: number[];
}

/** What the worker is sent as texts are read: the new texts (in order) and the new chunks. */
export interface ParseBatch {
  texts: string[];
  chunks: ParseUnit[][];
}

/** What the worker sends back per chunk: its units' documents as JSON, or nothing if it failed. */
export interface ChunkResult {
  chunk: number;
  json?: string;
}

/** A document the worker leaves to this thread (see the header). */
export interface LocalDocument {
  start: number;
  end: number;
  local: true;
}

/** Indexes into the shared Int32Array. */
export const NEXT_CHUNK = 0;
export const CHUNKS_POSTED = 1;

/**
 * The documents of a unit, each with the config files embedded in its ConfigMaps and Secrets worked
 * out too: parsing those is the costliest check of all, and here both threads share it.
 */
export function parseUnit(texts: readonly string[], unit: ParseUnit): ParsedDocument[] {
  const text = texts[unit.text]!;
  const documents = unit.ranges ? parseYamlRanges(text, unit.ranges) : parseYamlText(text);
  for (const doc of documents) addEmbeddedConfigs(doc);
  return documents;
}

/** As manifests.ts reads a document: one object, or a List of them. */
function addEmbeddedConfigs(doc: ParsedDocument): void {
  const value = doc.value;
  if (!isObject(value)) return;
  const found: Array<[number, EmbeddedConfig[]]> = [];
  const add = (item: number, raw: unknown) => {
    const kind = isObject(raw) ? raw['kind'] : undefined;
    if (kind === 'ConfigMap' || kind === 'Secret') found.push([item, embeddedConfigsIn(kind, raw as JsonObject)]);
  };
  const kind = value['kind'];
  const items = value['items'];
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) items.forEach((item, i) => add(i, item));
  else add(-1, value);
  if (found.length > 0) doc.embedded = found;
}

/**
 * Claims the next chunk below `available` from the shared counter, or returns -1. A compare-and-swap
 * rather than an add, so that neither thread claims a chunk the other cannot see yet.
 */
export function claimChunk(state: Int32Array, available: number): number {
  for (;;) {
    const next = Atomics.load(state, NEXT_CHUNK);
    if (next >= available) return -1;
    if (Atomics.compareExchange(state, NEXT_CHUNK, next, next + 1) === next) return next;
  }
}

interface Running {
  worker: Worker;
  port: MessagePort;
  state: Int32Array;
  /** Texts and chunks already posted. */
  textsSent: number;
  chunksSent: number;
}

/** Collects YAML texts as they are read; parses them on two threads once they are many. */
export class ParallelParser {
  private readonly texts: string[] = [];
  private readonly chunks: ParseUnit[][] = [];
  private readonly sizes: number[] = [];
  private current: ParseUnit[] = [];
  private currentSize = 0;
  private chars = 0;
  private running: Running | undefined;
  private failed = false;

  constructor(private readonly minChars: number = PARALLEL_PARSE_MIN_CHARS) {}

  /** Queues a YAML text (never JSON); returns its index in what `finish` returns. */
  add(text: string): number {
    const index = this.texts.push(text) - 1;
    this.chars += text.length;
    if (text.length <= CHUNK_CHARS) {
      this.addUnit({ text: index }, text.length);
    } else {
      let ranges: number[] = [];
      let chars = 0;
      for (const { start, end } of splitDocuments(text)) {
        if (chars > 0 && chars + (end - start) > CHUNK_CHARS) {
          this.addUnit({ text: index, ranges }, chars);
          ranges = [];
          chars = 0;
        }
        ranges.push(start, end);
        chars += end - start;
      }
      // A text of only blanks and comments has no documents, and parseYamlText gives none for it.
      if (ranges.length > 0) this.addUnit({ text: index, ranges }, chars);
    }
    if (!this.running && !this.failed && this.chars > this.minChars) this.start();
    return index;
  }

  /**
   * The documents of every text added, in order, exactly as parseYamlText gives them; undefined
   * when the input was too small for a second thread (the caller parses as it goes).
   */
  finish(): ParsedDocument[][] | undefined {
    const running = this.running;
    if (!running) return undefined;
    this.closeChunk();
    try {
      this.post(running);
      return this.parseWithWorker(running);
    } finally {
      this.stop();
    }
  }

  /** Stops the worker, if one runs. */
  stop(): void {
    if (!this.running) return;
    void this.running.worker.terminate();
    this.running.port.close();
    this.running = undefined;
  }

  private addUnit(unit: ParseUnit, chars: number): void {
    if (this.currentSize > 0 && this.currentSize + chars > CHUNK_CHARS) this.closeChunk();
    this.current.push(unit);
    this.currentSize += chars;
  }

  private closeChunk(): void {
    if (this.current.length === 0) return;
    this.chunks.push(this.current);
    this.sizes.push(this.currentSize);
    this.current = [];
    this.currentSize = 0;
    if (this.running) this.post(this.running);
  }

  /** Starts the worker: it parses what was read so far while this thread reads the rest. */
  private start(): void {
    try {
      const { port1, port2 } = new MessageChannel();
      const state = new Int32Array(new SharedArrayBuffer(8));
      const worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
        workerData: { port: port2, state },
        transferList: [port2],
        // Smaller than this thread's ~984 KB, so that the worker never parses a document nested too
        // deeply for this thread: those fail there and are parsed (and fail) here, as without it.
        resourceLimits: { stackSizeMb: 0.75 },
      });
      worker.unref();
      // A worker that fails to start claims nothing; this thread then parses everything.
      worker.on('error', () => {});
      port1.unref();
      this.running = { worker, port: port1, state, textsSent: 0, chunksSent: 0 };
      this.post(this.running);
    } catch {
      this.failed = true; // no worker threads here: the caller parses everything
    }
  }

  private post(running: Running): void {
    if (running.chunksSent === this.chunks.length) return;
    const batch: ParseBatch = { texts: this.texts.slice(running.textsSent), chunks: this.chunks.slice(running.chunksSent) };
    running.port.postMessage(batch);
    running.textsSent = this.texts.length;
    running.chunksSent = this.chunks.length;
  }

  private parseWithWorker({ port, state }: Running): ParsedDocument[][] {
    const { texts, chunks, sizes } = this;
    const unitResults: ParsedDocument[][][] = chunks.map((chunk) => new Array(chunk.length));
    const done = new Uint8Array(chunks.length);
    let remaining = chunks.length;

    const parseHere = (index: number) => {
      chunks[index]!.forEach((unit, j) => (unitResults[index]![j] = parseUnit(texts, unit)));
      done[index] = 1;
      remaining--;
    };
    const receive = () => {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const { chunk, json } = message.message as ChunkResult;
        if (done[chunk]) continue; // parsed here already, after the worker stalled
        if (json === undefined) {
          parseHere(chunk); // it threw in the worker: let it throw (or not) here, as without a worker
          continue;
        }
        const units = JSON.parse(json) as Array<Array<ParsedDocument | LocalDocument>>;
        units.forEach((documents, j) => {
          const text = texts[chunks[chunk]![j]!.text]!;
          unitResults[chunk]![j] = documents.map((doc) => ('local' in doc ? parseDocumentAt(text, doc.start, doc.end) : doc));
        });
        done[chunk] = 1;
        remaining--;
      }
    };

    for (let index = claimChunk(state, chunks.length); index !== -1; index = claimChunk(state, chunks.length)) {
      parseHere(index);
      receive();
    }

    // Every chunk is claimed; wait for the worker's. It posts, then bumps CHUNKS_POSTED and notifies.
    let lastProgress = performance.now();
    let posted = Atomics.load(state, CHUNKS_POSTED);
    for (;;) {
      receive();
      if (remaining === 0) break;
      if (Atomics.wait(state, CHUNKS_POSTED, posted, 100) !== 'timed-out') {
        posted = Atomics.load(state, CHUNKS_POSTED);
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > stallLimit(sizes, done)) {
        for (let index = 0; index < chunks.length; index++) if (!done[index]) parseHere(index);
        break;
      }
    }

    const results: ParsedDocument[][] = texts.map(() => []);
    chunks.forEach((chunk, index) =>
      chunk.forEach((unit, j) => {
        const documents = results[unit.text]!;
        for (const doc of unitResults[index]![j]!) documents.push(doc);
      }),
    );
    return results;
  }
}

/** How long the worker may go without finishing a chunk: far longer than any chunk can take. */
function stallLimit(sizes: readonly number[], done: Uint8Array): number {
  let largest = 0;
  sizes.forEach((chars, index) => {
    if (!done[index]) largest = Math.max(largest, chars);
  });
  // 10 s, plus 1 s per MB outstanding in one chunk (js-yaml parses ~20 MB/s).
  return 10_000 + largest / 1000;
}
