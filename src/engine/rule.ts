// What a rule is: data plus one pure function. Rules are declared with defineRule() so that a
// misspelt field is a compile error; the catalogue, the docs and every report read the same meta.
// May not: do I/O. A rule's check sees one object and the index, and reports through ctx.

import type { ConfigCheck } from '../model/config-check.js';
import type { IncidentId } from '../model/incidents.js';
import type { ObjectIndex } from '../model/index.js';
import type { FieldPath, K8sObject, ObjectRef, Position } from '../model/object.js';
import type { RegistryData } from '../model/registry.js';

export type Family = 'REF' | 'CFG' | 'DEP' | 'RES' | 'ROL';
export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Inputs a rule requires beyond manifests. A rule whose needs are not met does not run. */
export type Need = 'manifests' | 'cluster-state' | 'nodes' | 'registry' | 'history' | 'metrics' | 'git';

export interface RuleMeta {
  id: string;
  family: Family;
  severity: Severity;
  incident: IncidentId;
  needs: readonly Need[];
  /** Kinds the rule looks at; '*' for every object. */
  kinds: readonly string[] | '*';
  /** 'live': the rule reads what runs (pod status), so it judges live objects only, even those a manifest replaces. */
  subject?: 'live';
  /** Kinds the rule looks up in the index (whose absence it reports): it loses input when they cannot be listed. */
  reads?: readonly string[];
  /** One line: what the rule catches. */
  summary: string;
  /** Why it matters, tied to the incident. */
  rationale: string;
  /** What to do about a finding. */
  remediation: string;
  /** A short manifest that triggers the rule, for the docs. */
  example: string;
}

export interface Report {
  message: string;
  /** Field the finding is about; the location points at it. */
  path?: FieldPath;
  /** An exact position in the object's file, for what the parser found (a duplicate key in the manifest). */
  position?: Position;
  /** A 1-based position inside the string at `path` (an embedded config file); the engine maps it into the file. */
  embedded?: { line: number; column: number };
  related?: ObjectRef[];
  /**
   * The target was not found, but the inputs are not the whole cluster (manifests only):
   * the finding is capped at `warning` and says so.
   */
  onlyInputs?: boolean;
  /** A severity for this finding that replaces the rule's default (config overrides still win). */
  severity?: Severity;
  /** When the hazard strikes (certificate expiry or renewal, retention run): reports, metrics and the timeline show it. */
  due?: Date;
}

export interface RuleContext {
  index: ObjectIndex;
  now: Date;
  /** Config checks declared in .hindsight.yaml (config-schema, config-version-skew). */
  configChecks: readonly ConfigCheck[];
  /** What the registry knows (present when the rule needs 'registry' and it is available). */
  registry?: RegistryData;
  report(report: Report): void;
}

export interface Rule extends RuleMeta {
  check(object: K8sObject, ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
