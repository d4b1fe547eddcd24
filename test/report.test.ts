// The output formats as their consumers read them: the JSON contract against its published schema,
// SARIF as GitHub code scanning needs it, JUnit as a strict XML parser reads it, GitHub workflow
// commands as the runner splits them. Every scan here runs the real CLI.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test, { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../src/engine/finding.js';
import { github } from '../src/report/github.js';
import { json } from '../src/report/json.js';
import { FORMATS } from '../src/report/index.js';
import type { ReportContext } from '../src/report/types.js';
import { RULES } from '../src/rules/index.js';
import { VERSION } from '../src/version.js';
import { EXAMPLES, ROOT, cli, tempDir } from './helpers.js';
import { validateJsonOutput } from './schema.js';

// ---------------------------------------------------------------------------------------------
// Inputs

/** Findings of six rules, one suppressed finding, and a document that is not an object (a note). */
const SEVERAL_RULES = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web-sa
      containers:
        - name: web
          image: nginx:1.25
          envFrom:
            - secretRef: {name: web-creds}
        - name: web
          image: nginx:1.25
---
apiVersion: v1
kind: Service
metadata: {name: orphan, namespace: shop}
spec:
  selector: {app: nope}
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.org
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: missing-svc, port: {number: 80}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 1
  maxReplicas: 3
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: quiet
  namespace: shop
  annotations:
    hindsight.dev/ignore: "invalid-embedded-config: a fixture that is broken on purpose"
data:
  config.json: '{"a": 1,}'
