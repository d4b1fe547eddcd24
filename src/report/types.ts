// What every reporter receives. Reporters turn a finished result into text;
// they never import rules (the catalogue's meta comes in as data) and never change the result.

import type { ScanResult } from '../engine/finding.js';
import type { RuleMeta } from '../engine/rule.js';

export interface ReportContext {
  /** Meta of every rule, for help texts (SARIF, explanations). */
  catalogue: readonly RuleMeta[];
  version: string;
  now: Date;
  color: boolean;
}

export type Reporter = (result: ScanResult, ctx: ReportContext) => string;
