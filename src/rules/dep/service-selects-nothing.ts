import { defineRule } from '../../engine/rule.js';
import { describe, objectAt, refOf } from '../../model/object.js';
import { formatSelector, selectorFromMap } from '../../model/selector.js';

export default defineRule({
  id: 'service-selects-nothing',
  family: 'DEP',
  severity: 'warning',
  incident: '002_0fddb103a2359b4c.txt',
  needs: ['manifests'],
  kinds: ['Service'],
  reads: ['Pod'],
  summary: 'A Service whose selector matches no pod template or pod in its namespace.',
  rationale:
    'A Service that selects nothing has no endpoints: every client of its DNS name gets connection refused or a ' +
    'timeout, and nothing in Kubernetes reports it. It is a dependency pointing into nothing, the same hidden ' +
    'breakage as the name removed while still in use in the Toolforge outage of 2018-12-04.',
  remediation:
    'Make the selector match the labels of the pod template it should serve (compare `spec.selector` with ' +
    '`spec.template.metadata.labels`), or remove the Service if nothing uses it. Services without a selector ' +
    '(manual Endpoints, ExternalName) are not checked.',
  example: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web-frontend}   # the pods are labelled app: web
  ports: [{port: 80, targetPort: 8080}]`,
  check(obj, ctx) {
    const spec = objectAt(obj.raw, 'spec');
    const selectorMap = objectAt(spec, 'selector');
    if (!selectorMap || Object.keys(selectorMap).length === 0 || spec?.['type'] === 'ExternalName') return;
    if (obj.namespace === undefined) return;
    const selector = selectorFromMap(selectorMap);
    if (ctx.index.podTemplatesMatching(obj.namespace, selector).length > 0) return;
    const where = ctx.index.knowsAll('Pod') ? `in namespace ${obj.namespace}` : `in the inputs (namespace ${obj.namespace})`;
    ctx.report({
      message: `${describe(refOf(obj))} selects ${formatSelector(selector)}, which matches no pod or pod template ${where}: the Service has no endpoints`,
      path: ['spec', 'selector'],
    });
  },
});