---
just: a document, not a Kubernetes object
`;

const CLEAN = `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config, namespace: shop}
data: {mode: production}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.25
          envFrom: [{configMapRef: {name: web-config}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

const BROKEN_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n  bad: [\n';

const workspaces: string[] = [];
after(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder holding `files` (paths relative to it, folders created as needed), removed after the tests. */
function workspace(files: Record<string, string>): string {
  const dir = tempDir('hindsight-report-');
  workspaces.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface JsonFinding {
  rule: string;
  family: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  object?: { apiVersion: string; kind: string; namespace?: string; name: string };
  location?: { file: string; line: number; column: number };
  related: unknown[];
  incident: string;
}
interface JsonOutput {
  tool: { name: string; version: string };
  findings: JsonFinding[];
  inputErrors: Array<{ file: string; line: number; column: number; message: string }>;
  summary: Record<'objects' | 'files' | 'error' | 'warning' | 'info' | 'suppressed', number>;
  notes: string[];
  skippedRules: Array<{ rule: string; reason: string }>;
}

/** `hindsight scan ARGS --format json`: the exit code and the parsed document, which must match the schema. */
/**
 * These samples were written for the reference, config and dependency rules; the resource and
 * rollout rules (which fire on any workload without requests or a PDB) have their own fixtures.
 */
const WITHOUT_RES_ROL = RULES.filter((r) => r.family === 'RES' || r.family === 'ROL').flatMap((r) => ['--disable', r.id]);

async function scanJson(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<{ code: number; output: JsonOutput }> {
  const run = await cli(['scan', ...args, ...WITHOUT_RES_ROL, '--format', 'json'], options);
  assert.notEqual(run.code, 2, `hindsight exited 2: ${run.stderr}`);
  const output: unknown = JSON.parse(run.stdout);
  validateJsonOutput(output);
  return { code: run.code, output: output as JsonOutput };
}

/** The summary counts are the findings counted, not an independent tally. */
function assertSummaryCountsFindings(output: JsonOutput): void {
  for (const severity of ['error', 'warning', 'info'] as const) {
    assert.equal(output.summary[severity], output.findings.filter((f) => f.severity === severity).length, `summary.${severity}`);
  }
}

const CONTEXT: ReportContext = { catalogue: RULES, version: VERSION, now: new Date('2024-03-01T00:00:00Z'), color: false };

// ---------------------------------------------------------------------------------------------
// JSON: the contract

test('json: a scan with findings of several rules matches the schema, in the documented field order', async () => {
  const dir = workspace({ 'deploy/app.yaml': SEVERAL_RULES });
  const { code, output } = await scanJson(['deploy'], { cwd: dir });

  assert.equal(code, 1, 'the duplicate container name is an error');
  assert.deepEqual(output.tool, { name: 'hindsight', version: VERSION });
  assert.deepEqual(
    [...new Set(output.findings.map((f) => f.rule))].sort(),
    ['duplicate-name', 'hpa-missing-target', 'ingress-missing-backend', 'missing-secret', 'missing-service-account', 'service-selects-nothing'],
  );
  for (const finding of output.findings) {
    assert.deepEqual(Object.keys(finding), ['rule', 'family', 'severity', 'message', 'object', 'location', 'related', 'incident']);
    assert.equal(finding.location?.file, 'deploy/app.yaml', 'paths are relative to the working directory, with forward slashes');
  }
  assert.deepEqual(Object.keys(output.findings[0]!.object!), ['apiVersion', 'kind', 'namespace', 'name']);
  assert.deepEqual(output.findings.find((f) => f.rule === 'missing-secret')?.related, [{ kind: 'Secret', namespace: 'shop', name: 'web-creds' }]);
  assertSummaryCountsFindings(output);
  assert.equal(output.summary.suppressed, 1);
  assert.equal(output.summary.objects, 5);
  assert.equal(output.summary.files, 1);
  assert.equal(output.notes.length, 1);
  assert.match(output.notes[0]!, /without apiVersion and kind.*deploy\/app\.yaml:\d+/);
});

test('json: input errors are listed with a location and repeated as invalid-input findings without an object', async () => {
  const dir = workspace({ 'broken.yaml': BROKEN_YAML, 'empty.yaml': '', 'ok.yaml': CLEAN });
  const { code, output } = await scanJson(['.'], { cwd: dir });

  assert.equal(code, 1);
  assert.deepEqual(output.inputErrors.map((e) => e.file).sort(), ['broken.yaml', 'empty.yaml']);
  const invalid = output.findings.filter((f) => f.rule === 'invalid-input');
  assert.deepEqual(
    invalid.map((f) => ({ ...f.location, message: f.message })),
    output.inputErrors,
    'one invalid-input finding per input error, at the same place with the same message',
  );
  for (const finding of invalid) assert.equal(finding.object, undefined);
  assert.equal(invalid.find((f) => f.location?.file === 'empty.yaml')?.severity, 'warning', 'an empty file loses nothing');
  assert.equal(invalid.find((f) => f.location?.file === 'broken.yaml')?.severity, 'error');
  assert.ok(output.inputErrors.every((e) => e.line >= 1 && e.column >= 1));
  assert.equal(output.summary.objects, 3, 'the readable file is still scanned');
  assertSummaryCountsFindings(output);
});

test('json: stdin input matches the schema and is located in <stdin>', async () => {
  const { code, output } = await scanJson(['-'], { stdin: SEVERAL_RULES });
  assert.equal(code, 1);
  assert.ok(output.findings.length >= 6);
  assert.ok(output.findings.every((f) => f.location?.file === '<stdin>'));
  assert.equal(output.summary.files, 1);
  assertSummaryCountsFindings(output);
});

test('json: a clean scan matches the schema with empty lists and zero counts', async () => {
  const dir = workspace({ 'app.yaml': CLEAN });
  const { code, output } = await scanJson(['app.yaml'], { cwd: dir });
  assert.equal(code, 0);
  assert.deepEqual(output.findings, []);
  assert.deepEqual(output.inputErrors, []);
  assert.deepEqual(output.summary, { objects: 3, files: 1, error: 0, warning: 0, info: 0, suppressed: 0 });
  // Manifests alone: only the rules about what runs are skipped, each saying what it needs.
  const needing = output.skippedRules.filter((s) => !s.reason.startsWith('disabled with --disable'));
  assert.deepEqual(
    needing.map((s) => s.rule),
    RULES.filter((r) => r.needs.some((n) => n !== 'manifests')).map((r) => r.id),
  );
  for (const skipped of needing) assert.match(skipped.reason, /^needs /);
});

test('json: every example under examples/incidents/ matches the schema', async (t) => {
  const examples = existsSync(EXAMPLES)
    ? readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
  if (examples.length === 0) {
    t.skip('no examples under examples/incidents/ yet');
    return;
  }
  for (const example of examples) {
    const folder = path.join('examples', 'incidents', example);
    const manifests = readdirSync(path.join(ROOT, folder), { recursive: true }).filter((f) => /\.(ya?ml|json)$/i.test(String(f)));
    await t.test(example, { skip: manifests.length === 0 && `no manifests in ${folder} yet` }, async () => {
      const { output } = await scanJson([folder], { cwd: ROOT });
      assertSummaryCountsFindings(output);
    });
  }
});

test('json: skipped rules and notes render as the schema describes them', () => {
  const result: ScanResult = {
    findings: [],
    inputErrors: [],
    notes: ['skipped Helm chart charts/web: its templates are not manifests until rendered'],
    skippedRules: [{ rule: 'stuck-pod', reason: 'needs a live cluster (--cluster) or a snapshot (--snapshot)' }],
    summary: { objects: 0, files: 0, error: 0, warning: 0, info: 0, suppressed: 0 },
  };
  const output = JSON.parse(json(result, CONTEXT)) as JsonOutput;
  validateJsonOutput(output);
  assert.deepEqual(output.skippedRules, result.skippedRules);
  assert.deepEqual(output.notes, result.notes);
});

test('json schema: rejects output that breaks the contract', async () => {
  const dir = workspace({ 'deploy/app.yaml': SEVERAL_RULES, 'deploy/broken.yaml': BROKEN_YAML });
  const { output } = await scanJson(['deploy'], { cwd: dir });
  const objectFinding = output.findings.findIndex((f) => f.object !== undefined);
  const inputFinding = output.findings.findIndex((f) => f.object === undefined);
  assert.ok(objectFinding >= 0 && inputFinding >= 0);

  const breakages: Array<[string, (o: any) => void]> = [
    ['an unknown family', (o) => (o.findings[objectFinding].family = 'SEC')],
    ['an unknown severity', (o) => (o.findings[objectFinding].severity = 'critical')],
    ['line 0', (o) => (o.findings[objectFinding].location.line = 0)],
    ['a fractional column', (o) => (o.findings[objectFinding].location.column = 1.5)],
    ['an extra finding field', (o) => (o.findings[objectFinding].fix = 'do something')],
    ['an extra location field', (o) => (o.findings[objectFinding].location.offset = 12)],
    ['a missing message', (o) => delete o.findings[objectFinding].message],
    ['a missing related list', (o) => delete o.findings[objectFinding].related],
    ['an object without apiVersion', (o) => delete o.findings[objectFinding].object.apiVersion],
    ['a finding of another rule without an object', (o) => delete o.findings[objectFinding].object],
    ['an invalid-input finding named by another rule', (o) => (o.findings[inputFinding].rule = 'missing-secret')],
    ['an input error without a line', (o) => delete o.inputErrors[0].line],
    ['a missing summary count', (o) => delete o.summary.warning],
    ['a negative summary count', (o) => (o.summary.error = -1)],
    ['a skipped rule without a reason', (o) => o.skippedRules.push({ rule: 'stuck-pod' })],
    ['another tool name', (o) => (o.tool.name = 'kube-linter')],
    ['a misspelt incident', (o) => (o.findings[objectFinding].incident = 'prow-2019.txt')],
  ];
  for (const [what, breakIt] of breakages) {
    const copy = structuredClone(output);
    breakIt(copy);
    assert.throws(() => validateJsonOutput(copy), /does not match/, `the schema accepts ${what}`);
  }
});

test('json: the example in docs/json-output.md matches the schema', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'json-output.md'), 'utf8');
  const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
  assert.ok(example, 'docs/json-output.md has a ```json example');
  validateJsonOutput(JSON.parse(example));
});

// ---------------------------------------------------------------------------------------------
// Secret values, in every format

test('no format prints a Secret value, from files or from stdin', async () => {
  const canary = 'CANARY-5d1e0f-do-not-print';
  const encoded = Buffer.from(canary).toString('base64');
  const secrets = `apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
data:
  password: ${encoded}
stringData:
  token: ${canary}
  config.json: '{"password": "${canary}", oops}'
  settings.yaml: |
    password: ${canary}
    password: ${canary}-again
---
apiVersion: v1
kind: Secret
metadata: {name: creds2, namespace: shop}
stringData:
  config.yaml: "key: [${canary}\\n"
`;
  const dir = workspace({
    'secrets.yaml': secrets,
    'broken.yaml': `apiVersion: v1\nkind: Secret\nmetadata: {name: broken}\nstringData:\n  token: "${canary}\n  other: [${canary}\n`,
    'broken.json': `{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "j"}, "stringData": {"token": "${canary}" oops}}`,
  });
  for (const format of FORMATS) {
    const fromFiles = await cli(['scan', '.', '--format', format], { cwd: dir });
    const fromStdin = await cli(['scan', '-', '--format', format], { stdin: secrets });
    for (const run of [fromFiles, fromStdin]) {
      assert.equal(run.code, 1, `${format}: the broken inputs are findings`);
      for (const stream of [run.stdout, run.stderr]) {
        assert.ok(!stream.includes(canary) && !stream.includes(encoded), `${format} printed a Secret value`);
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
// SARIF

interface SarifRegion {
  startLine: number;
  startColumn: number;
}
interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
  logicalLocations?: Array<{ fullyQualifiedName: string }>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; semanticVersion: string; rules: SarifRule[] } };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ message: { text: string } }> }>;
    results: SarifResult[];
  }>;
}

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };

async function scanSarif(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<SarifLog> {
  const run = await cli(['scan', ...args, ...WITHOUT_RES_ROL, '--format', 'sarif'], options);
  assert.notEqual(run.code, 2, run.stderr);
  return JSON.parse(run.stdout) as SarifLog;
}

test('sarif: a 2.1.0 log whose rules and results GitHub code scanning can show', async () => {
  const dir = workspace({ 'deploy/app.yaml': SEVERAL_RULES, 'deploy/broken.yaml': BROKEN_YAML });
  const log = await scanSarif(['deploy'], { cwd: dir });
  const { output } = await scanJson(['deploy'], { cwd: dir });

  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.equal(run!.tool.driver.name, 'hindsight');
  assert.equal(run!.tool.driver.semanticVersion, VERSION);

  const rules = run!.tool.driver.rules;
  assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.id), 'every rule of the catalogue, in catalogue order');
  for (const [i, rule] of rules.entries()) {
    assert.ok(rule.name && rule.shortDescription.text, `${rule.id}: name and short description`);
    assert.ok(rule.fullDescription.text.length > 0 && rule.fullDescription.text.length <= 1000, `${rule.id}: GitHub shows at most 1000 characters of fullDescription`);
    assert.ok(rule.help.text.includes(RULES[i]!.remediation), `${rule.id}: help says what to do`);
    assert.ok(rule.help.markdown.includes(RULES[i]!.remediation), `${rule.id}: markdown help says what to do`);
    assert.equal(rule.defaultConfiguration.level, LEVEL[RULES[i]!.severity]);
  }

  assert.equal(run!.results.length, output.findings.length, 'one result per finding');
  for (const [i, result] of run!.results.entries()) {
    const finding = output.findings[i]!;
    assert.equal(rules[result.ruleIndex]?.id, result.ruleId, `ruleIndex ${result.ruleIndex} points at ${result.ruleId}`);
    assert.equal(result.ruleId, finding.rule);
    assert.equal(result.level, LEVEL[finding.severity]);
    assert.equal(result.message.text, finding.message);
    assert.equal(result.locations.length, 1);
    const physical = result.locations[0]!.physicalLocation!;
    assert.ok(physical, `${result.ruleId}: a physical location, which GitHub needs to show the result`);
    const uri = physical.artifactLocation.uri;
    assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('/') && !uri.includes('\\') && !uri.split('/').includes('..'), `${uri} is a relative, forward-slash URI`);
    assert.equal(uri, finding.location!.file);
    assert.equal(physical.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.deepEqual(physical.region, { startLine: finding.location!.line, startColumn: finding.location!.column });
    assert.ok(Object.values(result.partialFingerprints).every((v) => v.length > 0));
  }
  const fingerprints = run!.results.map((r) => r.partialFingerprints['hindsight/v1']);
  assert.equal(new Set(fingerprints).size, fingerprints.length, 'fingerprints tell findings apart');
  assert.match(run!.invocations[0]!.toolExecutionNotifications?.[0]?.message.text ?? '', /without apiVersion and kind/, 'notes are not lost');
});

