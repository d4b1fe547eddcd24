// Parsing one file's text into documents, fast, with positions only where they are asked for.
//
// Documents are split on their `---`/`...` markers first, so one broken document does not lose the
// rest of the file. Each is read by fast-yaml.ts when it is the plain kind of YAML most manifests
// are (~2x js-yaml), else by js-yaml (~10x faster than the positional `yaml` parser), which is the
// authority on every error, warning and duplicate key. Positions come later and lazily, for the
// documents that have a finding: from text-path.ts, which reads only the lines on the way to a
// field, or, where it gives up, from positionTree (a second js-yaml pass with its listener). The
// duplicate keys of a document js-yaml refused are found with js-yaml's listener too; the `yaml`
// parser (loaded on first use) decides only where the two parsers could read keys differently.
// docs/architecture.md tells the whole story; test/fast-paths.test.ts holds every fast path to the
// slow one it stands in for.
// May not: decide severities or know about rules.

import jsyaml from 'js-yaml';
import { createRequire } from 'node:module';
import type { EmbeddedConfig } from '../analysis/embedded.js';
import type { FieldPath, ParseIssue, Position } from '../model/object.js';
import { fastLoad } from './fast-yaml.js';

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
  /** js-yaml warned (e.g. deficient indentation): positions must come from the parser, not from reading lines. */
  warned?: true;
  /** Config files embedded in its ConfigMaps and Secrets, by List item (-1: the document itself), when worked out while parsing. */
  embedded?: Array<[item: number, configs: EmbeddedConfig[]]>;
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

/** The documents at these ranges (flat `[start, end, start, end, …]`), as parseYamlText gives them. */
export function parseYamlRanges(text: string, ranges: readonly number[]): ParsedDocument[] {
  const documents: ParsedDocument[] = [];
  for (let i = 0; i < ranges.length; i += 2) documents.push(parseDocumentAt(text, ranges[i]!, ranges[i + 1]!));
  return documents;
}

export function parseDocumentAt(text: string, start: number, end: number): ParsedDocument {
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
  // Most documents are the plain kind of YAML fast-yaml.ts reads, ~2x faster than js-yaml, to the
  // same value; js-yaml reads the rest, and decides every error, warning and duplicate key.
  const fast = fastLoad(source);
  if (fast) return checked({ start, end, value: fast.value }, source);
  try {
    warned = false;
    const value = jsyaml.load(source, { schema: SCHEMA, onWarning });
    const doc: ParsedDocument = { start, end, value };
    if (warned) doc.warned = true;
    return checked(doc, source);
  } catch (error) {
    return diagnose(source, start, end, error);
  }
}

let warned = false;
const onWarning = () => {
  warned = true;
};

