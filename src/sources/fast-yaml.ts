// A fast reader for the plain kind of YAML most manifests are, with js-yaml as the authority.
//
// Why: js-yaml reads ~20 MB/s, character by character through a general state machine; parsing
// is most of the time of a scan. Manifests written by kubectl, Helm and people mostly use a small
// part of YAML: block mappings and sequences, one-line scalars (plain or quoted), literal blocks
// (`|`), one-line flow collections, comments. This reader handles exactly that part, line by
// line, several times faster, and builds the same value js-yaml builds (same objects, same key
// order, scalars resolved by js-yaml's own core-schema types). On anything else — anchors,
// aliases, tags, explicit or merge keys, duplicate keys, multi-line plain or quoted scalars,
// folded blocks (`>`), multi-line flow collections, tabs or odd indentation, directives,
// characters js-yaml refuses, anything it cannot prove well-formed — it gives up (undefined) and
// js-yaml reads the document, errors, warnings and all. It never reports an error itself.
// test/fast-paths.test.ts compares it with js-yaml on real, generated and mutated documents.
// May not: accept anything js-yaml would read differently or refuse.

import jsyaml from 'js-yaml';

/** Thrown (and caught in fastLoad) on anything this reader does not handle. */
const GIVE_UP = Symbol('give up');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const COMMA = 0x2c;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** Deeper than this, js-yaml decides (it knows its own stack limit). */
const MAX_DEPTH = 64;

/** What js-yaml refuses outright (the same test as its loader's); plain ASCII is checked first, cheaply. */
const NOT_PLAIN_ASCII = /[^\x20-\x7e\n]/;
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** js-yaml's implicit core-schema types, in its order. */
const IMPLICIT = (jsyaml.CORE_SCHEMA as unknown as { compiledImplicit: ReadonlyArray<{ resolve(data: string): boolean; construct(data: string): unknown }> }).compiledImplicit;