test('sarif: file paths are percent-encoded URIs that decode to the file', async () => {
  const file = 'deploy/50% off #1, a:b & c.yaml';
  const dir = workspace({ [file]: SEVERAL_RULES });
  const log = await scanSarif(['deploy'], { cwd: dir });
  const uris = new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation!.artifactLocation.uri));
  assert.deepEqual([...uris], ['deploy/50%25%20off%20%231%2C%20a%3Ab%20%26%20c.yaml']);
  assert.equal(decodeURIComponent([...uris][0]!), file);
});

test('sarif: a file outside the working directory gets an absolute file: URI; stdin gets "stdin"', async () => {
  const dir = workspace({ 'app.yaml': SEVERAL_RULES });
  const outside = await scanSarif([dir], { cwd: ROOT });
  for (const result of outside.runs[0]!.results) {
    const artifact = result.locations[0]!.physicalLocation!.artifactLocation;
    assert.equal(fileURLToPath(artifact.uri), path.join(dir, 'app.yaml'));
    assert.equal(artifact.uriBaseId, undefined);
  }
  const piped = await scanSarif(['-'], { stdin: SEVERAL_RULES });
  assert.ok(piped.runs[0]!.results.length > 0);
  for (const result of piped.runs[0]!.results) {
    assert.equal(result.locations[0]!.physicalLocation!.artifactLocation.uri, 'stdin');
    assert.ok(result.locations[0]!.logicalLocations?.[0]?.fullyQualifiedName, 'the object is named too');
  }
});

