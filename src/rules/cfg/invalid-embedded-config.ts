import { embeddedConfigsOf } from '../../analysis/embedded.js';
import { defineRule } from '../../engine/rule.js';
import { describe, refOf } from '../../model/object.js';

export default defineRule({
  id: 'invalid-embedded-config',
  family: 'CFG',
  severity: 'error',
  incident: '001_0b63582c15cd42ee.txt',
  needs: ['manifests'],
  kinds: ['ConfigMap', 'Secret'],
  summary: 'A ConfigMap or Secret entry whose name ends in .yaml, .yml or .json that does not parse.',
  rationale:
    'Kubernetes stores a ConfigMap entry as an opaque string, so a broken config file applies cleanly and fails only ' +
    'when the component reloads or restarts, as the deployed hook did in the Prow outage of 2019-01-23, crash-looping ' +
    'for hours. Secret values are never shown in the message.',
  remediation: 'Fix the syntax at the reported position; validate the file with the consuming component before merging.',
  example: `apiVersion: v1
kind: ConfigMap
metadata: {name: app-config, namespace: shop}
data:
  settings.json: |
    {"replicas": 3,}`,
  check(obj, ctx) {
    for (const config of embeddedConfigsOf(obj)) {
      if (!config.error) continue;
      ctx.report({
        message: `${describe(refOf(obj))}: entry '${config.key}' is ${config.error.message}`,
        path: config.path,
        ...(config.error.line !== undefined && { embedded: { line: config.error.line, column: config.error.column! } }),
      });
    }
  },
});
