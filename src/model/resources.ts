// The CPU and memory a container ends up with once Kubernetes has filled in what the manifest left
// out: requests copied from limits (API defaulting), then the namespace's LimitRange defaults
// (the LimitRanger admission plugin), and pod-level resources where the pod declares them.
// Shared by missing-requests, missing-memory-limit and namespace-without-limitrange.
// May not: read files or report findings.

import { objectsOfKind } from './by-kind.js';
import type { ObjectIndex } from './index.js';
import { type ContainerAt, containersOf, podSpecOf } from './kinds.js';
import { type JsonObject, type K8sObject, arrayAt, isObject, objectAt } from './object.js';

/** A value the scheduler or the kubelet needs and the container does not end up with. */
export type ResourceGap = 'cpu-request' | 'memory-request' | 'memory-limit';

export const GAP_TEXT: Record<ResourceGap, string> = {
  'cpu-request': 'CPU request',
  'memory-request': 'memory request',
  'memory-limit': 'memory limit',
};

/** What a LimitRange of the namespace fills in, and which one does. */
export type LimitRangeDefaults = Partial<Record<ResourceGap, K8sObject>>;

/**
 * The defaults the LimitRanges of a namespace apply to containers. A `type: Container` item's
 * `default` (limits) falls back to its `max`, and its `defaultRequest` to `default`, `max`, then
 * `min`, as the API server's defaulting of LimitRange does. With several LimitRanges, any one that
 * defaults a value fills it in.
 */
export function limitRangeDefaults(index: ObjectIndex, namespace: string): LimitRangeDefaults {
  const defaults: LimitRangeDefaults = {};
  for (const limitRange of objectsOfKind(index, 'LimitRange', namespace)) {
    for (const item of arrayAt(objectAt(limitRange.raw, 'spec'), 'limits')) {
      if (!isObject(item) || item['type'] !== 'Container') continue;
      const [max, min, limit, request] = ['max', 'min', 'default', 'defaultRequest'].map((field) => objectAt(item, field));
      const defaultLimit = (resource: string) => firstPresent(resource, limit, max);
      const defaultRequest = (resource: string) => firstPresent(resource, request, limit, max, min);
      if (defaultRequest('cpu') === 'set') defaults['cpu-request'] ??= limitRange;
      if (defaultRequest('memory') === 'set') defaults['memory-request'] ??= limitRange;
      if (defaultLimit('memory') === 'set') defaults['memory-limit'] ??= limitRange;
    }
  }
  return defaults;
}

export type ContainerRole = 'container' | 'init container' | 'sidecar container';

export interface ContainerGaps {
  at: ContainerAt;
  role: ContainerRole;
  /** In a fixed order: CPU request, memory request, memory limit. */
  missing: ResourceGap[];
}

/**
 * Containers of a pod-bearing object that end up without a CPU request, memory request or memory
 * limit. Which values a container needs depends on its role:
 * - app containers and sidecars (init containers with `restartPolicy: Always`) run for the pod's
 *   life and need all three;
 * - classic init containers run before the app, and the pod is scheduled for the larger of the
 *   biggest init container and the sum of the app containers, so a missing request there does not
 *   make the pod look free; they still need a memory limit, since they can exhaust the node while
 *   they run (a migration, an unpacker);
 * - ephemeral (debug) containers may not declare resources at all, and are not checked.
 */
export function resourceGapsOf(obj: K8sObject, index: ObjectIndex): ContainerGaps[] {
  const pod = podSpecOf(obj);
  if (!pod || obj.namespace === undefined) return [];
  const defaults = limitRangeDefaults(index, obj.namespace);
  const podResources = objectAt(pod.spec, 'resources');
  const gaps: ContainerGaps[] = [];
  for (const at of containersOf(pod)) {
    const role = containerRole(at);
    if (!role) continue;
    const needed: ResourceGap[] = role === 'init container' ? ['memory-limit'] : ['cpu-request', 'memory-request', 'memory-limit'];
    const resources = objectAt(at.container, 'resources');
    const missing = needed.filter((gap) => !endsUpWith(gap, resources, defaults) && !endsUpWith(gap, podResources, {}));
    if (missing.length > 0) gaps.push({ at, role, missing });
  }
  return gaps;
}

/** What a container is to its pod; undefined for ephemeral (debug) containers, added to running pods by hand. */
export function containerRole(at: ContainerAt): ContainerRole | undefined {
  switch (at.path[at.path.length - 2]) {
    case 'containers':
      return 'container';
    case 'initContainers':
      return at.container['restartPolicy'] === 'Always' ? 'sidecar container' : 'init container';
    default:
      return undefined;
  }
}

/** Whether `resources` (a container's, or the pod's) ends up with a non-zero value for the gap. */
function endsUpWith(gap: ResourceGap, resources: JsonObject | undefined, defaults: LimitRangeDefaults): boolean {
  const resource = gap.startsWith('cpu') ? 'cpu' : 'memory';
  const requests = objectAt(resources, 'requests');
  const limits = objectAt(resources, 'limits');
  // An explicit value, even zero, is kept; an absent request is copied from the limit, and only
  // then does a LimitRange default what is still absent.
  const own = gap.endsWith('request') ? firstPresent(resource, requests, limits) : firstPresent(resource, limits);
  return own === 'absent' ? defaults[gap] !== undefined : own === 'set';
}

type Presence = 'absent' | 'zero' | 'set';

/** The first of the resource lists that names the resource decides: is it there, and is it non-zero? */
function firstPresent(resource: string, ...lists: Array<JsonObject | undefined>): Presence {
  for (const list of lists) {
    if (!list || !Object.prototype.hasOwnProperty.call(list, resource)) continue;
    return isZeroQuantity(list[resource]) ? 'zero' : 'set';
  }
  return 'absent';
}

/**
 * Whether a quantity is zero (`0`, `"0"`, `"0Mi"`, `"0.0"`): the scheduler counts a zero request as
 * nothing, and the runtime reads a zero memory limit as no limit. Values that are not quantities
 * (null, objects) count as zero too; a string that is not a number (an unrendered template) is
 * given the benefit of the doubt.
 */
export function isZeroQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  if (typeof value !== 'string') return true;
  const number = /^\s*[+-]?(\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(value);
  return number !== null && Number(number[0]) === 0;
}