// ---------------------------------------------------------------------------------------------
// JUnit

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict parser for the XML subset JUnit reports use: the declaration, elements, attributes, text,
 * the five predefined entities and character references. It throws on anything not well-formed
 * (a raw `<` or `&`, an unknown entity, a character XML 1.0 forbids, a mismatched or unclosed tag, a
 * duplicate attribute, content after the root) rather than guessing, as a CI server's parser would.
 */
function parseXml(source: string): XmlElement {
  for (const ch of source) {
    const c = ch.codePointAt(0)!;
    const allowed = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
    if (!allowed) throw new Error(`character U+${c.toString(16).padStart(4, '0')} is not allowed in XML 1.0`);
  }
  const xml = source.replace(/\r\n?/g, '\n'); // end-of-line handling, as every XML parser does first
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at offset ${pos}: ${why}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
  };
  const skipSpace = () => {
    while (pos < xml.length && ' \t\n'.includes(xml[pos]!)) pos++;
  };
  const name = (): string => {
    const match = /^[A-Za-z_][\w.-]*/.exec(xml.slice(pos, pos + 200));
    if (!match) return fail('expected a name');
    pos += match[0].length;
    return match[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;&<]*)(;?)/g, (_, body: string, semicolon: string) => {
      if (!semicolon) return fail(`'&' that starts no reference`);
      const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (predefined[body] !== undefined) return predefined[body];
      const code = /^#x([0-9a-fA-F]+)$/.exec(body) ? parseInt(body.slice(2), 16) : /^#([0-9]+)$/.exec(body) ? parseInt(body.slice(1), 10) : NaN;
      if (Number.isNaN(code) || code === 0 || (code < 0x20 && ![0x9, 0xa, 0xd].includes(code))) return fail(`invalid reference &${body};`);
      return String.fromCodePoint(code);
    });

  const element = (): XmlElement => {
    if (xml[pos] !== '<') fail("expected '<'");
    pos++;
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (xml[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected whitespace before an attribute');
      const attribute = name();
      skipSpace();
      if (xml[pos] !== '=') fail("expected '='");
      pos++;
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      const end = xml.indexOf(quote!, pos + 1);
      if (end === -1) fail('unterminated attribute value');
      const raw = xml.slice(pos + 1, end);
      if (raw.includes('<')) fail("'<' in an attribute value");
      if (attribute in el.attributes) fail(`duplicate attribute ${attribute}`);
      el.attributes[attribute] = decode(raw.replace(/[\t\n]/g, ' ')); // attribute-value normalisation
      pos = end + 1;
    }
    for (;;) {
      if (pos >= xml.length) fail(`<${el.name}> is not closed`);
      if (xml.startsWith('</', pos)) {
        pos += 2;
        if (name() !== el.name) fail(`mismatched closing tag for <${el.name}>`);
        skipSpace();
        if (xml[pos] !== '>') fail("expected '>'");
        pos++;
        return el;
      }
      if (xml.startsWith('<!--', pos)) {
        const end = xml.indexOf('-->', pos);
        if (end === -1) fail('unterminated comment');
        pos = end + 3;
      } else if (xml[pos] === '<') {
        el.children.push(element());
      } else {
        const end = xml.indexOf('<', pos);
        const raw = xml.slice(pos, end === -1 ? xml.length : end);
        if (raw.includes(']]>')) fail("']]>' in text");
        el.text += decode(raw);
        pos += raw.length;
      }
    }
  };

  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(xml);
  if (declaration) pos = declaration[0].length;
  skipSpace();
  const root = element();
  skipSpace();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

function all(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((child) => all(child, name))];
}

