// The rule catalogue: every rule, in one list. Adding a rule = one file in its family's folder + one line here.

import type { Rule } from '../engine/rule.js';
import configSchema from './cfg/config-schema.js';
import configVersionSkew from './cfg/config-version-skew.js';
import crashLooping from './cfg/crash-looping.js';
import duplicateKey from './cfg/duplicate-key.js';
import duplicateName from './cfg/duplicate-name.js';
import invalidEmbeddedConfig from './cfg/invalid-embedded-config.js';
import invalidInput from './cfg/invalid-input.js';
import hpaMissingTarget from './dep/hpa-missing-target.js';
import ingressMissingBackend from './dep/ingress-missing-backend.js';
import pdbSelectsNothing from './dep/pdb-selects-nothing.js';
import serviceSelectsNothing from './dep/service-selects-nothing.js';
import missingConfigmap from './ref/missing-configmap.js';
import missingKey from './ref/missing-key.js';
import missingPvc from './ref/missing-pvc.js';
import missingSecret from './ref/missing-secret.js';
import missingServiceAccount from './ref/missing-service-account.js';
import stuckPod from './ref/stuck-pod.js';
import wrongNamespace from './ref/wrong-namespace.js';
import missingMemoryLimit from './res/missing-memory-limit.js';
import missingRequests from './res/missing-requests.js';
import namespaceWithoutLimitrange from './res/namespace-without-limitrange.js';
import noSpread from './res/no-spread.js';
import missingPdb from './rol/missing-pdb.js';
import mutableImageTag from './rol/mutable-image-tag.js';
import noRollbackHistory from './rol/no-rollback-history.js';
import pdbBlocksEviction from './rol/pdb-blocks-eviction.js';

export const RULES: readonly Rule[] = [
  missingSecret,
  missingConfigmap,
  missingServiceAccount,
  missingPvc,
  missingKey,
  wrongNamespace,
  stuckPod,
  invalidInput,
  duplicateKey,
  invalidEmbeddedConfig,
  duplicateName,
  crashLooping,
  configSchema,
  configVersionSkew,
  serviceSelectsNothing,
  ingressMissingBackend,
  hpaMissingTarget,
  pdbSelectsNothing,
  missingRequests,
  missingMemoryLimit,
  namespaceWithoutLimitrange,
  noSpread,
  mutableImageTag,
  missingPdb,
  pdbBlocksEviction,
  noRollbackHistory,
];

/** Rules of SPEC.md's catalogue that this version does not implement yet; `hindsight rules` says so. */
export const PLANNED_RULES: readonly string[] = [
  'tls-host-mismatch',
  'node-overcommit',
  'n-minus-1-capacity',
  'usage-exceeds-requests',
  'image-not-found',
  'rollback-image-not-found',
  'retention-will-delete',
  'retention-order-ambiguous',
  'image-unverifiable',
  'cert-expired',
  'cert-expiring',
  'restart-would-fail',
  'restart-time-bomb',
  'drift-not-deployed',
  'drift-live-only',
];

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Rules that look up objects of this kind: they lose input when it cannot be listed. */
export function rulesReading(kind: string): string[] {
  return RULES.filter((rule) => rule.reads?.includes(kind)).map((rule) => rule.id);
}
