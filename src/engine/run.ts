// The engine: selects the rules whose needs are met, runs each on the kinds it targets in one pass
// over the objects, applies configuration and suppressions, locates and sorts the findings.
// May not: do I/O (it reads positions through each object's origin, which parses lazily).

import { ObjectIndex } from '../model/index.js';
import { type K8sObject, refOf, isObject, objectAt } from '../model/object.js';
import type { ConfigCheck } from '../model/config-check.js';
import type { RegistryData } from '../model/registry.js';
import type { Finding, InputError, ScanResult, SkippedRule } from './finding.js';
import type { Need, Report, Rule, RuleContext, Severity } from './rule.js';

/** `hindsight.dev/ignore: "rule-a,rule-b: why"` on an object suppresses those rules' findings on it. */
export const SUPPRESS_ANNOTATION = 'hindsight.dev/ignore';

export interface RuleSettings {
  /** Per-rule severity from the config file; 'off' disables the rule. */
  severity: ReadonlyMap<string, Severity | 'off'>;
  /** `--rule`: when non-empty, only these rules run. */
  only: ReadonlySet<string>;
  /** `--disable`. */
  disabled: ReadonlySet<string>;
  /** Config checks from the config file. */
  configChecks?: readonly ConfigCheck[];
}

export interface EngineInput {
  /** Everything loaded: what references resolve against. */
  objects: K8sObject[];
  /** The objects to report on, when not all of them (manifests checked against a live cluster). */
  targets?: K8sObject[];
  inputErrors: InputError[];
  notes: string[];
  files: number;
  /** Kinds listed completely from a live cluster or a snapshot: absence of one of these is a fact. */
  completeKinds: ReadonlySet<string>;
  /** Live objects a manifest of the same identity replaces: what is deployed now (for version skew). */
  shadowed?: K8sObject[];
  /** What the inputs provide beyond manifests. */
  available: ReadonlySet<Need>;
  /** Registry answers, when --registry or --registry-inventory was given ('registry' is then available). */
  registry?: RegistryData;
}

const NEED_TEXT: Record<Need, string> = {
  manifests: 'manifests',
  'cluster-state': 'a live cluster (--cluster) or a snapshot (--snapshot)',
  nodes: 'nodes, from --cluster or --snapshot',
  registry: 'a registry (--registry or --registry-inventory)',
  history: 'rollout history, from --cluster or --snapshot',
  metrics: 'live metrics (--cluster with metrics.k8s.io)',
  git: 'a desired state from git (drift --desired REV:PATH)',
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

interface Pending {
  rule: Rule;
  object: K8sObject;
  report: Report;
}

export function evaluate(input: EngineInput, rules: readonly Rule[], settings: RuleSettings, now: Date): ScanResult {
  const skippedRules: SkippedRule[] = [];
  const active: Rule[] = [];
  for (const rule of rules) {
    // Rules turned off are listed too, so that no report shows them as having passed.
    const off =
      settings.only.size > 0 && !settings.only.has(rule.id)
        ? 'not selected with --rule'
        : settings.disabled.has(rule.id)
          ? 'disabled with --disable'
          : settings.severity.get(rule.id) === 'off'
            ? 'turned off in the config'
            : undefined;
    if (off) {
      skippedRules.push({ rule: rule.id, reason: off });
      continue;
    }
    const missing = rule.needs.filter((need) => !input.available.has(need));
    if (missing.length > 0) {
      skippedRules.push({ rule: rule.id, reason: `needs ${missing.map((n) => NEED_TEXT[n]).join(' and ')}` });
      continue;
    }
    active.push(rule);
  }

  // Rules per kind, worked out once per kind seen rather than once per object.
  const rulesFor = (subject: (rule: Rule) => boolean) => {
    const byKind = new Map<string, Rule[]>();
    return (kind: string): Rule[] => {
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = active.filter((rule) => subject(rule) && (rule.kinds === '*' || rule.kinds.includes(kind)))));
      return list;
    };
  };

  const index = new ObjectIndex(input.objects, input.completeKinds, input.shadowed);
  const known = new Set(rules.map((rule) => rule.id));
  const notes = [...input.notes];
  const pending: Pending[] = [];
  let suppressed = 0;
  // One context per rule, reused for every object: the engine visits each object once per rule
  // that targets its kind, and a scan holds hundreds of thousands of (object, rule) pairs.
  let current: K8sObject;
  let suppression: Set<string> | undefined;
  const contexts = new Map<Rule, RuleContext>();
  const contextOf = (rule: Rule): RuleContext => {
    let ctx = contexts.get(rule);
    if (!ctx) {
      ctx = {
        index,
        now,
        configChecks: settings.configChecks ?? [],
        ...(input.registry && { registry: input.registry }),
        report(report: Report) {
          if (suppression?.has(rule.id)) suppressed++;
          else pending.push({ rule, object: current, report });
        },
      };
      contexts.set(rule, ctx);
    }
    return ctx;
  };
  const check = (object: K8sObject, rules: readonly Rule[]) => {
    if (rules.length === 0) return;
    current = object;
    suppression = suppressionOf(object, known, notes);
    for (const rule of rules) rule.check(object, contextOf(rule));
  };
  // Most rules judge what is declared (the manifests, or the live objects when there are none);
  // rules about what runs judge every live object, including those a manifest shadows.
  const declaredRules = rulesFor((rule) => rule.subject !== 'live');
  const liveRules = rulesFor((rule) => rule.subject === 'live');
  for (const object of input.targets ?? input.objects) check(object, declaredRules(object.kind));
  if (active.some((rule) => rule.subject === 'live')) {
    for (const object of input.objects) if (object.live) check(object, liveRules(object.kind));
    for (const object of input.shadowed ?? []) check(object, liveRules(object.kind));
  }

  const invalidInput = rules.find((rule) => rule.id === 'invalid-input');
  const findings: Finding[] = pending.map((p) => toFinding(p, settings));
  if (invalidInput && active.includes(invalidInput)) {
    for (const error of input.inputErrors) findings.push(inputErrorFinding(error, invalidInput, settings));
  }
  findings.sort(compareFindings);

  const summary = { objects: (input.targets ?? input.objects).length, files: input.files, error: 0, warning: 0, info: 0, suppressed };
  for (const finding of findings) summary[finding.severity]++;
  return { findings, inputErrors: input.inputErrors, notes, skippedRules, summary };
}

