// The offset of a field in a document's text, found by reading the text rather than parsing it.
//
// Why: about a third of the objects of a real tree have a finding, and each finding needs the
// position of a field. Re-parsing each of those documents with js-yaml's listener (positionTree)
// costs half as much again as the whole first parse. But nearly every manifest is block-style
// YAML or JSON, where a field can be found by reading only its ancestors' entries: in block
// YAML a mapping's entries start at one column and everything indented deeper belongs to the
// entry above (a table of line indentations makes skipping a subtree one step); in JSON (and YAML
// flow collections) a tokenizer skips each value once and remembers where collections end.
//
// This reader answers exactly what positionTree + offsetOf answer, and gives up (undefined) on
// anything it does not model, for the caller to fall back to positionTree: anchors, aliases,
// tags, explicit `?` keys, merge keys, keys that are not strings, empty sequence items, pairs in
// flow sequences, directives, tabs where indentation matters. It is only used on documents js-yaml
// parsed without a warning and without duplicate keys (see yaml-text.ts): there, every line
// indented no deeper than a mapping is one of its entries, a sequence dash, a comment or blank,
// because continuation lines indented less would have drawn a warning.
// test/fast-paths.test.ts compares both answers on every path of real and generated documents.
// May not: parse values, or decide anything but an offset.

import type { FieldPath } from '../model/object.js';
import { skipBlank } from './yaml-text.js';

/** Thrown (and caught in offsetOf) when the text holds something this reader does not model. */
const GIVE_UP = Symbol('give up');

const enum Kind {
  Leaf,
  BlockMap,
  BlockSeq,
  FlowMap,
  FlowSeq,
}

/** A node: its kind, the column of its entries (block) and where it starts (first key, first dash, or bracket). */
interface Node {
  kind: Kind;
  indent: number;
  at: number;
}

const LEAF: Node = { kind: Kind.Leaf, indent: -1, at: -1 };

interface Entry {
  keyStart: number;
  valueStart: number;
}

