// Manifests from files, directories and stdin: the only place that reads them.
// Turns text into K8sObjects with lazy origins, and every unreadable input into an InputError
// with a location, so that one bad file never hides the rest.
// Speed (docs/architecture.md): everything is read first, then parsed, on two threads once the
// YAML passes 16 MiB (parallel-parse.ts); what reading reports keeps its place among what parsing
// reports. Positions are worked out only when a finding asks for one (SourceText).
// May not: decide severities (beyond "this input problem loses nothing") or know about rules.

import { closeSync, fstatSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { primeEmbeddedConfigs } from '../analysis/embedded.js';
import type { InputError } from '../engine/finding.js';
import { builtinScope } from '../model/kinds.js';
import { type FieldPath, type K8sObject, type Origin, type ParseIssue, type Position, isObject, objectAt, stringAt } from '../model/object.js';
import { PARALLEL_PARSE_MIN_CHARS, ParallelParser } from './parallel-parse.js';
import { TextPaths } from './text-path.js';
import { LineIndex, type ParsedDocument, offsetOf, parseYamlText, positionTree } from './yaml-text.js';

/** What js-yaml refuses to read (its own check, from its loader). */
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;
/** V8 cannot hold a string much over 512 MiB; refuse well before. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface LoadOptions {
  /** Namespace for namespaced objects that name none (`--namespace`, default `default`). */
  defaultNamespace: string;
  /** Globs (relative to `root`) of paths not to scan. */
  ignore: readonly string[];
  root: string;
  /** Where `-` reads from. */
  stdin?: () => Buffer;
  /** Parse on two threads when the YAML read exceeds this many characters (default 16 Mi; tests lower it). */
  parallelParseChars?: number;
}

export interface LoadResult {
  objects: K8sObject[];
  inputErrors: InputError[];
  notes: string[];
  /** Files (and stdin) read. */
  files: number;
}

/**
 * A file's text plus what positions need: its line index, and per document a text reader
 * (text-path.ts, which reads only the lines on the way to a field) or, where that reader gives up
 * or may not be used, the position tree from a second parse.
 */
class SourceText {
  readonly lines: LineIndex;
  private readonly readers = new Map<number, TextPaths | undefined>();
  private readonly trees = new Map<number, ReturnType<typeof positionTree>>();
  constructor(
    readonly file: string,
    readonly text: string,
    private readonly json: boolean,
  ) {
    this.lines = new LineIndex(text);
  }

  origin(doc: ParsedDocument, prefix: FieldPath): Origin {
    const { start, end } = doc;
    // Lines can be trusted only where js-yaml saw unique keys and had no warning (text-path.ts).
    const readable = doc.duplicateKeys === undefined && doc.warned === undefined;
    return {
      file: this.file,
      locate: (fieldPath: FieldPath, embedded?: Position) => this.locate(start, end, readable, [...prefix, ...fieldPath], embedded),
    };
  }

  private offset(start: number, end: number, readable: boolean, fieldPath: FieldPath, pointAt: 'key' | 'value'): number {
    const source = this.text.slice(start, end);
    let reader = this.readers.get(start);
    if (reader === undefined && !this.readers.has(start)) {
      // JSON.parse accepts characters js-yaml refuses; where js-yaml would fail, so must the reader.
      reader = readable && !(this.json && NON_PRINTABLE.test(source)) ? new TextPaths(source) : undefined;
      this.readers.set(start, reader);
    }
    const read = reader?.offsetOf(fieldPath, pointAt);
    if (read !== undefined) return read;
    let tree = this.trees.get(start);
    if (tree === undefined && !this.trees.has(start)) this.trees.set(start, (tree = positionTree(source)));
    return offsetOf(source, tree, fieldPath, pointAt);
  }

