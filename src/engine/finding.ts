// What a scan produces. This is the JSON contract of SPEC.md ("JSON output, stable"); reporters
// render it, they never add to it.

import type { ObjectRef } from '../model/object.js';
import type { Family, Severity } from './rule.js';

export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface Finding {
  rule: string;
  family: Family;
  severity: Severity;
  message: string;
  /** Absent only for invalid-input findings about text that could not be read as an object. */
  object?: ObjectRef;
  location?: Location;
  related: ObjectRef[];
  incident: string;
  /** ISO-8601 time at which the hazard strikes, for time bombs: a certificate's expiry or renewal, a retention run. */
  due?: string;
}

export interface InputError extends Location {
  message: string;
  /** Input problems that lose nothing (an empty file) are warnings; everything else is an error. */
  severity?: Severity;
}

export interface SkippedRule {
  rule: string;
  reason: string;
}

export interface ScanResult {
  findings: Finding[];
  inputErrors: InputError[];
  /** Things the user should know that are not findings: skipped documents, Helm charts, ignored suppressions. */
  notes: string[];
  skippedRules: SkippedRule[];
  summary: {
    objects: number;
    files: number;
    error: number;
    warning: number;
    info: number;
    suppressed: number;
  };
}