function looksLikeList(source: string): boolean {
  return /^kind:\s*["']?\w*List["']?\s*$/m.test(source);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Rejects what parsed but must not be processed further: alias bombs and oversized values. */
function checked(doc: ParsedDocument, source: string): ParsedDocument {
  // `includes` first: the regular expression costs ~4 ms per MB, and most documents have no `*` at all.
  if (source.includes('*') && /(?:^|[\s:[,{-])\*[\w.-]/m.test(source)) {
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

/** Where the parser ran out of stack; the depth this happens at depends on the thread's stack size. */
export const TOO_DEEP = 'nesting too deep to parse (over the parser stack limit)';

function diagnose(source: string, start: number, end: number, error: unknown): ParsedDocument {
  if (error instanceof RangeError) {
    return { start, end, error: { offset: start, message: TOO_DEEP } };
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

/**
 * js-yaml's `load(text, { schema: CORE_SCHEMA })`: the value, or the YAMLException it throws. Reads
 * with fast-yaml.ts first, which gives up (and lets js-yaml decide) on anything unusual.
 */
export function loadYaml(text: string): unknown {
  const fast = fastLoad(text);
  return fast ? fast.value : jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
}

/**
 * Every duplicate key of a document, with its offset: where the `yaml` parser reports them, found
 * with js-yaml (duplicateKeyOffsets) unless the document holds anything where the two could differ.
 */
export function duplicateKeysOf(source: string, base: number): Array<{ message: string; offset: number }> {
  const offsets = duplicateKeyOffsets(source) ?? positionalYaml().parseDocument(source, { uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
  return offsets.map((offset) => ({ message: duplicateKeyMessage(source, offset), offset: base + offset }));
}

/**
 * Whether the line before `offset` may end in an empty value (`key:`, `-`) or a comment: after
 * one, the `yaml` parser reports a duplicate at the line break before the key, not at the key.
 */
function afterEmptyValue(source: string, offset: number): boolean {
  let end = offset;
  while (end > 0 && ' \t\r\n'.includes(source[end - 1]!)) end--;
  const lineStart = source.lastIndexOf('\n', end - 1) + 1;
  const line = source.slice(lineStart, end);
  return line.includes('#') || line.endsWith(':') || line.endsWith('-') || end === 0;
}

/** The positional `yaml` parser, loaded on first use: it is rarely needed, and costs ~40 ms to load. */
let yamlModule: typeof import('yaml') | undefined;
function positionalYaml(): typeof import('yaml') {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

/** A plain key that a YAML parser might read as a number, boolean or null rather than a string. */
const MAYBE_NOT_A_STRING = /^(?:|~|null|true|false|[-+]?\.(?:inf|nan))$|^[-+]?\.?\d/i;

interface KeyNode {
  result: unknown;
  start: number;
  end: number;
}

/**
 * Where the `yaml` parser reports DUPLICATE_KEY, found with js-yaml ~10x faster: one js-yaml pass
 * whose listener sees every mapping's keys. Undefined when the document holds anything where the
 * two parsers could disagree on what a key is (keys that are not plain strings, anchors, tags,
 * explicit or valueless keys, a warning, a parse error): then the `yaml` parser answers.
 * test/fast-paths.test.ts compares both.
 */
function duplicateKeyOffsets(source: string): number[] | undefined {
  const GIVE_UP = 'give up';
  const offsets: number[] = [];
  const stack: Array<{ start: number; children: KeyNode[] }> = [{ start: 0, children: [] }];
  const listener = (event: string, state: { position: number; result: unknown }) => {
    if (event === 'open') {
      stack.push({ start: state.position, children: [] });
      return;
    }
    const frame = stack.pop()!;
    const result = state.result;
    const children = frame.children;
    const only = children.length === 1 ? children[0]! : undefined;
    if (only && only.result === result && typeof result === 'object' && result !== null) {
      stack[stack.length - 1]!.children.push(only); // the same collection, composed in two steps
      return;
    }
    if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
      if (children.length % 2 !== 0) throw GIVE_UP;
      const seen = new Set<string>();
      for (let i = 0; i < children.length; i += 2) {
        const key = children[i]!;
        if (typeof key.result !== 'string') throw GIVE_UP;
        const first = source[key.start];
        // Anchors, tags, aliases and explicit keys (`?`) start there; merge keys (`<<`) differ between parsers.
        if (first === '&' || first === '!' || first === '*' || first === '?' || key.result === '<<') throw GIVE_UP;
        if (first !== '"' && first !== "'" && MAYBE_NOT_A_STRING.test(key.result)) throw GIVE_UP;
        // A key without a value (`{a, b}`) would pair a key with the next key.
        let colon = key.end;
        while (source.charCodeAt(colon) === 0x20 || source.charCodeAt(colon) === 0x09) colon++;
        if (source.charCodeAt(colon) !== 0x3a) throw GIVE_UP;
        if (!seen.has(key.result)) seen.add(key.result);
        else if (afterEmptyValue(source, key.start)) throw GIVE_UP;
        else offsets.push(key.start);
      }
    }
    stack[stack.length - 1]!.children.push({ result, start: frame.start, end: state.position });
  };
  try {
    let warned = false;
    jsyaml.load(source, { schema: jsyaml.CORE_SCHEMA, json: true, listener, onWarning: () => (warned = true) } as jsyaml.LoadOptions);
    return warned ? undefined : offsets.sort((a, b) => a - b);
  } catch {
    return undefined;
  }
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
export function skipBlank(source: string, offset: number): number {
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
