import { embeddedConfigsOf } from '../../analysis/embedded.js';
import { defineRule } from '../../engine/rule.js';
import { describe, refOf } from '../../model/object.js';

export default defineRule({
  id: 'duplicate-key',
  family: 'CFG',
  severity: 'error',
  incident: '001_0b63582c15cd42ee.txt',
  needs: ['manifests'],
  kinds: '*',
  summary:
    'A YAML mapping with the same key twice, in a manifest or inside embedded YAML/JSON config (ConfigMap data, Secret stringData); the location points into the embedded text.',
  rationale:
    'A duplicated key is read differently by different loaders: most keep the last value silently, strict ones refuse ' +
    'the whole file. Which one a component uses can change with its version, which is how the Prow outage of ' +
    '2019-01-23 happened: config the new loader accepted crashed the deployed one.',
  remediation: 'Keep one of the two entries. If both were meant, the second one needs a different key.',
  example: `apiVersion: v1
kind: ConfigMap
metadata: {name: hook-config, namespace: prow}
data:
  config.yaml: |
    presets:
      preset-aws-credential: "true"
      preset-aws-credential: "aws-oss-testing"   # the same key again`,
  check(obj, ctx) {
    for (const issue of obj.parseIssues ?? []) {
      ctx.report({ message: `${describe(refOf(obj))}: ${issue.message}`, position: issue.position });
    }
    for (const config of embeddedConfigsOf(obj)) {
      for (const duplicate of config.duplicateKeys) {
        ctx.report({
          message: `${describe(refOf(obj))}: in ${config.format} entry '${config.key}', ${duplicate.message}`,
          path: config.path,
          ...(duplicate.line !== undefined && { embedded: { line: duplicate.line, column: duplicate.column! } }),
        });
      }
    }
  },
});
