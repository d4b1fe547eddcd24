import { checksFor, desiredConsumer, summarize, versionOf } from '../../analysis/config-checks.js';
import { defineRule } from '../../engine/rule.js';
import { describe, refOf } from '../../model/object.js';

export default defineRule({
  id: 'config-schema',
  family: 'CFG',
  severity: 'error',
  incident: '001_0b63582c15cd42ee.txt',
  needs: ['manifests'],
  kinds: ['ConfigMap'],
  summary: 'A config entry that fails the JSON Schema declared for the version of its consumer (configChecks in .hindsight.yaml).',
  rationale:
    'Kubernetes stores config as opaque text: nothing checks it until the component loads it, and a component that ' +
    'cannot load its config crash-loops, as the Prow hook did on 2019-01-23. A schema per consumer version lets CI ' +
    'refuse what the component will refuse.',
  remediation:
    'Fix the config at the reported path, or, if the consumer is being upgraded to a version that accepts it, ' +
    'deploy that version first and declare its schema.',
  example: `# .hindsight.yaml
# configChecks:
#   - configMap: shop/app-config
#     key: app.yaml
#     consumer: Deployment/app
#     versions: [{tag: "*", schema: schemas/app.json}]
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config, namespace: shop}
data:
  app.yaml: |
    replicas: many   # the schema wants an integer`,
  check(obj, ctx) {
    for (const { check, config, problem } of checksFor(obj, ctx.configChecks)) {
      const consumer = `${check.consumer.kind} ${check.consumer.namespace}/${check.consumer.name}`;
      if (problem) {
        ctx.report({ message: `${describe(refOf(obj))} ${problem}, but ${consumer} consumes it`, path: ['data'] });
        continue;
      }
      const version = versionOf(check, desiredConsumer(check, ctx.index));
      if (!version) continue; // consumer not in the inputs, or its image has no tag: nothing to pick a schema by
      if (!version.schema) {
        ctx.report({
          message: `${describe(refOf(obj))} key '${check.key}': no schema is declared for ${consumer} at image tag ${version.tag}; add a version entry to configChecks`,
          path: ['data', check.key],
          severity: 'warning',
        });
        continue;
      }
      const errors = version.schema.validate(config);
      if (errors.length === 0) continue;
      ctx.report({
        message: `${describe(refOf(obj))} key '${check.key}' is not valid for ${consumer} at ${version.tag} (schema ${version.schema.schemaFile}): ${summarize(errors)}`,
        path: ['data', check.key],
        related: [refOf(version.consumer)],
      });
    }
  },
});