async function scanJunit(args: string[], cwd: string): Promise<{ root: XmlElement; output: JsonOutput }> {
  const run = await cli(['scan', ...args, ...WITHOUT_RES_ROL, '--format', 'junit'], { cwd });
  assert.notEqual(run.code, 2, run.stderr);
  const { output } = await scanJson(args, { cwd });
  return { root: parseXml(run.stdout), output };
}

test('junit: well-formed, one failure per finding, counts that add up', async () => {
  const dir = workspace({ 'deploy/app.yaml': SEVERAL_RULES, 'deploy/broken.yaml': BROKEN_YAML });
  const { root, output } = await scanJunit(['deploy'], dir);

  assert.equal(root.name, 'testsuites');
  const suites = root.children;
  assert.ok(suites.every((s) => s.name === 'testsuite'));
  assert.deepEqual(suites.map((s) => s.attributes['name']), RULES.map((r) => r.id), 'a suite per rule, clean ones included');
  assert.equal(all(root, 'failure').length, output.findings.length);
  assert.equal(Number(root.attributes['failures']), output.findings.length);
  assert.equal(Number(root.attributes['tests']), all(root, 'testcase').length);
  for (const suite of suites) {
    const rule = suite.attributes['name']!;
    const expected = output.findings.filter((f) => f.rule === rule);
    assert.equal(Number(suite.attributes['tests']), suite.children.length, `${rule}: tests`);
    assert.equal(Number(suite.attributes['failures']), expected.length, `${rule}: failures`);
    assert.deepEqual(
      all(suite, 'failure').map((f) => [f.attributes['type'], f.attributes['message']]),
      expected.map((f) => [f.severity, f.message]),
      `${rule}: the failures are its findings`,
    );
  }
  const duplicate = all(root, 'testcase').find((c) => c.attributes['classname'] === 'duplicate-name' && c.children.length > 0)!;
  assert.match(duplicate.attributes['name']!, /^deploy\/app\.yaml:\d+:\d+$/, 'the test case is named by file:line:column');
  assert.ok(duplicate.children[0]!.text.includes(RULES.find((r) => r.id === 'duplicate-name')!.remediation), 'the failure says what to do');
});

