// Declared config checks (`configChecks:` in .hindsight.yaml), as the rules receive them:
// which ConfigMap key a workload consumes, and one compiled JSON Schema per consumer version.
// May not: read files (the config loader compiles the schemas).

export interface SchemaVersion {
  /** How the version was declared, for messages: `tag v20190122-*` or `range >=1.2 <2`. */
  label: string;
  schemaFile: string;
  matches(tag: string): boolean;
  /** Validation errors as readable lines (`/presets/1/labels: …`); empty when valid. */
  validate(config: unknown): string[];
}

export interface ConfigCheck {
  configMap: { namespace: string; name: string };
  key: string;
  consumer: { kind: string; name: string; namespace: string; container?: string };
  /** First match wins. */
  versions: SchemaVersion[];
}
