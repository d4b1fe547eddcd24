// The loader's fast paths against the slow, general code they stand in for. Each fast path may
// give up (and leave the work to the general code), but whenever it answers, it must answer
// exactly what the general code answers:
//   fast-yaml.ts (fastLoad)            vs js-yaml load (value, key order; no error, no warning)
//   text-path.ts (TextPaths.offsetOf)  vs positionTree + offsetOf, on every path of a document
//   duplicateKeysOf (js-yaml listener) vs the `yaml` parser's DUPLICATE_KEY errors
//   parallel-parse.ts (two threads)    vs one thread: the same objects, errors, notes and report
// Inputs: the fixtures, the shared corpus when present, a generated tree (bench/generate.ts), and
// deterministic mutations of all of these (inserted indicators, deleted characters, moved lines).

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import jsyaml from 'js-yaml';
import { parseDocument } from 'yaml';
import { generateTree } from '../bench/generate.js';
import { evaluate } from '../src/engine/run.js';
import { REPORTERS } from '../src/report/index.js';
import { RULES } from '../src/rules/index.js';
import { fastLoad } from '../src/sources/fast-yaml.js';
import { loadManifests } from '../src/sources/manifests.js';
import { TextPaths } from '../src/sources/text-path.js';
import { duplicateKeysOf, offsetOf, parseYamlText, positionTree, splitDocuments } from '../src/sources/yaml-text.js';
import { CORPUS, FIXTURES, HAVE_CORPUS, tempDir } from './helpers.js';

const SCHEMA = jsyaml.CORE_SCHEMA.extend([(jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge]);

function filesUnder(root: string, pattern = /\.(ya?ml|json)$/i): string[] {
  const found: string[] = [];
  const visit = (p: string) => {
    if (statSync(p).isFile()) {
      if (pattern.test(p)) found.push(p);
      return;
    }
    for (const name of readdirSync(p).sort()) visit(path.join(p, name));
  };
  visit(root);
  return found;
}

const temporary: string[] = [];
test.after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function generated(prefix: string, objects: number, seed: number): string {
  const dir = tempDir(prefix);
  temporary.push(dir);
  generateTree(dir, { objects, seed });
  return dir;
}

/** A small generated tree: every shape the benchmark has, and its planted problems. */
const GENERATED = generated('hindsight-fast-paths-', 1500, 7);

const SOURCES = [FIXTURES, GENERATED, ...(HAVE_CORPUS ? [CORPUS] : [])];

/** Every YAML document of the sources, as text. */
const DOCUMENTS: string[] = SOURCES.flatMap((root) =>
  filesUnder(root, /\.ya?ml$/i).flatMap((file) => {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    return splitDocuments(text).map(({ start, end }) => text.slice(start, end));
  }),
);

/** Deterministic mutations: what a hand edit gone wrong looks like. */
function mutations(texts: readonly string[], count: number, seed: number): string[] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pieces = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '"', "'", '|', '|-', '>', '{', '}', '[', ']', ',', '&a ', '*a', '!x ', '? ', '---', '...', '\t', '0', '1.5', '~', 'null', '<<', '\\', '%', '\r', 'é', '\n  - a', '\n- ', ': |\n  a\n', '\x01'];
  const result: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = texts[Math.floor(random() * texts.length)]!;
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      const at = Math.floor(random() * text.length);
      const r = random();
      if (r < 0.4) text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
      else if (r < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
      else {
        const lines = text.split('\n');
        lines.splice(Math.floor(random() * lines.length), 0, lines[Math.floor(random() * lines.length)]!);
        text = lines.join('\n');
      }
    }
    result.push(text);
  }
  return result;
}

/** JSON with NaN, ±Infinity and -0 kept apart, and key order kept. */
function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `#number:${Object.is(v, -0) ? '-0' : String(v)}` : v,
  );
}