test('junit: markup, quotes, line breaks and control characters in names and paths are escaped', async () => {
  const nasty = `<b>&amp; "quoted" 'single'\ttab\nline\r\u0007`;
  const service = `apiVersion: v1\nkind: Service\nmetadata: {name: ${JSON.stringify(nasty)}, namespace: shop}\nspec:\n  selector: {app: nope}\n`;
  const dir = workspace({ 'a&b <c> "d".yaml': service });
  const { root, output } = await scanJunit(['.'], dir);

  const failures = all(root, 'failure');
  assert.equal(failures.length, 1);
  const finding = output.findings[0]!;
  assert.equal(finding.rule, 'service-selects-nothing');
  const withoutControl = (s: string) => s.replace(/\u0007/g, '');
  assert.equal(failures[0]!.attributes['message'], withoutControl(finding.message), 'the message survives the round trip');
  assert.ok(failures[0]!.attributes['message']!.includes('\n') && failures[0]!.attributes['message']!.includes('\t'), 'line breaks and tabs in attributes survive');
  assert.ok(failures[0]!.text.includes(withoutControl(finding.message)));
  const testcase = all(root, 'testcase').find((c) => c.children[0]?.name === 'failure')!;
  assert.match(testcase.attributes['name']!, /^a&b <c> "d"\.yaml:\d+:\d+$/);
});

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands

test('github: % and line breaks in messages and , and : in file paths are escaped', () => {
  const result: ScanResult = {
    findings: [
      {
        rule: 'missing-secret',
        family: 'REF',
        severity: 'error',
        message: '100% broken\nsecond line\r',
        object: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' },
        location: { file: 'deploy/a,b:c%.yaml', line: 3, column: 5 },
        related: [],
        incident: '000_83f7ee5d5d972611.txt',
      },
      { rule: 'pdb-selects-nothing', family: 'DEP', severity: 'warning', message: 'w', related: [], incident: '' },
      { rule: 'duplicate-key', family: 'CFG', severity: 'info', message: 'i', location: { file: '<stdin>', line: 1, column: 1 }, related: [], incident: '' },
    ],
    inputErrors: [],
    notes: ['skipped deploy/x\n::error::injected'],
    skippedRules: [],
    summary: { objects: 1, files: 1, error: 1, warning: 1, info: 1, suppressed: 0 },
  };
  const lines = github(result, CONTEXT).trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 3), [
    '::error file=deploy/a%2Cb%3Ac%25.yaml,line=3,col=5,title=hindsight missing-secret::100%25 broken%0Asecond line%0D',
    '::warning title=hindsight pdb-selects-nothing::w',
    '::notice title=hindsight duplicate-key::i',
  ]);
  assert.equal(lines.filter((line) => line.startsWith('::')).length, 3, 'a note cannot start a workflow command of its own');
  assert.match(lines.at(-1)!, /error 1, warning 1, info 1/);
});

test('github: one annotation per finding from the CLI, with the escaped path of a real file', async () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: "50%\\nsale", namespace: shop}\nspec:\n  selector: {app: nope}\n';
  const dir = workspace({ 'x,y:z.yaml': service, 'app.yaml': SEVERAL_RULES });
  const run = await cli(['scan', '.', ...WITHOUT_RES_ROL, '--format', 'github'], { cwd: dir });
  const { output } = await scanJson(['.'], { cwd: dir });
  const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'));
  assert.equal(annotations.length, output.findings.length);
  const sale = annotations.find((line) => line.includes('file=x%2Cy%3Az.yaml'));
  assert.ok(sale, 'the file property is escaped');
  assert.match(sale, /^::warning file=x%2Cy%3Az\.yaml,line=\d+,col=\d+,title=hindsight service-selects-nothing::Service shop\/50%25%0Asale /);
});