  private locate(start: number, end: number, readable: boolean, fieldPath: FieldPath, embedded: Position | undefined): Position {
    if (!embedded) return this.lines.position(start + this.offset(start, end, readable, fieldPath, 'key'));
    const valueStart = start + this.offset(start, end, readable, fieldPath, 'value');
    const indicator = this.text[valueStart];
    if (indicator !== '|' && indicator !== '>') return this.lines.position(valueStart);
    // A block scalar: its content starts on the next line, every line indented the same.
    const valueLine = this.lines.position(valueStart).line;
    const contentStart = this.lines.offsetOfLine(valueLine + 1);
    const indent = /^[ ]*/.exec(this.text.slice(contentStart, contentStart + 200))![0].length;
    return { line: valueLine + embedded.line, column: indent + embedded.column };
  }
}

export function loadManifests(inputs: readonly string[], options: LoadOptions): LoadResult {
  const result: LoadResult = { objects: [], inputErrors: [], notes: [], files: 0 };
  const skippedDocuments: string[] = [];
  const ignored = options.ignore.length
    ? picomatch(options.ignore.flatMap((glob) => (glob.endsWith('/') ? [`${glob}**`, glob.slice(0, -1)] : [glob, `${glob}/**`])), { dot: true })
    : undefined;
  // Paths relative to the root are worked out only when there are globs: a tree has thousands of files.
  const isIgnored = ignored ? (file: string) => ignored(path.relative(options.root, path.resolve(file)).split(path.sep).join('/')) : () => false;

  // Everything is read first and parsed after, so that large inputs can be parsed on two threads
  // (see parallel-parse.ts). What reading reports keeps its place among what parsing reports.
  const read: ReadText[] = [];
  const parser = new ParallelParser(options.parallelParseChars ?? PARALLEL_PARSE_MIN_CHARS);
  const defer = (text: string, file: string, chart: string | undefined) => {
    result.files++;
    const entry: ReadText = { text, file, chart, errorsBefore: result.inputErrors.length, notesBefore: result.notes.length };
    // Helm chart sources are skipped unparsed (loadText), JSON is read with JSON.parse.
    if (chart === undefined && !looksLikeJson(text)) entry.yamlIndex = parser.add(text);
    read.push(entry);
  };

  const shownDirectories = new Map<string, string>();
  const readOne = (file: string, explicit: boolean) => {
    if (isIgnored(file)) return;
    const display = displayPathIn(file, shownDirectories);
    const text = readText(file, display, result.inputErrors);
    if (text === undefined) return;
    defer(text, display, explicit ? chartOf(file) : undefined);
  };

  try {
    for (const input of inputs) {
      if (input === '-') {
        const text = decode((options.stdin ?? (() => readFileSync(0)))(), '<stdin>', result.inputErrors);
        if (text === undefined) continue;
        defer(text, '<stdin>', undefined);
        continue;
      }
      let stats;
      try {
        stats = statSync(input);
      } catch (error) {
        result.inputErrors.push({ file: displayPath(input), line: 1, column: 1, message: `cannot read: ${systemMessage(error)}` });
        continue;
      }
      if (stats.isDirectory()) {
        for (const file of walk(input, result, isIgnored)) readOne(file, false);
      } else {
        readOne(input, true);
      }
    }
  } catch (error) {
    parser.stop(); // no worker outlives a failed load
    throw error;
  }

  const parsed = parser.finish();
  const readErrors = result.inputErrors;
  const readNotes = result.notes;
  result.inputErrors = [];
  result.notes = [];
  let errorsCopied = 0;
  let notesCopied = 0;
  for (const entry of read) {
    while (errorsCopied < entry.errorsBefore) result.inputErrors.push(readErrors[errorsCopied++]!);
    while (notesCopied < entry.notesBefore) result.notes.push(readNotes[notesCopied++]!);
    loadText(entry.text, entry.file, entry.chart, result, skippedDocuments, entry.yamlIndex === undefined ? undefined : parsed?.[entry.yamlIndex]);
  }
  while (errorsCopied < readErrors.length) result.inputErrors.push(readErrors[errorsCopied++]!);
  while (notesCopied < readNotes.length) result.notes.push(readNotes[notesCopied++]!);

  assignNamespaces(result.objects, options.defaultNamespace);
  if (skippedDocuments.length > 0) {
    const shown = skippedDocuments.slice(0, 5).join(', ');
    const more = skippedDocuments.length > 5 ? ` and ${skippedDocuments.length - 5} more` : '';
    result.notes.push(
      `skipped ${skippedDocuments.length} document${skippedDocuments.length === 1 ? '' : 's'} without apiVersion and kind (not Kubernetes objects): ${shown}${more}`,
    );
  }
  return result;
}

