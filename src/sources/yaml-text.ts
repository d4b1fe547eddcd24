// Parsing one file's text into documents, fast, with positions only where they are asked for.
//
// js-yaml parses every document (it is ~10x faster than the positional `yaml` parser). Documents
// are split on their `---`/`...` markers first, so one broken document does not lose the rest of
// the file. Positions come later and lazily: `locate()` re-parses only the one document that has
// a finding, with js-yaml's listener, and caches the result. The `yaml` parser is used only to
// diagnose a document js-yaml refused (it reports every duplicate key, with positions).
// May not: decide severities or know about rules.

import jsyaml from 'js-yaml';
import { parseDocument } from 'yaml';
import type { FieldPath, ParseIssue, Position } from '../model/object.js';

const SCHEMA = jsyaml.CORE_SCHEMA.extend([(jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge]);

/** The API server refuses request bodies over 3 MiB; no single object can be larger. */
export const MAX_OBJECT_BYTES = 3 * 1024 * 1024;
/** Aliases may reuse nodes, but an object that expands past this many nodes is an alias bomb. */
const MAX_EXPANDED_NODES = 1_000_000;

export interface TextError {
  message: string;
  offset: number;
}

export interface ParsedDocument {
  /** Offset of the document's first character in the file text. */
  start: number;
  end: number;
  value?: unknown;
  error?: TextError;
  duplicateKeys?: Array<{ message: string; offset: number }>;
}

/** Offsets of every line start, built once per file and only when a position is needed. */
export class LineIndex {
  private starts: Int32Array | undefined;
  constructor(private readonly text: string) {}

  position(offset: number): Position {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** Offset of the start of a 1-based line. */
  offsetOfLine(line: number): number {
    const starts = (this.starts ??= lineStarts(this.text));
    return starts[Math.min(Math.max(line - 1, 0), starts.length - 1)]!;
  }
}

function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
}

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Document ranges: a `---` line starts a document, a `...` line ends one. */
export function splitDocuments(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let start = 0;
  DOCUMENT_MARKER.lastIndex = 0;
  for (let match = DOCUMENT_MARKER.exec(text); match; match = DOCUMENT_MARKER.exec(text)) {
    if (match[0] === '---') {
      if (match.index > start && !onlyDirectives(text, start, match.index)) {
        ranges.push({ start, end: match.index });
        start = match.index;
      }
    } else {
      const lineEnd = text.indexOf('\n', match.index);
      const end = lineEnd === -1 ? text.length : lineEnd + 1;
      ranges.push({ start, end });
      start = end;
    }
  }
  if (start < text.length) ranges.push({ start, end: text.length });
  return ranges;
}

/** `%YAML` directives belong to the document that follows them. */
function onlyDirectives(text: string, start: number, end: number): boolean {
  const chunk = text.slice(start, end).trim();
  return chunk.startsWith('%') && chunk.split('\n').every((line) => /^\s*(%|#|$)/.test(line));
}

export function parseYamlText(text: string): ParsedDocument[] {
  return splitDocuments(text).map(({ start, end }) => parseDocumentAt(text, start, end));
}

function parseDocumentAt(text: string, start: number, end: number): ParsedDocument {
  const source = text.slice(start, end);
  if (end - start > MAX_OBJECT_BYTES && !looksLikeList(source)) {
    return {
      start,
      end,
      error: {
        offset: start,
        message: `document of ${mib(end - start)} MiB is larger than the API server accepts (3 MiB per object); not parsed`,
      },
    };
  }
  try {
    const value = jsyaml.load(source, { schema: SCHEMA });
    return checked({ start, end, value }, source);
  } catch (error) {
    return diagnose(source, start, end, error);
  }
}

function looksLikeList(source: string): boolean {
  return /^kind:\s*["']?\w*List["']?\s*$/m.test(source);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Rejects what parsed but must not be processed further: alias bombs and oversized values. */
function checked(doc: ParsedDocument, source: string): ParsedDocument {
  if (/(?:^|[\s:[,{-])\*[\w.-]/m.test(source)) {
    const size = expandedSize(doc.value, MAX_EXPANDED_NODES);
    if (size > MAX_EXPANDED_NODES) {
      return {
        start: doc.start,
        end: doc.end,
        error: {
          offset: doc.start,
          message: `aliases expand this document to over ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (a YAML alias bomb?); not processed`,
        },
      };
    }
  }
  return doc;
}

/** Node count with aliases expanded, computed over the shared graph without expanding it. */
function expandedSize(root: unknown, limit: number): number {
  const memo = new Map<object, number>();
  const visit = (value: unknown, depth: number): number => {
    if (typeof value !== 'object' || value === null) return 1;
    const known = memo.get(value);
    if (known !== undefined) return known;
    if (depth > 200) return limit + 1;
    let total = 1;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      total += visit(child, depth + 1);
      if (total > limit) break;
    }
    memo.set(value, total);
    return total;
  };
  return visit(root, 0);
}

function diagnose(source: string, start: number, end: number, error: unknown): ParsedDocument {
  if (error instanceof RangeError) {
    return { start, end, error: { offset: start, message: 'nesting too deep to parse (over the parser stack limit)' } };
  }
  if (!(error instanceof jsyaml.YAMLException)) throw error;
  if (error.reason.startsWith('duplicated mapping key')) {
    // Kubernetes' decoder keeps the last value; so do we, after reporting every duplicate.
    try {
      const value = jsyaml.load(source, { schema: SCHEMA, json: true });
      return checked({ start, end, value, duplicateKeys: duplicateKeysOf(source, start) }, source);
    } catch {
      // fall through: the document has worse problems than duplicate keys
    }
  }
  return { start, end, error: { message: error.reason, offset: start + atContent(source, error.mark?.position ?? 0) } };
}

/**
 * Parsers report "unexpected end of the stream" after the last line; point at the last
 * character of content instead, which is on the line the user has to fix.
 */
export function atContent(source: string, offset: number): number {
  if (source.slice(offset).trim() !== '') return offset;
  let i = Math.min(offset, source.length) - 1;
  while (i > 0 && /\s/.test(source[i]!)) i--;
  return Math.max(i, 0);
}

/** Every duplicate key of a document, with its offset; uses the positional parser (slow, rare). */
export function duplicateKeysOf(source: string, base: number): Array<{ message: string; offset: number }> {
  const doc = parseDocument(source, { uniqueKeys: true });
  return doc.errors
    .filter((e) => e.code === 'DUPLICATE_KEY')
    .map((e) => ({ message: duplicateKeyMessage(source, e.pos[0]), offset: base + e.pos[0] }));
}

function duplicateKeyMessage(source: string, offset: number): string {
  const key = /^["']?([^"':\n]*)/.exec(source.slice(offset, offset + 200))?.[1]?.trim();
  return key ? `key '${key}' appears more than once in the same mapping; only the last value is used` : 'a key appears more than once in the same mapping';
}

// ---------------------------------------------------------------------------------------------
// Positions

interface PosNode {
  start: number;
  keys?: Map<string, { keyStart: number; value: PosNode }>;
  items?: PosNode[];
}

interface Frame {
  start: number;
  children: Array<{ result: unknown; node: PosNode }>;
}

/** The position tree of one document, from a second js-yaml pass with its listener. */
export function positionTree(source: string): PosNode | undefined {
  const stack: Frame[] = [{ start: 0, children: [] }];
  const listener = (event: string, state: { position: number; result: unknown }) => {
    if (event === 'open') {
      stack.push({ start: state.position, children: [] });
      return;
    }
    const frame = stack.pop()!;
    const result = state.result;
    const only = frame.children.length === 1 ? frame.children[0]! : undefined;
    if (only && only.result === result && typeof result === 'object' && result !== null) {
      // a node wrapping the same collection (js-yaml composes flow collections in two steps)
      stack[stack.length - 1]!.children.push(only);
      return;
    }
    const node: PosNode = { start: frame.start };
    if (Array.isArray(result)) {
      node.items = frame.children.map((c) => c.node);
    } else if (typeof result === 'object' && result !== null) {
      node.keys = new Map();
      for (let i = 0; i + 1 < frame.children.length; i += 2) {
        const k = frame.children[i]!;
        node.keys.set(String(k.result), { keyStart: k.node.start, value: frame.children[i + 1]!.node });
      }
    }
    stack[stack.length - 1]!.children.push({ result, node });
  };
  try {
    jsyaml.load(source, { schema: SCHEMA, json: true, listener } as jsyaml.LoadOptions);
  } catch {
    return undefined;
  }
  return stack[0]!.children[0]?.node;
}

/**
 * Offset (within the document) of the field at `path`, or of the deepest part of it that exists.
 * A mapping field is located at its key, unless `pointAt` asks for its value.
 */
export function offsetOf(source: string, tree: PosNode | undefined, path: FieldPath, pointAt: 'key' | 'value' = 'key'): number {
  if (!tree) return skipBlank(source, 0);
  let node = tree;
  let offset = node.start;
  for (const [i, segment] of path.entries()) {
    if (typeof segment === 'number' && node.items) {
      const item = node.items[segment];
      if (!item) break;
      node = item;
      offset = item.start;
    } else if (node.keys) {
      const entry = node.keys.get(String(segment));
      if (!entry) break;
      node = entry.value;
      offset = pointAt === 'value' && i === path.length - 1 ? entry.value.start : entry.keyStart;
    } else {
      break;
    }
  }
  return skipBlank(source, offset);
}

/** Skips spaces, line breaks, comments, document markers and a sequence dash to the node itself. */
function skipBlank(source: string, offset: number): number {
  let i = offset;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') {
      const eol = source.indexOf('\n', i);
      i = eol === -1 ? source.length : eol + 1;
    } else if ((c === '-' && source.startsWith('---', i) && (i === 0 || source[i - 1] === '\n')) || c === ':') {
      i += c === ':' ? 1 : 3;
    } else if (c === '-' && (source[i + 1] === ' ' || source[i + 1] === '\n')) i++;
    else break;
  }
  return Math.min(i, Math.max(source.length - 1, 0));
}

export type { ParseIssue };