/** Line kinds in the line table. */
const enum Line {
  Content,
  /** Blank, or only a comment. */
  Blank,
  /** The first character after the leading spaces is a tab: not modelled where it matters. */
  Tab,
  /** A document marker (`---`, `...`) at column 0: everything still open ends. */
  End,
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const COMMA = 0x2c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const PIPE = 0x7c;
const GREATER = 0x3e;

/** A key that js-yaml's core schema would read as something other than a string. */
const NOT_A_STRING_KEY = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|<<)$|^[-+]?(?:\d|\.(?:\d|inf|Inf|INF|nan|NaN|NAN))/;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** A blank, a line break, or past the end (NaN). */
function isEnd(c: number): boolean {
  return c !== c || c === SPACE || c === TAB || c === LF || c === CR;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** Anchor, alias, tag, explicit key, reserved: nodes this reader does not model. */
function isUnmodelled(c: number): boolean {
  return c === 0x26 /* & */ || c === 0x2a /* * */ || c === 0x21 /* ! */ || c === 0x3f /* ? */ || c === 0x25 /* % */ || c === 0x40 /* @ */ || c === 0x60; /* ` */
}

/** Field offsets of one document's text; remembers what it has read. */
export class TextPaths {
  private readonly keys = new Map<number, Map<string, Entry>>();
  private readonly items = new Map<number, number[]>();
  /** Where each flow collection read so far ends, by the offset of its bracket. */
  private readonly flowEnds = new Map<number, number>();
  private lineStarts: Int32Array | undefined;
  private lineIndents: Int32Array | undefined;
  private lineKinds: Uint8Array | undefined;
  /** Per content line: the next content line indented no deeper (-1: none). */
  private nextNotDeeper: Int32Array | undefined;

  constructor(private readonly source: string) {}

  /** What offsetOf(source, positionTree(source), path, pointAt) gives, or undefined when unsure. */
  offsetOf(path: FieldPath, pointAt: 'key' | 'value' = 'key'): number | undefined {
    try {
      let offset = this.rootStart();
      let node = this.nodeAt(offset, -1, false);
      for (let i = 0; i < path.length; i++) {
        const segment = path[i]!;
        const last = i === path.length - 1;
        if (typeof segment === 'number' && (node.kind === Kind.BlockSeq || node.kind === Kind.FlowSeq)) {
          const item = this.itemsOf(node)[segment];
          if (item === undefined) break;
          offset = item;
          if (!last) node = node.kind === Kind.FlowSeq ? this.flowNode(item) : this.nodeAt(item, node.indent, true);
        } else if (node.kind === Kind.BlockMap || node.kind === Kind.FlowMap) {
          const entry = this.entriesOf(node).get(String(segment));
          if (!entry) break;
          offset = pointAt === 'value' && last ? entry.valueStart : entry.keyStart;
          if (!last) node = node.kind === Kind.FlowMap ? this.flowNode(entry.valueStart) : this.nodeAt(entry.valueStart, node.indent, false);
        } else {
          break;
        }
      }
      return skipBlank(this.source, offset);
    } catch (error) {
      if (error === GIVE_UP) return undefined;
      throw error;
    }
  }

  private entriesOf(node: Node): Map<string, Entry> {
    let entries = this.keys.get(node.at);
    if (!entries) {
      entries = node.kind === Kind.BlockMap ? this.blockEntries(node.indent, node.at) : this.flowEntries(node.at);
      this.keys.set(node.at, entries);
    }
    return entries;
  }

  private itemsOf(node: Node): number[] {
    let items = this.items.get(node.at);
    if (!items) {
      items = node.kind === Kind.BlockSeq ? this.blockItems(node.indent, node.at) : this.flowItems(node.at);
      this.items.set(node.at, items);
    }
    return items;
  }

  // -------------------------------------------------------------------------------------------
  // Block style

  /** Where js-yaml starts the root node: after blanks, comments and a `---` marker. */
  private rootStart(): number {
    const s = this.source;
    let i = this.skipLines(0);
    if (s.charCodeAt(i) === 0x25 /* % */) throw GIVE_UP;
    // js-yaml reads `---x` at a document's start as a marker and `x`: not modelled.
    if ((s.startsWith('---', i) || s.startsWith('...', i)) && !isEnd(s.charCodeAt(i + 3)) && s.lastIndexOf('\n', i - 1) + 1 === i) throw GIVE_UP;
    if (s.startsWith('---', i) && isEnd(s.charCodeAt(i + 3))) {
      const after = this.skipSpaces(i + 3);
      const c = s.charCodeAt(after);
      if (c === c && c !== LF && c !== CR && c !== HASH) throw GIVE_UP; // content on the marker's line
      i = this.skipLines(after);
    }
    return i;
  }

  /** Skips spaces and tabs on this line. */
  private skipSpaces(i: number): number {
    const s = this.source;
    let c = s.charCodeAt(i);
    while (c === SPACE || c === TAB) c = s.charCodeAt(++i);
    return i;
  }

  /** Skips blanks, line breaks and comments, to the next content (or the end). */
  private skipLines(i: number): number {
    const s = this.source;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SPACE || c === TAB || c === LF || c === CR) i++;
      else if (c === HASH) {
        const eol = s.indexOf('\n', i);
        if (eol === -1) return s.length;
        i = eol + 1;
      } else return i;
    }
  }

  /** Builds the line table: where each line starts, its indentation and kind, and what follows it. */
  private buildLines(): void {
    const s = this.source;
    let count = 1;
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    const indents = new Int32Array(count);
    const kinds = new Uint8Array(count);
    let start = 0;
    for (let line = 0; line < count; line++) {
      starts[line] = start;
      let j = start;
      let c = s.charCodeAt(j);
      while (c === SPACE) c = s.charCodeAt(++j);
      indents[line] = j - start;
      if (c === TAB) {
        let k = j;
        while (s.charCodeAt(k) === SPACE || s.charCodeAt(k) === TAB) k++;
        const d = s.charCodeAt(k);
        kinds[line] = d !== d || d === LF || d === CR || d === HASH ? Line.Blank : Line.Tab;
      } else if (c !== c || c === LF || c === CR || c === HASH) {
        kinds[line] = Line.Blank;
      } else if (j === start && (s.startsWith('---', j) || s.startsWith('...', j)) && isEnd(s.charCodeAt(j + 3))) {
        kinds[line] = Line.End;
      } else {
        kinds[line] = Line.Content;
      }
      const eol = s.indexOf('\n', start);
      start = eol === -1 ? s.length : eol + 1;
    }
    // The next content line indented no deeper, by a stack walk from the end; an End line ends everything.
    const next = new Int32Array(count).fill(-1);
    const stack: number[] = [];
    for (let line = count - 1; line >= 0; line--) {
      if (kinds[line] === Line.Blank) continue;
      if (kinds[line] === Line.End) {
        stack.length = 0;
        stack.push(line);
        continue;
      }
      while (stack.length > 0 && kinds[stack[stack.length - 1]!] !== Line.End && indents[stack[stack.length - 1]!]! > indents[line]!) stack.pop();
      next[line] = stack.length > 0 ? stack[stack.length - 1]! : -1;
      stack.push(line);
    }
    this.lineStarts = starts;
    this.lineIndents = indents;
    this.lineKinds = kinds;
    this.nextNotDeeper = next;
  }

  private lineOf(offset: number): number {
    if (!this.lineStarts) this.buildLines();
    const starts = this.lineStarts!;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The first content line after `line` that is indented `indent` or less, skipping deeper lines
   * (one step per subtree); -1 when the document ends first.
   */
  private nextAtOrLeftOf(line: number, indent: number): number {
    const kinds = this.lineKinds!;
    const indents = this.lineIndents!;
    let k = line + 1;
    while (k < kinds.length && kinds[k] === Line.Blank) k++;
    while (k !== -1 && k < kinds.length) {
      const kind = kinds[k];
      if (kind === Line.End) return -1;
      if (indents[k]! <= indent) {
        if (kind === Line.Tab) throw GIVE_UP;
        return k;
      }
      k = this.nextNotDeeper![k]!;
    }
    return -1;
  }

  /**
   * The node whose text starts at `raw` (just after `key:` or `- `, or the root), the way js-yaml
   * reads it: inline on this line, or on the next lines if indented deeper than `parentIndent`
   * (a sequence may also start at the parent's column). `compact`: right after a sequence dash,
   * where a mapping may start on the dash's line (`- name: x`).
   */
  private nodeAt(raw: number, parentIndent: number, compact: boolean): Node {
    const s = this.source;
    let i = this.skipSpaces(raw);
    let c = s.charCodeAt(i);
    if (c === LF || c === CR || c === HASH) {
      i = this.skipLines(i);
      c = s.charCodeAt(i);
    }
    if (c !== c) return LEAF;
    const lineStart = s.lastIndexOf('\n', i - 1) + 1;
    let newLine = true;
    for (let j = lineStart; j < i; j++) {
      const d = s.charCodeAt(j);
      if (d !== SPACE) {
        if (d === TAB && newLine) throw GIVE_UP;
        newLine = false;
      }
    }
    const col = i - lineStart;
    if (newLine && col <= parentIndent) {
      return col === parentIndent && c === DASH && isEnd(s.charCodeAt(i + 1)) ? { kind: Kind.BlockSeq, indent: col, at: i } : LEAF;
    }
    if (c === LBRACE || c === LBRACKET) return { kind: c === LBRACE ? Kind.FlowMap : Kind.FlowSeq, indent: -1, at: i };
    if (c === PIPE || c === GREATER) return LEAF;
    if (isUnmodelled(c)) throw GIVE_UP;
    if (c === DASH && isEnd(s.charCodeAt(i + 1))) {
      if (!newLine) throw GIVE_UP; // `- - a`: a sequence in a sequence item
      return { kind: Kind.BlockSeq, indent: col, at: i };
    }
    if (this.keyAt(i) === undefined) return LEAF;
    if (newLine || compact) return { kind: Kind.BlockMap, indent: col, at: i };
    throw GIVE_UP; // `a: b: c` does not parse; never guess
  }

  /**
   * If a key starts at `i`, the offset of its `:` separator and the key text. A key is read on
   * one line: plain, or quoted without line breaks.
   */
  private keyAt(i: number): { colon: number; text: string } | undefined {
    const s = this.source;
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(i, true);
      if (close === undefined) return undefined;
      const colon = this.skipSpaces(close);
      if (s.charCodeAt(colon) !== COLON || !isEnd(s.charCodeAt(colon + 1))) return undefined;
      return { colon, text: this.quotedText(i, close) };
    }
    if (isFlowIndicator(c) || c === HASH || c === PIPE || c === GREATER || isUnmodelled(c)) return undefined;
    if ((c === DASH || c === COLON) && isEnd(s.charCodeAt(i + 1))) return undefined;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === LF || d === CR) return undefined;
      if (d === HASH && (s.charCodeAt(j - 1) === SPACE || s.charCodeAt(j - 1) === TAB)) return undefined;
      if (d === COLON && isEnd(s.charCodeAt(j + 1))) {
        let end = j;
        while (s.charCodeAt(end - 1) === SPACE || s.charCodeAt(end - 1) === TAB) end--;
        const text = s.slice(i, end);
        if (NOT_A_STRING_KEY.test(text)) throw GIVE_UP;
        return { colon: j, text };
      }
    }
    return undefined;
  }

  /** Offset just past the closing quote of the scalar opened at `i`; undefined if `oneLine` and it is not on this line. */
  private quoteEnd(i: number, oneLine: boolean): number | undefined {
    const s = this.source;
    if (s.charCodeAt(i) === DQUOTE) {
      for (let j = s.indexOf('"', i + 1); j !== -1; j = s.indexOf('"', j + 1)) {
        let backslashes = 0;
        while (s.charCodeAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) return oneLine && this.hasLineBreak(i, j) ? undefined : j + 1;
      }
      return undefined;
    }
    for (let j = s.indexOf("'", i + 1); j !== -1; j = s.indexOf("'", j + 1)) {
      if (s.charCodeAt(j + 1) === SQUOTE) j++;
      else return oneLine && this.hasLineBreak(i, j) ? undefined : j + 1;
    }
    return undefined;
  }

  private hasLineBreak(from: number, to: number): boolean {
    const lf = this.source.indexOf('\n', from);
    const cr = this.source.indexOf('\r', from);
    return (lf !== -1 && lf < to) || (cr !== -1 && cr < to);
  }

  private quotedText(open: number, close: number): string {
    const s = this.source;
    const raw = s.slice(open, close);
    if (s.charCodeAt(open) === SQUOTE) return raw.slice(1, -1).replaceAll("''", "'");
    if (!raw.includes('\\')) return raw.slice(1, -1);
    // The escapes JSON knows mean the same in YAML; any other one is not modelled here.
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw GIVE_UP;
    }
  }

  /** Every entry of the block mapping whose first key is at `first`, its entries at column `indent`. */
  private blockEntries(indent: number, first: number): Map<string, Entry> {
    const starts = this.lineStarts ?? (this.buildLines(), this.lineStarts!);
    const entries = new Map<string, Entry>();
    let at = first;
    let line = this.lineOf(first);
    for (;;) {
      const key = this.keyAt(at);
      if (!key) throw GIVE_UP; // a line at the mapping's column that is not an entry
      if (entries.has(key.text)) throw GIVE_UP; // only documents without duplicate keys come here
      entries.set(key.text, { keyStart: at, valueStart: key.colon + 1 });
      // Past the value: deeper lines, and a sequence at the mapping's own column.
      let next = this.nextAtOrLeftOf(line, indent);
      while (next !== -1 && this.lineIndents![next] === indent && this.isDash(starts[next]! + indent)) next = this.nextAtOrLeftOf(next, indent);
      if (next === -1 || this.lineIndents![next]! < indent) return entries;
      line = next;
      at = starts[next]! + indent;
    }
  }

  private isDash(i: number): boolean {
    return this.source.charCodeAt(i) === DASH && isEnd(this.source.charCodeAt(i + 1));
  }

  /** Where each item of the block sequence whose first dash is at `first` starts (what js-yaml composes after `- `). */
  private blockItems(indent: number, first: number): number[] {
    const s = this.source;
    const starts = this.lineStarts ?? (this.buildLines(), this.lineStarts!);
    const items: number[] = [];
    let dash = first;
    for (;;) {
      const start = this.skipLines(dash + 1);
      if (start >= s.length) throw GIVE_UP; // an empty last item
      const line = this.lineOf(start);
      // An empty item (`-` alone) is not modelled: positionTree sees no node for it.
      if (starts[line]! > dash && this.lineIndents![line]! <= indent) throw GIVE_UP;
      if (this.isDash(start)) throw GIVE_UP; // a sequence in a sequence item
      items.push(start);
      const next = this.nextAtOrLeftOf(line, indent);
      if (next === -1 || this.lineIndents![next]! < indent || !this.isDash(starts[next]! + indent)) return items;
      dash = starts[next]! + indent;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Flow style (JSON, and `{a: 1}` / `[x, y]` in YAML)

  private flowNode(start: number): Node {
    const c = this.source.charCodeAt(start);
    if (c === LBRACE) return { kind: Kind.FlowMap, indent: -1, at: start };
    if (c === LBRACKET) return { kind: Kind.FlowSeq, indent: -1, at: start };
    if (isUnmodelled(c)) throw GIVE_UP;
    return LEAF;
  }

  /** Skips blanks, line breaks and comments inside a flow collection. */
  private skipFlowSpace(i: number): number {
    const s = this.source;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SPACE || c === LF || c === CR || c === TAB) i++;
      else if (c === HASH) {
        if (!isBlank(s.charCodeAt(i - 1))) throw GIVE_UP;
        const eol = s.indexOf('\n', i);
        i = eol === -1 ? s.length : eol + 1;
      } else return i;
    }
  }

  /** Entries of the flow mapping at `open`; the last of equal keys wins, as in JSON.parse and positionTree. */
  private flowEntries(open: number): Map<string, Entry> {
    const s = this.source;
    const entries = new Map<string, Entry>();
    let i = this.skipFlowSpace(open + 1);
    while (s.charCodeAt(i) !== RBRACE) {
      const start = i;
      const c = s.charCodeAt(i);
      if (c === COMMA || isUnmodelled(c)) throw GIVE_UP;
      const keyEnd = this.skipFlowNode(i);
      i = this.skipFlowSpace(keyEnd);
      // `{a, b: 1}` (a key without a value) and a colon on another line than its key are not modelled.
      if (s.charCodeAt(i) !== COLON || this.hasLineBreak(start, i)) throw GIVE_UP;
      const text = c === DQUOTE || c === SQUOTE ? this.quotedText(start, keyEnd) : this.plainFlowKey(start, keyEnd);
      const valueStart = this.skipFlowSpace(i + 1);
      entries.set(text, { keyStart: start, valueStart });
      i = this.afterFlowEntry(this.skipFlowNode(valueStart), RBRACE);
    }
    this.flowEnds.set(open, i + 1);
    return entries;
  }

  /** Where each item of the flow sequence at `open` starts. */
  private flowItems(open: number): number[] {
    const s = this.source;
    const items: number[] = [];
    let i = this.skipFlowSpace(open + 1);
    while (s.charCodeAt(i) !== RBRACKET) {
      const c = s.charCodeAt(i);
      if (c === COMMA || isUnmodelled(c)) throw GIVE_UP;
      items.push(i);
      i = this.skipFlowSpace(this.skipFlowNode(i));
      if (s.charCodeAt(i) === COLON) throw GIVE_UP; // `[a: 1]`: a pair in a sequence
      i = this.afterFlowEntry(i, RBRACKET);
    }
    this.flowEnds.set(open, i + 1);
    return items;
  }

  /** From the end of an entry: past its comma to the next entry, or at the closing bracket. */
  private afterFlowEntry(i: number, close: number): number {
    const s = this.source;
    i = this.skipFlowSpace(i);
    const c = s.charCodeAt(i);
    if (c === close) return i;
    if (c !== COMMA) throw GIVE_UP;
    return this.skipFlowSpace(i + 1);
  }

  private plainFlowKey(start: number, end: number): string {
    const text = this.source.slice(start, end);
    if (text === '' || this.hasLineBreak(start, end) || NOT_A_STRING_KEY.test(text)) throw GIVE_UP;
    return text;
  }

  /** Offset just past the flow node at `i` (an empty node ends where it starts). */
  private skipFlowNode(i: number): number {
    const s = this.source;
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quoteEnd(i, false);
      if (end === undefined) throw GIVE_UP;
      return end;
    }
    if (c === LBRACE || c === LBRACKET) {
      const known = this.flowEnds.get(i);
      if (known !== undefined) return known;
      const close = c === LBRACE ? RBRACE : RBRACKET;
      let j = this.skipFlowSpace(i + 1);
      while (s.charCodeAt(j) !== close) {
        if (s.charCodeAt(j) === COMMA) throw GIVE_UP;
        j = this.skipFlowSpace(this.skipFlowNode(j));
        if (s.charCodeAt(j) === COLON) j = this.skipFlowNode(this.skipFlowSpace(j + 1));
        j = this.afterFlowEntry(j, close);
      }
      this.flowEnds.set(i, j + 1);
      return j + 1;
    }
    if (c === COMMA || c === RBRACE || c === RBRACKET) return i;
    if (c !== c || isUnmodelled(c) || c === HASH || c === PIPE || c === GREATER) throw GIVE_UP;
    if (c === DASH && isEnd(s.charCodeAt(i + 1))) throw GIVE_UP;
    // A plain scalar: up to a flow indicator, or a colon followed by a blank or an indicator.
    let j = i;
    for (; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === COMMA || d === RBRACE || d === RBRACKET) break;
      if (d === LBRACE || d === LBRACKET) throw GIVE_UP;
      if (d === COLON) {
        const e = s.charCodeAt(j + 1);
        if (isEnd(e) || isFlowIndicator(e)) break;
      }
      if (d === HASH && isBlank(s.charCodeAt(j - 1))) throw GIVE_UP;
    }
    while (isBlank(s.charCodeAt(j - 1))) j--;
    return j;
  }
}
