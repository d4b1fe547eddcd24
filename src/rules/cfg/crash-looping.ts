import { defineRule } from '../../engine/rule.js';
import { arrayAt, describe, isObject, objectAt, refOf, stringAt } from '../../model/object.js';

export default defineRule({
  id: 'crash-looping',
  family: 'CFG',
  severity: 'error',
  incident: '001_0b63582c15cd42ee.txt',
  needs: ['cluster-state'],
  subject: 'live',
  kinds: ['Pod'],
  summary: 'A container in CrashLoopBackOff, with its restart count and last termination reason and message.',
  rationale:
    'A crash-looping component serves nothing while everything around it looks deployed. In the Prow outage of ' +
    '2019-01-23 the webhook handler could not load its config, crash-looped, and GitHub got 502s for hours before ' +
    'anyone looked at the pods.',
  remediation:
    'Read the last termination message in the finding (or `kubectl logs --previous`); most often the config or an ' +
    'environment value the new version cannot load. Roll back the config or the image, whichever changed.',
  example: `apiVersion: v1
kind: Pod
metadata: {name: hook-7d9c, namespace: default}
spec:
  containers: [{name: hook, image: "gcr.io/k8s-prow/hook:v20190122-e707848"}]
status:
  phase: Running
  containerStatuses:
  - name: hook
    restartCount: 41
    state: {waiting: {reason: CrashLoopBackOff}}
    lastState:
      terminated: {exitCode: 1, reason: Error, message: "duplicated preset label : preset-aws-credential"}`,
  check(obj, ctx) {
    const status = objectAt(obj.raw, 'status');
    for (const field of ['initContainerStatuses', 'containerStatuses']) {
      arrayAt(status, field).forEach((container, i) => {
        if (!isObject(container)) return;
        if (stringAt(objectAt(objectAt(container, 'state'), 'waiting'), 'reason') !== 'CrashLoopBackOff') return;
        const restarts = typeof container['restartCount'] === 'number' ? container['restartCount'] : 0;
        const terminated = objectAt(objectAt(container, 'lastState'), 'terminated');
        const exitCode = terminated?.['exitCode'];
        const reason = stringAt(terminated, 'reason');
        const message = stringAt(terminated, 'message')?.replace(/\s+/g, ' ').trim();
        const last = terminated
          ? `; last exit ${typeof exitCode === 'number' ? `code ${exitCode}` : ''}${reason ? ` (${reason})` : ''}${message ? `: ${message.length > 300 ? `${message.slice(0, 299)}…` : message}` : ''}`
          : '';
        ctx.report({
          message: `${describe(refOf(obj))} container '${stringAt(container, 'name') ?? '?'}' is in CrashLoopBackOff after ${restarts} restarts${last}`,
          path: ['status', field, i],
        });
      });
    }
  },
});