test('fast-yaml: reads what js-yaml reads, to the same value, or gives up', () => {
  const inputs = [...DOCUMENTS, ...mutations(DOCUMENTS, 6000, 1)];
  let answered = 0;
  for (const source of inputs) {
    const fast = fastLoad(source);
    if (!fast) continue;
    answered++;
    let warned = false;
    let expected: unknown;
    try {
      expected = jsyaml.load(source, { schema: SCHEMA, onWarning: () => (warned = true) });
    } catch (error) {
      assert.fail(`fast-yaml read a document js-yaml refuses (${(error as jsyaml.YAMLException).reason}):\n${source}`);
    }
    assert.equal(warned, false, `fast-yaml read a document js-yaml warns about:\n${source}`);
    assert.equal(encode(fast.value), encode(expected), `different values for:\n${source}`);
  }
  // The fast path must actually be taken: nearly every real manifest is the plain kind of YAML.
  const real = DOCUMENTS.filter((source) => fastLoad(source)).length;
  assert.ok(real / DOCUMENTS.length > 0.9, `fast-yaml read only ${real} of ${DOCUMENTS.length} real documents`);
  assert.ok(answered > inputs.length / 4);
});

test('fast-yaml: gives up on what it does not model', () => {
  for (const source of [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    '? a\n: b\n',
    'a: 1\na: 2\n',
    'a: >\n  folded\n',
    'a: |2\n   indented\n',
    'a: "two\n  lines"\n',
    'a: plain\n  continued\n',
    'a: [1,\n  2]\n',
    '<<: {a: 1}\n',
    '%YAML 1.2\n---\na: 1\n',
    '---x\n',
    'a:\n\tb: 1\n',
    'a: 1\r\n',
    '',
    '# only a comment\n',
    '- \n- a\n',
    '- - a\n',
    'a: {b}\n',
    'a: [b: 1]\n',
    'a: "\\x41"\n',
  ]) {
    assert.equal(fastLoad(source), undefined, JSON.stringify(source));
  }
  assert.deepEqual(fastLoad('a:\n- 1\n- "x: y"\nb: {c: [d, 2.5], "e": null}\nf: |\n  line\n\n  more\n')?.value, {
    a: [1, 'x: y'],
    b: { c: ['d', 2.5], e: null },
    f: 'line\n\nmore\n',
  });
});

/** Every path of a value (capped), and some that do not exist. */
function* pathsOf(value: unknown, prefix: Array<string | number> = [], budget = { left: 600 }): Generator<Array<string | number>> {
  yield prefix;
  if (budget.left-- <= 0) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* pathsOf(value[i], [...prefix, i], budget);
    yield [...prefix, value.length];
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) yield* pathsOf((value as Record<string, unknown>)[key], [...prefix, key], budget);
    yield [...prefix, 'no-such-key'];
  } else {
    yield [...prefix, 'deeper'];
  }
}

