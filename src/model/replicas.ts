// How many pods a long-running workload runs at its quietest: the declared replica count, or, when an
// autoscaler owns the count, the autoscaler's floor (the count it runs at when maintenance happens).
// May not: read files or report findings.

import { objectsOfKind } from './by-kind.js';
import type { ObjectIndex } from './index.js';
import { replicasOf } from './kinds.js';
import { type K8sObject, describe, objectAt, refOf, stringAt } from './object.js';

/** Kinds that keep a number of identical pods running. DaemonSets (one per node), Jobs and CronJobs (run to completion) are not among them. */
export const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'] as const;

export interface ReplicaCount {
  count: number;
  /** The autoscaler whose minimum this is, when one targets the workload. */
  autoscaler?: K8sObject;
}

/**
 * The workload's replica count at its floor; undefined for kinds without one. A HorizontalPodAutoscaler
 * (any autoscaling/* version) overrides `spec.replicas` with its `minReplicas` (default 1); a KEDA
 * ScaledObject does the same with `minReplicaCount` (default 0: KEDA scales the workload to zero).
 */
export function effectiveReplicas(obj: K8sObject, index: ObjectIndex): ReplicaCount | undefined {
  const declared = replicasOf(obj);
  if (declared === undefined || obj.namespace === undefined) return undefined;
  const autoscaler = autoscalerOf(obj, index);
  if (!autoscaler) return { count: declared };
  const spec = objectAt(autoscaler.raw, 'spec');
  const keda = autoscaler.kind === 'ScaledObject';
  const min = spec?.[keda ? 'minReplicaCount' : 'minReplicas'];
  return { count: typeof min === 'number' ? min : keda ? 0 : 1, autoscaler };
}

function autoscalerOf(obj: K8sObject, index: ObjectIndex): K8sObject | undefined {
  const namespace = obj.namespace!;
  const targets = (autoscaler: K8sObject, defaultKind: string | undefined): boolean => {
    const ref = objectAt(objectAt(autoscaler.raw, 'spec'), 'scaleTargetRef');
    return stringAt(ref, 'name') === obj.name && (stringAt(ref, 'kind') ?? defaultKind) === obj.kind;
  };
  return (
    objectsOfKind(index, 'HorizontalPodAutoscaler', namespace).find((hpa) => targets(hpa, undefined)) ??
    objectsOfKind(index, 'ScaledObject', namespace).find((so) => so.apiVersion.startsWith('keda.sh/') && targets(so, 'Deployment'))
  );
}

/** "runs 4 replicas", or "runs as few as 2 replicas, the minReplicas of HorizontalPodAutoscaler shop/web". */
export function describeReplicas({ count, autoscaler }: ReplicaCount): string {
  const replicas = `${count} ${count === 1 ? 'replica' : 'replicas'}`;
  if (!autoscaler) return `runs ${replicas}`;
  const field = autoscaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas';
  return `runs as few as ${replicas}, the ${field} of ${describe(refOf(autoscaler))}`;
}