/** A text read, waiting to be parsed, and how many read errors and notes came before it. */
interface ReadText {
  text: string;
  file: string;
  chart: string | undefined;
  errorsBefore: number;
  notesBefore: number;
  /** Its index in the parallel parser, for YAML. */
  yamlIndex?: number;
}

/** displayPath, worked out once per directory: resolving every path of a large tree costs. */
function displayPathIn(file: string, shownDirectories: Map<string, string>): string {
  const dir = path.dirname(file);
  let shown = shownDirectories.get(dir);
  if (shown === undefined) shownDirectories.set(dir, (shown = displayPath(dir)));
  const name = path.basename(file);
  return shown === '' ? name : shown.endsWith('/') ? `${shown}${name}` : `${shown}/${name}`;
}

/** Paths under the current directory are shown relative to it, the way the user typed them. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return (relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative).split(path.sep).join('/');
}

function systemMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ?? String(error);
  }
}

function* walk(
  dir: string,
  result: LoadResult,
  isIgnored: (file: string) => boolean,
): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    result.inputErrors.push({ file: displayPath(dir), line: 1, column: 1, message: `cannot read directory: ${systemMessage(error)}` });
    return;
  }
  if (entries.some((entry) => entry.name === 'Chart.yaml' && !entry.isDirectory())) {
    const shown = displayPath(dir);
    result.notes.push(
      `skipped Helm chart ${shown}: its templates are not manifests until rendered; scan the output instead: helm template ${shown} | hindsight scan -`,
    );
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Hidden files and folders (.git, .hindsight.yaml, .gitlab-ci.yml) and dependency folders hold
    // no manifests of the project's own; a hidden file named on the command line is still read.
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || isIgnored(full)) continue;
    if (entry.isDirectory()) {
      yield* walk(full, result, isIgnored);
    } else if (MANIFEST_EXTENSIONS.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      yield full;
    }
  }
}

/** The Helm chart a file belongs to, if any (a Chart.yaml in one of its parent folders). */
function chartOf(file: string): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    try {
      if (statSync(path.join(dir, 'Chart.yaml')).isFile()) return dir;
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readText(file: string, display: string, errors: InputError[]): string | undefined {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    // One open and one fstat per file: a tree has thousands of files, and each path lookup costs.
    fd = openSync(file, 'r');
    const stats = fstatSync(fd);
    const size = stats.size;
    if (size > MAX_FILE_BYTES) {
      errors.push({ file: display, line: 1, column: 1, message: `file of ${Math.round(size / 1048576)} MiB is too large to scan as text (limit ${MAX_FILE_BYTES / 1048576} MiB)` });
      return undefined;
    }
    buffer = stats.isFile() && size > 0 && size <= REUSED_BUFFER_MAX ? readInto(fd, size) : readFileSync(fd);
  } catch (error) {
    errors.push({ file: display, line: 1, column: 1, message: `cannot read: ${systemMessage(error)}` });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decode(buffer, display, errors);
}

/** Files up to this size are read into one reused buffer (decode copies the text out): a tree has thousands. */
const REUSED_BUFFER_MAX = 4 * 1024 * 1024;
let reusedBuffer: Buffer | undefined;

function readInto(fd: number, size: number): Buffer {
  if (!reusedBuffer || reusedBuffer.length < size) reusedBuffer = Buffer.allocUnsafe(Math.max(size, 1024 * 1024));
  let read = 0;
  while (read < size) {
    const n = readSync(fd, reusedBuffer, read, size - read, null);
    if (n === 0) break;
    read += n;
  }
  return reusedBuffer.subarray(0, read);
}

function decode(buffer: Buffer, display: string, errors: InputError[]): string | undefined {
  if (buffer.length === 0) {
    errors.push({ file: display, line: 1, column: 1, message: 'empty file: nothing to scan', severity: 'warning' });
    return undefined;
  }
  const nul = buffer.subarray(0, 8000).indexOf(0);
  if (nul !== -1) {
    errors.push({ file: display, line: 1, column: 1, message: 'binary file (it contains NUL bytes): not a YAML or JSON manifest' });
    return undefined;
  }
  const text = buffer.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/** Files of a Helm chart that are not manifests until rendered: templates, Chart.yaml, values files. */
function isChartSource(file: string, chart: string, text: string): boolean {
  const inChart = path.relative(chart, path.resolve(file)).split(path.sep);
  return text.includes('{{') || inChart[0] === 'templates' || inChart[0] === 'Chart.yaml' || /^values.*\.ya?ml$/.test(inChart[0] ?? '');
}

function loadText(text: string, file: string, chart: string | undefined, result: LoadResult, skipped: string[], parsed?: ParsedDocument[]): void {
  if (chart && isChartSource(file, chart, text)) {
    // Even a template that happens to parse would be checked with names like {{ .Values.x }}.
    result.notes.push(
      `skipped ${file}: it is part of the Helm chart ${displayPath(chart)}, not a manifest until rendered; scan the rendered output instead: helm template ${displayPath(chart)} | hindsight scan -`,
    );
    return;
  }
  const json = looksLikeJson(text);
  const source = new SourceText(file, text, json);
  const documents = parsed ?? (json ? parseJsonText(text) : parseYamlText(text));
  for (const doc of documents) {
    if (doc.error) {
      if (text.includes('{{')) {
        doc.error.message += ' (this looks like an unrendered template: render it first, e.g. helm template … | hindsight scan -)';
      }
      const position = source.lines.position(doc.error.offset);
      result.inputErrors.push({ file, ...position, message: doc.error.message });
      continue;
    }
    addDocument(doc, source, result, skipped);
  }
}

/** A JSON file is one document: an object, or a List of them as printed by `kubectl get -o json`. */
function parseJsonText(text: string): ParsedDocument[] {
  try {
    const value: unknown = JSON.parse(text);
    if (deeperThan(value, MAX_DEPTH)) {
      return [{ start: 0, end: text.length, error: { offset: 0, message: `nested more than ${MAX_DEPTH} levels deep: no Kubernetes object is; not processed` } }];
    }
    return [{ start: 0, end: text.length, value }];
  } catch (error) {
    const message = String((error as Error).message);
    const offset = /position (\d+)/.exec(message)?.[1];
    // V8 quotes the text around the error; a Secret's value must never reach a message, so keep only the reason.
    const reason = /^(Unexpected end of JSON input|Unexpected token|Unexpected non-whitespace character after JSON|Expected [^"']*?(?= in JSON| after|$)|Bad control character in string literal|Bad escaped character|Unterminated string)/.exec(message)?.[1];
    return [{ start: 0, end: text.length, error: { offset: offset ? Number(offset) : text.length, message: `not valid JSON: ${reason ?? 'syntax error'}` } }];
  }
}

/** JSON.parse copes with any depth, but later recursive steps would not; no real object comes near this. */
const MAX_DEPTH = 1000;

function deeperThan(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function addDocument(doc: ParsedDocument, source: SourceText, result: LoadResult, skipped: string[]): void {
  const value = doc.value;
  if (value === null || value === undefined) return; // an empty document, as Helm output has many
  const origin = (prefix: FieldPath) => source.origin(doc, prefix);
  const issues: ParseIssue[] = (doc.duplicateKeys ?? []).map((d) => ({ kind: 'duplicate-key', message: d.message, position: source.lines.position(d.offset) }));
  if (!isObject(value) || (value['apiVersion'] === undefined && value['kind'] === undefined)) {
    skipped.push(`${source.file}:${source.lines.position(doc.start).line}`);
    return;
  }
  if (typeof value['apiVersion'] === 'string' && value['apiVersion'].startsWith('kustomize.config.k8s.io/')) {
    result.notes.push(`skipped ${source.file}: a kustomize build file, not an object for the API server; scan the build output instead: kubectl kustomize ${path.dirname(source.file)} | hindsight scan -`);
    return;
  }
  const kind = value['kind'];
  const items = value['items'];
  const objects: K8sObject[] = [];
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) {
    items.forEach((item, i) => {
      const itemOrigin = origin(['items', i]);
      if (!isObject(item)) {
        result.inputErrors.push({ file: source.file, ...itemOrigin.locate([]), message: `items[${i}] of the ${kind} is not an object` });
        return;
      }
      const obj = toObject(item, itemOrigin, result);
      if (obj) objects.push(withEmbeddedConfigs(obj, doc, i));
    });
  } else {
    const obj = toObject(value, origin([]), result);
    if (obj) objects.push(withEmbeddedConfigs(obj, doc, -1));
  }
  // Parse issues belong to the document; a List's go to its first item, which is where they are reported.
  if (issues.length > 0 && objects[0]) objects[0].parseIssues = issues;
  for (const obj of objects) result.objects.push(obj);
}

/** Hands the object its embedded config files, if they were worked out while parsing (parallel-parse.ts). */
function withEmbeddedConfigs(obj: K8sObject, doc: ParsedDocument, item: number): K8sObject {
  const configs = doc.embedded?.find(([at]) => at === item)?.[1];
  if (configs) primeEmbeddedConfigs(obj, configs);
  return obj;
}

function toObject(raw: Record<string, unknown>, origin: Origin, result: LoadResult): K8sObject | undefined {
  const fail = (fieldPath: FieldPath, message: string) => {
    result.inputErrors.push({ file: origin.file, ...origin.locate(fieldPath), message });
    return undefined;
  };
  const { apiVersion, kind } = raw;
  if (typeof kind !== 'string' || kind === '') return fail(['kind'], kind === undefined ? 'document has an apiVersion but no kind' : 'kind must be a non-empty string');
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    return fail(['apiVersion'], apiVersion === undefined ? `${kind} has no apiVersion` : `${kind}: apiVersion must be a non-empty string`);
  }
  const metadata = raw['metadata'];
  if (!isObject(metadata)) return fail(metadata === undefined ? [] : ['metadata'], `${kind} has no metadata object, so it has no name`);
  const name = stringAt(metadata, 'name') ?? (typeof metadata['generateName'] === 'string' ? `${metadata['generateName']}*` : undefined);
  if (!name) return fail(['metadata'], `${kind} has no metadata.name (nor generateName)`);
  const namespace = metadata['namespace'];
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
    return fail(['metadata', 'namespace'], `${kind} ${name}: metadata.namespace must be a string`);
  }
  return {
    apiVersion,
    kind,
    name,
    namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
    namespaceDefaulted: false,
    raw,
    origin,
  };
}

/**
 * Namespaced objects without a namespace get the default one. Built-in kinds know their scope;
 * custom kinds take it from a CustomResourceDefinition in the inputs, or stay unscoped.
 */
function assignNamespaces(objects: K8sObject[], defaultNamespace: string): void {
  const customScopes = new Map<string, string>();
  for (const obj of objects) {
    if (obj.kind !== 'CustomResourceDefinition') continue;
    const spec = objectAt(obj.raw, 'spec');
    const kind = stringAt(objectAt(spec, 'names'), 'kind');
    const scope = stringAt(spec, 'scope');
    if (kind && scope) customScopes.set(kind, scope);
  }
  for (const obj of objects) {
    const scope = builtinScope(obj.kind);
    const namespaced = scope === 'namespaced' || (scope === 'unknown' && customScopes.get(obj.kind) === 'Namespaced');
    if (scope === 'cluster' || (scope === 'unknown' && customScopes.get(obj.kind) === 'Cluster')) {
      obj.namespace = undefined;
    } else if (obj.namespace === undefined && namespaced) {
      obj.namespace = defaultNamespace;
      obj.namespaceDefaulted = true;
    }
  }
}
