import { checksFor, deployedConsumer, desiredConsumer, summarize, versionOf } from '../../analysis/config-checks.js';
import { defineRule } from '../../engine/rule.js';
import { describe, refOf } from '../../model/object.js';

export default defineRule({
  id: 'config-version-skew',
  family: 'CFG',
  severity: 'error',
  incident: '001_0b63582c15cd42ee.txt',
  needs: ['cluster-state'],
  kinds: ['ConfigMap'],
  summary:
    'A config that validates against the schema of the version in the desired manifests but not against the version actually deployed.',
  rationale:
    'CI validates config with the code in the repository; the cluster runs whatever was last deployed. In the Prow ' +
    'outage of 2019-01-23 a config used a behaviour the repository already accepted, the deployed hook ' +
    '(v20190122-e707848) refused it ("duplicated preset label"), crash-looped, and webhooks failed for hours.',
  remediation:
    'Deploy the consumer version that accepts the config before the config itself, or keep the config valid for ' +
    'both versions until the rollout is complete.',
  example: `# .hindsight.yaml declares a schema per hook version (configChecks); the snapshot runs v20190122-e707848.
apiVersion: v1
kind: ConfigMap
metadata: {name: config, namespace: default}
data:
  config.yaml: |
    presets:
    - labels: {preset-aws-credential: "true"}
    - labels: {preset-aws-credential: "aws-oss-testing"}`,
  check(obj, ctx) {
    for (const { check, config, problem } of checksFor(obj, ctx.configChecks)) {
      if (problem) continue; // config-schema reports it
      const desired = versionOf(check, desiredConsumer(check, ctx.index));
      const deployed = versionOf(check, deployedConsumer(check, ctx.index));
      if (!desired?.schema || !deployed?.schema || desired.tag === deployed.tag) continue;
      if (desired.schema.validate(config).length > 0) continue; // invalid even for the desired version: config-schema
      const errors = deployed.schema.validate(config);
      if (errors.length === 0) continue;
      const consumer = `${check.consumer.kind} ${check.consumer.namespace}/${check.consumer.name}`;
      ctx.report({
        message:
          `${describe(refOf(obj))} key '${check.key}' is valid for ${consumer} as desired (${desired.tag}) but not for the ` +
          `version deployed now (${deployed.tag}, schema ${deployed.schema.schemaFile}): ${summarize(errors)}; ` +
          `the running ${check.consumer.name} will fail to load it at its next restart or reload`,
        path: ['data', check.key],
        related: [refOf(deployed.consumer)],
      });
    }
  },
});