test('text-path: the offset of every field is the one positionTree gives', () => {
  const documents: Array<{ source: string; value: unknown }> = [];
  for (const root of SOURCES) {
    // Every other file: each holds the same shapes as its neighbours.
    for (const file of filesUnder(root).filter((_, i) => i % 2 === 0)) {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      if (/^\s*[{[]/.test(text)) {
        try {
          documents.push({ source: text, value: JSON.parse(text) });
        } catch {
          // not JSON: not a document
        }
        continue;
      }
      for (const doc of parseYamlText(text)) {
        if (doc.error || doc.duplicateKeys || doc.warned || doc.value === undefined) continue;
        documents.push({ source: text.slice(doc.start, doc.end), value: doc.value });
      }
    }
  }
  let asked = 0;
  let answered = 0;
  for (const { source, value } of documents) {
    const tree = positionTree(source);
    const reader = new TextPaths(source);
    for (const fieldPath of pathsOf(value)) {
      for (const pointAt of ['key', 'value'] as const) {
        asked++;
        const offset = reader.offsetOf(fieldPath, pointAt);
        if (offset === undefined) continue;
        answered++;
        const expected = offsetOf(source, tree, fieldPath, pointAt);
        assert.equal(offset, expected, `${JSON.stringify(fieldPath)} (${pointAt}) in:\n${source.slice(0, 2000)}`);
      }
    }
  }
  assert.ok(answered / asked > 0.95, `the text reader answered only ${answered} of ${asked}`);
});

test('duplicate keys: found where the yaml parser finds them', () => {
  // Each document (but the largest: the yaml parser reads ~2 MB/s) again with one of its keys
  // repeated right after it.
  const withDuplicates = DOCUMENTS.filter((source, i) => source.length < 8000 && i % 4 === 0).flatMap((source) => {
    const lines = source.split('\n');
    const variants = [source];
    for (let k = 1; k <= 3; k++) {
      const i = (k * 7919) % lines.length;
      if (/^\s*[\w"'.-][^:]*:( |$)/.test(lines[i]!)) {
        const copy = [...lines];
        copy.splice(i + 1, 0, lines[i]!.replace(/:( .*)?$/, ': again'));
        variants.push(copy.join('\n'));
      }
    }
    return variants;
  });
  let compared = 0;
  for (const source of [...withDuplicates, ...mutations(withDuplicates, 1000, 2)]) {
    const doc = parseDocument(source, { uniqueKeys: true });
    // Where the yaml parser meets other errors too, it may stop seeing keys that js-yaml sees.
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) continue;
    const expected = doc.errors.map((e) => e.pos[0]);
    assert.deepEqual(
      duplicateKeysOf(source, 0).map((d) => d.offset),
      expected,
      source,
    );
    compared++;
  }
  assert.ok(compared > 500);
});

/** Everything loadManifests gives, including where each object's fields are. */
function loaded(dir: string, parallelParseChars: number): string {
  const result = loadManifests([dir], { defaultNamespace: 'default', ignore: [], root: dir, parallelParseChars });
  const objects = result.objects.map((obj) => ({
    ref: [obj.apiVersion, obj.kind, obj.namespace, obj.name, obj.namespaceDefaulted],
    raw: encode(obj.raw),
    file: obj.origin?.file,
    at: [obj.origin?.locate([]), obj.origin?.locate(['metadata', 'name']), obj.origin?.locate(['spec', 'template', 'spec', 'containers', 0, 'env', 1])],
    issues: obj.parseIssues,
  }));
  const report = REPORTERS['json']!(
    evaluate({ ...result, completeKinds: new Set(), available: new Set(['manifests']) }, RULES, { severity: new Map(), only: new Set(), disabled: new Set() }, new Date('2024-03-01T00:00:00Z')),
    { catalogue: RULES, version: 'test', now: new Date('2024-03-01T00:00:00Z'), color: false },
  );
  return JSON.stringify({ objects, inputErrors: result.inputErrors, notes: result.notes, files: result.files, report });
}

test('parallel parse: the same objects, positions, errors, notes and report as one thread', () => {
  const dir = generated('hindsight-parallel-', 1200, 11);
  // What the worker must hand back to this thread, among ordinary files: .nan/.inf (not JSON),
  // a parse error, a duplicate key, and read errors and notes whose order must be kept.
  writeFileSync(path.join(dir, 'aa-numbers.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: numbers}\ndata:\n  a: "1"\nweird: [.nan, .inf, -.inf, -0]\n');
  writeFileSync(path.join(dir, 'ab-broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n data: {}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: after-broken}\n');
  writeFileSync(path.join(dir, 'ac-empty.yaml'), '');
  writeFileSync(path.join(dir, 'ad-dup.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n');
  writeFileSync(path.join(dir, 'ae-deep.yaml'), `a: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
  for (const mutated of mutations(filesUnder(dir).slice(0, 300).map((f) => readFileSync(f, 'utf8')), 200, 3).entries()) {
    writeFileSync(path.join(dir, `zz-mutated-${mutated[0]}.yaml`), mutated[1]);
  }
  const oneThread = loaded(dir, Number.POSITIVE_INFINITY);
  const twoThreads = loaded(dir, 0);
  assert.equal(twoThreads, oneThread);
});

test('parallel parse: a large single file is cut between documents, with the same result', () => {
  const dir = tempDir('hindsight-parallel-one-file-');
  temporary.push(dir);
  const parts = filesUnder(GENERATED, /\.ya?ml$/i).map((file) => readFileSync(file, 'utf8'));
  writeFileSync(path.join(dir, 'all.yaml'), parts.map((text) => (text.startsWith('---') ? text : `---\n${text}`)).join('\n'));
  assert.ok(existsSync(path.join(dir, 'all.yaml')));
  assert.equal(loaded(dir, 0), loaded(dir, Number.POSITIVE_INFINITY));
});
