import { defineRule } from '../../engine/rule.js';
import { type JsonObject, arrayAt, describe, isObject, objectAt, refOf, stringAt } from '../../model/object.js';

const STUCK_AFTER_MINUTES = 10;
/** Event reasons that explain why a pod does not start, most telling first. */
const EXPLAINING_EVENTS = ['FailedMount', 'FailedAttachVolume', 'FailedScheduling', 'FailedCreatePodSandBox', 'Failed', 'BackOff'];
/** Container waiting reasons that explain it when no event does. */
const EXPLAINING_WAITS = new Set(['ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName']);

function time(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

function truncate(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function waitingReasons(status: JsonObject | undefined): string[] {
  const reasons: string[] = [];
  for (const field of ['initContainerStatuses', 'containerStatuses']) {
    for (const container of arrayAt(status, field)) {
      const waiting = objectAt(objectAt(container, 'state'), 'waiting');
      const reason = stringAt(waiting, 'reason');
      if (reason && EXPLAINING_WAITS.has(reason)) {
        const message = stringAt(waiting, 'message');
        reasons.push(`container '${stringAt(container, 'name') ?? '?'}' ${reason}${message ? `: ${truncate(message, 200)}` : ''}`);
      }
    }
  }
  return reasons;
}

export default defineRule({
  id: 'stuck-pod',
  family: 'REF',
  severity: 'error',
  incident: '000_83f7ee5d5d972611.txt',
  needs: ['cluster-state'],
  subject: 'live',
  kinds: ['Pod'],
  summary: 'A pod Pending or ContainerCreating for over 10 minutes, with the reason from its events (FailedMount, FailedScheduling, ImagePullBackOff).',
  rationale:
    'A pod that cannot mount its Secret, pull its image or find a node does not crash: it waits, silently, and ' +
    'nothing alerts. In the Prow outage of 2019-02-05, 415 job pods sat in ContainerCreating with FailedMount for ' +
    'missing Secrets, and the deploy job meant to fix it was stuck the same way.',
  remediation:
    'Read the reason in the finding: create the missing Secret or ConfigMap (or run the pod in the namespace that ' +
    'has it), fix the image reference or pull secret, or free capacity for FailedScheduling. `kubectl describe pod` shows the same events.',
  example: `apiVersion: v1
kind: Pod
metadata: {name: unit-test, namespace: default, creationTimestamp: "2019-02-05T16:50:00Z"}
spec:
  containers: [{name: test, image: "gcr.io/k8s-testimages/bazelbuild:v20190205"}]
status:
  phase: Pending
  containerStatuses:
  - name: test
    state: {waiting: {reason: ContainerCreating}}`,
  check(obj, ctx) {
    const status = objectAt(obj.raw, 'status');
    if (stringAt(status, 'phase') !== 'Pending') return;
    const created = time(objectAt(obj.raw, 'metadata')?.['creationTimestamp']);
    if (Number.isNaN(created)) return;
    const minutes = Math.floor((ctx.now.getTime() - created) / 60_000);
    if (minutes <= STUCK_AFTER_MINUTES) return;

    const events = [...ctx.index.eventsFor('Pod', obj.namespace, obj.name)].sort(
      (a, b) => (time(b.raw['lastTimestamp'] ?? b.raw['eventTime']) || 0) - (time(a.raw['lastTimestamp'] ?? a.raw['eventTime']) || 0),
    );
    let explanation: string | undefined;
    for (const reason of EXPLAINING_EVENTS) {
      const event = events.find((e) => e.raw['reason'] === reason && (reason !== 'BackOff' || /image/i.test(String(e.raw['message']))));
      if (event) {
        const count = typeof event.raw['count'] === 'number' && event.raw['count'] > 1 ? ` (${event.raw['count']} times)` : '';
        explanation = `${reason}${count}: ${truncate(String(event.raw['message'] ?? ''))}`;
        break;
      }
    }
    explanation ??= waitingReasons(status).join('; ') || undefined;
    const waiting = arrayAt(status, 'containerStatuses').some((c) => isObject(c) && stringAt(objectAt(objectAt(c, 'state'), 'waiting'), 'reason') === 'ContainerCreating');
    const state = waiting ? 'ContainerCreating' : 'Pending';
    ctx.report({
      message: `${describe(refOf(obj))} has been ${state} for ${minutes} minutes${explanation ? `: ${explanation}` : ' (no event explains why; see kubectl describe pod)'}`,
      path: ['status', 'phase'],
    });
  },
});