/** First characters of plain scalars that may resolve to something other than a string. */
function mayNotBeString(c: number): boolean {
  // digits . + - ~ n N t T f F
  return (
    (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === DASH || c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46
  );
}

function resolvePlain(text: string): unknown {
  if (!mayNotBeString(text.charCodeAt(0))) return text;
  for (const type of IMPLICIT) if (type.resolve(text)) return type.construct(text);
  return text;
}

/** Characters that may not start a plain scalar, or that start something this reader does not handle. */
function isIndicator(c: number): boolean {
  return (
    c === HASH ||
    c === COMMA ||
    c === LBRACKET ||
    c === RBRACKET ||
    c === LBRACE ||
    c === RBRACE ||
    c === 0x26 /* & */ ||
    c === 0x2a /* * */ ||
    c === 0x21 /* ! */ ||
    c === 0x7c /* | */ ||
    c === 0x3e /* > */ ||
    c === SQUOTE ||
    c === DQUOTE ||
    c === 0x25 /* % */ ||
    c === 0x40 /* @ */ ||
    c === 0x60 /* ` */ ||
    c === 0x3f /* ? */
  );
}

/**
 * The value js-yaml's `load(source, { schema: CORE_SCHEMA (+ explicit merge) })` returns, or
 * undefined when this reader does not handle the document.
 */
export function fastLoad(source: string): { value: unknown } | undefined {
  if (NOT_PLAIN_ASCII.test(source) && (source.includes('\r') || source.includes('\t') || NON_PRINTABLE.test(source) || source.charCodeAt(0) === 0xfeff)) return undefined;
  try {
    return { value: new Reader(source).document() };
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

class Reader {
  /** Start of the current line's content (first non-space character), its column, and the line's end. */
  private at = 0;
  private indent = 0;
  private eol = 0;
  private depth = 0;

  constructor(private readonly s: string) {}

  document(): unknown {
    const s = this.s;
    this.seekContent(0);
    if (this.at >= s.length) throw GIVE_UP; // empty documents: js-yaml knows null from undefined
    if (this.indent === -1 && s.startsWith('---', this.at)) {
      const after = this.skipSpaces(this.at + 3);
      if (after < this.eol && s.charCodeAt(after) !== HASH) throw GIVE_UP; // content on the marker's line
      this.seekContent(this.eol + 1);
      if (this.at >= s.length) throw GIVE_UP;
    }
    if (s.charCodeAt(this.at) === 0x25 /* % */) throw GIVE_UP;
    const value = this.block(-1);
    if (this.at < s.length) {
      // Only a document end marker may follow, and nothing after it.
      if (!(this.indent === -1 && s.startsWith('...', this.at))) throw GIVE_UP;
      const after = this.skipSpaces(this.at + 3);
      if (after < this.eol && s.charCodeAt(after) !== HASH) throw GIVE_UP;
      this.seekContent(this.eol + 1);
      if (this.at < s.length) throw GIVE_UP;
    }
    return value;
  }

  // -------------------------------------------------------------------------------------------
  // Lines

  private isEndAt(i: number): boolean {
    const c = this.s.charCodeAt(i);
    return c !== c || c === SPACE || c === LF;
  }

  private skipSpaces(i: number): number {
    const s = this.s;
    while (s.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** Moves to the first line at or after `from` with content (not blank, not only a comment). */
  private seekContent(from: number): void {
    const s = this.s;
    let lineStart = from;
    for (;;) {
      if (lineStart >= s.length) {
        this.at = s.length;
        this.indent = -1;
        this.eol = s.length;
        return;
      }
      const i = this.skipSpaces(lineStart);
      const c = s.charCodeAt(i);
      let eol = s.indexOf('\n', i);
      if (eol === -1) eol = s.length;
      if (c === LF || c !== c || c === HASH) {
        lineStart = eol + 1;
        continue;
      }
      if (c === TAB) throw GIVE_UP;
      this.at = i;
      this.indent = i - lineStart;
      this.eol = eol;
      // A document marker closes every block: as if at column -1 (document() decides what may follow).
      if (this.indent === 0 && (s.startsWith('---', i) || s.startsWith('...', i))) {
        if (!this.isEndAt(i + 3)) throw GIVE_UP; // js-yaml reads `---x` at a document's start as a marker and `x`
        this.indent = -1;
      }
      return;
    }
  }

  /** After a value that ended on this line: only spaces and a comment may follow it. */
  private endOfLine(i: number): void {
    const s = this.s;
    i = this.skipSpaces(i);
    if (i < this.eol && s.charCodeAt(i) !== HASH) throw GIVE_UP;
    if (i < this.eol && s.charCodeAt(i - 1) !== SPACE) throw GIVE_UP; // `#` must follow a space to start a comment
    this.seekContent(this.eol + 1);
  }

  // -------------------------------------------------------------------------------------------
  // Block nodes

  /** The node starting at the current line's content, whose parent is at `parentIndent`. */
  private block(parentIndent: number): unknown {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const s = this.s;
    const c = s.charCodeAt(this.at);
    let value: unknown;
    if (c === DASH && this.isEndAt(this.at + 1)) value = this.sequence(this.indent);
    else if (this.keyEnd(this.at) !== -1) value = this.mapping(this.indent);
    else if (this.indent > parentIndent) value = this.inlineValue(this.at, parentIndent); // a scalar alone on its line
    else throw GIVE_UP;
    this.depth--;
    return value;
  }

  /**
   * The offset of the `:` ending a key that starts at `i`, or -1 when no key starts there. A key
   * is one line: plain or quoted, followed by `:` and a space or the line's end.
   */
  private keyEnd(i: number): number {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(i);
      if (close === -1) return -1;
      const colon = this.skipSpaces(close);
      return s.charCodeAt(colon) === COLON && this.isEndAt(colon + 1) ? colon : -1;
    }
    if (isIndicator(c) && c !== 0x3f) return -1;
    if (c === 0x3f /* ? */ && this.isEndAt(i + 1)) throw GIVE_UP; // an explicit key
    if ((c === DASH || c === COLON) && this.isEndAt(i + 1)) return -1;
    const eol = this.eol > i ? this.eol : s.length;
    for (let j = s.indexOf(':', i); j !== -1 && j < eol; j = s.indexOf(':', j + 1)) {
      if (this.isEndAt(j + 1)) return this.commentBefore(i, j) ? -1 : j;
    }
    return -1;
  }

  /** Whether a comment (` #`) starts between `from` and `to`. */
  private commentBefore(from: number, to: number): boolean {
    const s = this.s;
    for (let k = from + 1; k < to; k++) if (s.charCodeAt(k) === HASH && s.charCodeAt(k - 1) === SPACE) return true;
    return false;
  }

  private keyText(start: number, colon: number): string {
    const s = this.s;
    const c = s.charCodeAt(start);
    let key: unknown;
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quoteEnd(start);
      key = this.quoted(start, close);
    } else {
      let end = colon;
      while (s.charCodeAt(end - 1) === SPACE) end--;
      const text = s.slice(start, end);
      if (text === '<<') throw GIVE_UP; // a merge key: js-yaml's business
      key = resolvePlain(text);
    }
    return String(key);
  }

  private mapping(indent: number): Record<string, unknown> {
    const s = this.s;
    const result: Record<string, unknown> = {};
    for (;;) {
      const start = this.at;
      const colon = this.keyEnd(start);
      if (colon === -1) throw GIVE_UP;
      const key = this.keyText(start, colon);
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(result, key)) throw GIVE_UP; // js-yaml reports duplicates
      result[key] = this.valueAfter(colon + 1, indent);
      if (this.indent < indent) return result;
      if (this.indent > indent) throw GIVE_UP; // js-yaml: bad indentation
      // A sequence at the mapping's own column belongs to the key above; none may be left here.
      if (s.charCodeAt(this.at) === DASH && this.isEndAt(this.at + 1)) throw GIVE_UP;
    }
  }

  /**
   * The value after a key's colon (or a sequence dash) at `i`, for a collection whose entries are
   * at column `indent`: inline on this line, or on the next lines. Leaves the reader at the next line.
   */
  private valueAfter(i: number, indent: number): unknown {
    const s = this.s;
    const j = this.skipSpaces(i);
    if (j >= this.eol || s.charCodeAt(j) === HASH) {
      if (j < this.eol && s.charCodeAt(j - 1) !== SPACE) throw GIVE_UP;
      this.seekContent(this.eol + 1);
      // On the next lines: deeper, or a sequence at the same column.
      if (this.indent > indent) return this.block(indent);
      if (this.indent === indent && s.charCodeAt(this.at) === DASH && this.isEndAt(this.at + 1)) return this.sequence(indent);
      return null;
    }
    return this.inlineValue(j, indent);
  }

  /** A value starting at `i` on the current line; leaves the reader at the next line. */
  private inlineValue(i: number, indent: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(i);
    let value: unknown;
    let end: number;
    if (c === DQUOTE || c === SQUOTE) {
      end = this.quoteEnd(i);
      if (end === -1) throw GIVE_UP; // a quoted scalar over several lines
      value = this.quoted(i, end);
    } else if (c === LBRACE || c === LBRACKET) {
      const flow = new FlowReader(s, i, this.eol);
      value = flow.node(0);
      end = flow.at;
    } else if (c === 0x7c /* | */) {
      return this.literal(i, indent);
    } else if (isIndicator(c) || ((c === DASH || c === COLON) && this.isEndAt(i + 1))) {
      throw GIVE_UP;
    } else {
      // A plain scalar: to a comment or the line's end; `: ` inside is an error in js-yaml.
      let stop = i;
      while (stop < this.eol && !(s.charCodeAt(stop) === HASH && s.charCodeAt(stop - 1) === SPACE)) stop++;
      let last = stop;
      while (s.charCodeAt(last - 1) === SPACE) last--;
      const text = s.slice(i, last);
      const colon = text.indexOf(': ');
      if (colon !== -1 || text.endsWith(':')) throw GIVE_UP;
      if (text === '<<') throw GIVE_UP;
      value = resolvePlain(text);
      end = last;
    }
    this.endOfLine(end);
    // A deeper line right after a one-line scalar would continue it (a multi-line plain scalar), or be an error.
    if (this.indent > indent && this.at < s.length) throw GIVE_UP;
    return value;
  }

  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const s = this.s;
    const result: unknown[] = [];
    for (;;) {
      // At a dash at column `indent`.
      const afterDash = this.at + 1;
      const j = this.skipSpaces(afterDash);
      if (j >= this.eol || s.charCodeAt(j) === HASH) {
        if (j < this.eol && s.charCodeAt(j - 1) !== SPACE) throw GIVE_UP;
        this.seekContent(this.eol + 1);
        if (this.indent > indent) result.push(this.block(indent));
        else throw GIVE_UP; // an empty item
      } else {
        const c = s.charCodeAt(j);
        if (c === DASH && this.isEndAt(j + 1)) throw GIVE_UP; // `- - a`
        if (this.keyEnd(j) !== -1) {
          // A mapping starting on the dash's line: its entries at the column of its first key.
          this.at = j;
          this.indent = j - (s.lastIndexOf('\n', j - 1) + 1);
          if (++this.depth > MAX_DEPTH) throw GIVE_UP;
          result.push(this.mapping(this.indent));
          this.depth--;
        } else {
          result.push(this.inlineValue(j, indent));
        }
      }
      if (this.indent < indent) break;
      if (this.indent > indent) throw GIVE_UP;
      if (!(s.charCodeAt(this.at) === DASH && this.isEndAt(this.at + 1))) break; // the parent mapping's next key
    }
    this.depth--;
    return result;
  }

  // -------------------------------------------------------------------------------------------
  // Scalars

  /** Offset just past the closing quote of the scalar opened at `i` on this line; -1 if it does not close here. */
  private quoteEnd(i: number): number {
    const s = this.s;
    const eol = this.eol > i ? this.eol : s.length;
    if (s.charCodeAt(i) === DQUOTE) {
      for (let j = s.indexOf('"', i + 1); j !== -1 && j < eol; j = s.indexOf('"', j + 1)) {
        let backslashes = 0;
        while (s.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) return j + 1;
      }
      return -1;
    }
    for (let j = s.indexOf("'", i + 1); j !== -1 && j < eol; j = s.indexOf("'", j + 1)) {
      if (s.charCodeAt(j + 1) === SQUOTE) j++;
      else return j + 1;
    }
    return -1;
  }

  private quoted(open: number, close: number): string {
    return quotedScalar(this.s, open, close);
  }

  /** A literal block scalar (`|`, `|-`, `|+`) whose header is at `i`; leaves the reader at the next line. */
  private literal(i: number, indent: number): string {
    const s = this.s;
    if (indent < 0) throw GIVE_UP; // a document that is one block scalar
    let j = i + 1;
    let chomp = 0; // 0 clip, -1 strip, 1 keep
    const c = s.charCodeAt(j);
    if (c === DASH) {
      chomp = -1;
      j++;
    } else if (c === 0x2b /* + */) {
      chomp = 1;
      j++;
    }
    // An indentation indicator, or anything but a comment after the header: js-yaml's business.
    const rest = this.skipSpaces(j);
    if (rest < this.eol && !(s.charCodeAt(rest) === HASH && rest > j)) throw GIVE_UP;
    // Content: the lines indented deeper than `indent`; the first non-empty one sets the indentation.
    let lineStart = this.eol + 1;
    let textIndent = -1;
    const lines: string[] = [];
    let trailingEmpty = 0;
    let leadingMaxSpaces = 0;
    while (lineStart < s.length) {
      let eol = s.indexOf('\n', lineStart);
      if (eol === -1) eol = s.length;
      let k = lineStart;
      while (s.charCodeAt(k) === SPACE) k++;
      const spaces = k - lineStart;
      if (k >= eol) {
        // A line of spaces only: empty, unless it is indented past the text.
        if (textIndent === -1) {
          leadingMaxSpaces = Math.max(leadingMaxSpaces, spaces);
          lines.push('');
          trailingEmpty++;
        } else if (spaces > textIndent) {
          lines.push(s.slice(lineStart + textIndent, eol));
          trailingEmpty = 0;
        } else {
          lines.push('');
          trailingEmpty++;
        }
        lineStart = eol + 1;
        continue;
      }
      if (textIndent === -1) {
        if (spaces <= indent) break; // no content at all
        if (leadingMaxSpaces > spaces) throw GIVE_UP; // js-yaml: leading empty lines indented past the text
        textIndent = spaces;
      } else if (spaces < textIndent) {
        break;
      }
      if (spaces === 0 && (s.startsWith('---', k) || s.startsWith('...', k)) && this.isEndAt(k + 3)) break;
      lines.push(s.slice(lineStart + textIndent, eol));
      trailingEmpty = 0;
      lineStart = eol + 1;
    }
    if (textIndent === -1) throw GIVE_UP; // an empty block: js-yaml's business
    const content = lines.length - trailingEmpty;
    let text = lines.slice(0, content).join('\n');
    if (chomp === 0) text += '\n';
    else if (chomp === 1) text += '\n'.repeat(trailingEmpty + 1);
    // The next content line (comments too: a comment line at the text's indentation would be text).
    this.seekContent(lineStart);
    if (this.indent > indent && this.at < s.length) throw GIVE_UP;
    return text;
  }
}

/** A quoted scalar's value: '' in single quotes; in double quotes, the escapes JSON knows (others: js-yaml's business). */
function quotedScalar(s: string, open: number, close: number): string {
  const raw = s.slice(open, close);
  if (s.charCodeAt(open) === SQUOTE) {
    const inner = raw.slice(1, -1);
    return inner.includes("'") ? inner.replaceAll("''", "'") : inner;
  }
  if (!raw.includes('\\')) return raw.slice(1, -1);
  if (/\\[^"\\/bfnrtu]|\\u(?![0-9a-fA-F]{4})/.test(raw)) throw GIVE_UP;
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw GIVE_UP;
  }
}

/** A flow collection on one line (`{a: 1, b: [x, y]}`), as js-yaml reads it. */
class FlowReader {
  constructor(
    private readonly s: string,
    public at: number,
    private readonly eol: number,
  ) {}

  private space(): void {
    const s = this.s;
    while (s.charCodeAt(this.at) === SPACE) this.at++;
    if (this.at >= this.eol) throw GIVE_UP; // a flow collection over several lines
    if (s.charCodeAt(this.at) === HASH) throw GIVE_UP;
  }

  node(depth: number): unknown {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const s = this.s;
    const c = s.charCodeAt(this.at);
    if (c === LBRACE) return this.mapping(depth);
    if (c === LBRACKET) return this.sequence(depth);
    if (c === DQUOTE || c === SQUOTE) {
      const end = this.quoteEnd();
      const value = quotedScalar(s, this.at, end);
      this.at = end;
      return value;
    }
    return resolvePlain(this.plain());
  }

  /** A plain scalar in flow context: up to `,` `]` `}` or `: `. */
  private plain(): string {
    const s = this.s;
    const start = this.at;
    const c = s.charCodeAt(start);
    if (isIndicator(c) || ((c === DASH || c === COLON) && (s.charCodeAt(start + 1) === SPACE || s.charCodeAt(start + 1) === COMMA))) throw GIVE_UP;
    let i = start;
    for (; i < this.eol; i++) {
      const d = s.charCodeAt(i);
      if (d === COMMA || d === RBRACKET || d === RBRACE) break;
      if (d === LBRACKET || d === LBRACE) throw GIVE_UP;
      if (d === COLON) {
        const e = s.charCodeAt(i + 1);
        if (e === SPACE || e === COMMA || e === RBRACKET || e === RBRACE || e === LBRACKET || e === LBRACE || i + 1 >= this.eol) break;
      }
      if (d === HASH && s.charCodeAt(i - 1) === SPACE) throw GIVE_UP;
    }
    let end = i;
    while (s.charCodeAt(end - 1) === SPACE) end--;
    if (end === start) throw GIVE_UP; // an empty node: js-yaml's business
    this.at = i;
    const text = s.slice(start, end);
    if (text === '<<') throw GIVE_UP;
    return text;
  }

  private quoteEnd(): number {
    const s = this.s;
    const i = this.at;
    if (s.charCodeAt(i) === DQUOTE) {
      for (let j = s.indexOf('"', i + 1); j !== -1 && j < this.eol; j = s.indexOf('"', j + 1)) {
        let backslashes = 0;
        while (s.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) return j + 1;
      }
      throw GIVE_UP;
    }
    for (let j = s.indexOf("'", i + 1); j !== -1 && j < this.eol; j = s.indexOf("'", j + 1)) {
      if (s.charCodeAt(j + 1) === SQUOTE) j++;
      else return j + 1;
    }
    throw GIVE_UP;
  }

  private mapping(depth: number): Record<string, unknown> {
    const s = this.s;
    const result: Record<string, unknown> = {};
    this.at++;
    this.space();
    while (s.charCodeAt(this.at) !== RBRACE) {
      const c = s.charCodeAt(this.at);
      const quotedKey = c === DQUOTE || c === SQUOTE;
      if (c === LBRACE || c === LBRACKET || c === 0x3f) throw GIVE_UP;
      const key = String(this.node(depth + 1));
      this.space();
      if (s.charCodeAt(this.at) !== COLON) throw GIVE_UP; // a key without a value
      // After a plain key the colon is followed by a space (else it would be part of the key).
      if (!quotedKey && s.charCodeAt(this.at + 1) !== SPACE) throw GIVE_UP;
      this.at++;
      this.space();
      const d = s.charCodeAt(this.at);
      if (d === COMMA || d === RBRACE) throw GIVE_UP; // an empty value
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(result, key)) throw GIVE_UP;
      result[key] = this.node(depth + 1);
      this.space();
      const e = s.charCodeAt(this.at);
      if (e === COMMA) {
        this.at++;
        this.space();
        if (s.charCodeAt(this.at) === RBRACE) throw GIVE_UP; // a trailing comma
      } else if (e !== RBRACE) throw GIVE_UP;
    }
    this.at++;
    return result;
  }

  private sequence(depth: number): unknown[] {
    const s = this.s;
    const result: unknown[] = [];
    this.at++;
    this.space();
    while (s.charCodeAt(this.at) !== RBRACKET) {
      const c = s.charCodeAt(this.at);
      if (c === 0x3f) throw GIVE_UP;
      result.push(this.node(depth + 1));
      this.space();
      const e = s.charCodeAt(this.at);
      if (e === COLON) throw GIVE_UP; // a pair in a sequence
      if (e === COMMA) {
        this.at++;
        this.space();
        if (s.charCodeAt(this.at) === RBRACKET) throw GIVE_UP;
      } else if (e !== RBRACKET) throw GIVE_UP;
    }
    this.at++;
    return result;
  }
}
