// What config-schema and config-version-skew share: the declared checks that apply to a
// ConfigMap, its parsed config, and the consumer's version as desired and as deployed.
// May not: do I/O.

import jsyaml from 'js-yaml';
import type { ConfigCheck, SchemaVersion } from '../model/config-check.js';
import { parseImageReference } from '../model/image.js';
import type { ObjectIndex } from '../model/index.js';
import { containersOf, podSpecOf } from '../model/kinds.js';
import { type K8sObject, objectAt, stringAt } from '../model/object.js';

export interface ConsumerVersion {
  consumer: K8sObject;
  image: string;
  tag: string;
  /** The schema declared for this tag; undefined when no version entry matches. */
  schema: SchemaVersion | undefined;
}

export interface AppliedCheck {
  check: ConfigCheck;
  /** The key's parsed content; undefined when absent or unparsable (see `problem`). */
  config?: unknown;
  problem?: string;
}

export function checksFor(configMap: K8sObject, checks: readonly ConfigCheck[]): AppliedCheck[] {
  const applied: AppliedCheck[] = [];
  for (const check of checks) {
    if (check.configMap.namespace !== configMap.namespace || check.configMap.name !== configMap.name) continue;
    const text = stringAt(objectAt(configMap.raw, 'data'), check.key);
    if (text === undefined) {
      applied.push({ check, problem: `has no key '${check.key}'` });
      continue;
    }
    try {
      applied.push({ check, config: jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: true }) });
    } catch (error) {
      applied.push({ check, problem: `key '${check.key}' cannot be parsed: ${error instanceof jsyaml.YAMLException ? error.reason : 'unreadable'}` });
    }
  }
  return applied;
}

/** The consumer's version from its image tag, in the given object (desired or deployed). */
export function versionOf(check: ConfigCheck, consumer: K8sObject | undefined): ConsumerVersion | undefined {
  if (!consumer) return undefined;
  const pod = podSpecOf(consumer);
  if (!pod) return undefined;
  const containers = containersOf(pod).filter((c) => !c.path.includes('initContainers'));
  const container = check.consumer.container ? containers.find((c) => c.name === check.consumer.container) : containers[0];
  const image = stringAt(container?.container, 'image');
  const tag = image ? parseImageReference(image)?.tag : undefined;
  if (!image || !tag) return undefined;
  return { consumer, image, tag, schema: check.versions.find((v) => v.matches(tag)) };
}

export function desiredConsumer(check: ConfigCheck, index: ObjectIndex): K8sObject | undefined {
  return index.get(check.consumer.kind, check.consumer.namespace, check.consumer.name);
}

export function deployedConsumer(check: ConfigCheck, index: ObjectIndex): K8sObject | undefined {
  return index.deployed(check.consumer.kind, check.consumer.namespace, check.consumer.name);
}

export function summarize(errors: string[]): string {
  const shown = errors.slice(0, 3).join('; ');
  return errors.length > 3 ? `${shown}; and ${errors.length - 3} more` : shown;
}
