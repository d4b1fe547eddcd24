// The parse worker (see parallel-parse.ts): receives texts and chunks as the main thread reads
// them, claims chunks from the shared counter, parses them with the same code as the main thread,
// and posts each back as one JSON string.
// May not: do anything but parse what it is sent.

import { type MessagePort, workerData } from 'node:worker_threads';
import { CHUNKS_POSTED, type ChunkResult, type LocalDocument, type ParseBatch, type ParseUnit, claimChunk, parseUnit } from './parallel-parse.js';
import { type ParsedDocument, TOO_DEEP } from './yaml-text.js';

const { port, state } = workerData as { port: MessagePort; state: Int32Array };

/** `.nan` and `.inf` parse to numbers JSON cannot carry (it would print null). */
const NOT_JSON_NUMBER = /\.(?:nan|inf)/gi;

const texts: string[] = [];
const chunks: ParseUnit[][] = [];
const unsafe = new Map<number, number[]>();

/** Offsets of `.nan`/`.inf` in a text, found once per text. */
function unsafeOffsets(index: number): number[] {
  let offsets = unsafe.get(index);
  if (!offsets) {
    offsets = [];
    const text = texts[index]!;
    NOT_JSON_NUMBER.lastIndex = 0;
    for (let match = NOT_JSON_NUMBER.exec(text); match; match = NOT_JSON_NUMBER.exec(text)) offsets.push(match.index);
    unsafe.set(index, offsets);
  }
  return offsets;
}

function portable(doc: ParsedDocument, text: number): ParsedDocument | LocalDocument {
  const local = { start: doc.start, end: doc.end, local: true } as const;
  if (doc.error) return doc.error.message === TOO_DEEP ? local : doc;
  if (doc.value !== undefined && unsafeOffsets(text).some((offset) => offset >= doc.start && offset < doc.end)) return local;
  return doc;
}

port.on('message', (batch: ParseBatch) => {
  for (const text of batch.texts) texts.push(text);
  for (const chunk of batch.chunks) chunks.push(chunk);
  for (let index = claimChunk(state, chunks.length); index !== -1; index = claimChunk(state, chunks.length)) {
    const result: ChunkResult = { chunk: index };
    try {
      result.json = JSON.stringify(chunks[index]!.map((unit) => parseUnit(texts, unit).map((doc) => portable(doc, unit.text))));
    } catch {
      // the main thread parses this chunk itself, and meets the same error there
    }
    port.postMessage(result);
    Atomics.add(state, CHUNKS_POSTED, 1);
    Atomics.notify(state, CHUNKS_POSTED);
  }
});