function severityOf(rule: Rule, report: Report, settings: RuleSettings): Severity {
  const configured = settings.severity.get(rule.id);
  const severity = configured && configured !== 'off' ? configured : (report.severity ?? rule.severity);
  // With manifests only, "not found" means "not in these files": never more than a warning.
  return report.onlyInputs && severity === 'error' ? 'warning' : severity;
}

function toFinding({ rule, object, report }: Pending, settings: RuleSettings): Finding {
  const finding: Finding = {
    rule: rule.id,
    family: rule.family,
    severity: severityOf(rule, report, settings),
    message: report.message,
    object: refOf(object),
    related: report.related ?? [],
    incident: rule.incident,
  };
  if (report.due) finding.due = report.due.toISOString();
  if (object.origin) {
    const position = report.position ?? object.origin.locate(report.path ?? [], report.embedded);
    finding.location = { file: object.origin.file, line: position.line, column: position.column };
  }
  return finding;
}

function inputErrorFinding(error: InputError, rule: Rule, settings: RuleSettings): Finding {
  return {
    rule: rule.id,
    family: rule.family,
    severity: severityOf(rule, error.severity ? { message: '', severity: error.severity } : { message: '' }, settings),
    message: error.message,
    location: { file: error.file, line: error.line, column: error.column },
    related: [],
    incident: rule.incident,
  };
}

/** The rules an object's annotation suppresses; a suppression without a reason is not honoured. */
function suppressionOf(object: K8sObject, known: ReadonlySet<string>, notes: string[]): Set<string> | undefined {
  const annotations = objectAt(objectAt(object.raw, 'metadata'), 'annotations');
  const value = isObject(annotations) ? annotations[SUPPRESS_ANNOTATION] : undefined;
  if (typeof value !== 'string') return undefined;
  const colon = value.indexOf(':');
  const ids = (colon === -1 ? value : value.slice(0, colon)).split(',').map((id) => id.trim()).filter(Boolean);
  const reason = colon === -1 ? '' : value.slice(colon + 1).trim();
  const where = `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
  if (!reason) {
    notes.push(`${where}: annotation ${SUPPRESS_ANNOTATION} names no reason ("rule-id: why"), so it suppresses nothing`);
    return undefined;
  }
  for (const id of ids) if (!known.has(id)) notes.push(`${where}: annotation ${SUPPRESS_ANNOTATION} names '${id}', which is not a rule (see \`hindsight rules\`)`);
  return new Set(ids);
}

export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location?.file;
  const fb = b.location?.file;
  if (fa !== fb) {
    if (fa === undefined) return 1;
    if (fb === undefined) return -1;
    return fa < fb ? -1 : 1;
  }
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

