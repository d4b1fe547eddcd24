// Configuration files embedded in ConfigMaps and Secrets (`config.yaml: |` …), parsed once per
// object and shared by duplicate-key and invalid-embedded-config.
// May not: do I/O, or put any Secret value into a message.

import jsyaml from 'js-yaml';
import { type FieldPath, type JsonObject, type K8sObject, isObject } from '../model/object.js';
import { atContent, duplicateKeysOf, loadYaml } from '../sources/yaml-text.js';

export interface EmbeddedProblem {
  message: string;
  /** 1-based, inside the embedded text; undefined when the text is base64 and positions mean nothing in the file. */
  line?: number;
  column?: number;
}

export interface EmbeddedConfig {
  key: string;
  format: 'YAML' | 'JSON';
  path: FieldPath;
  secret: boolean;
  error?: EmbeddedProblem;
  duplicateKeys: EmbeddedProblem[];
}

const CONFIG_NAME = /\.(ya?ml|json)$/i;
const cache = new WeakMap<K8sObject, EmbeddedConfig[]>();

export function embeddedConfigsOf(obj: K8sObject): EmbeddedConfig[] {
  let configs = cache.get(obj);
  if (!configs) cache.set(obj, (configs = embeddedConfigsIn(obj.kind, obj.raw)));
  return configs;
}

/**
 * Gives an object the configs worked out before it was loaded: the loader parses large inputs on
 * two threads and works these out there, while parsing (sources/parallel-parse.ts).
 */
export function primeEmbeddedConfigs(obj: K8sObject, configs: EmbeddedConfig[]): void {
  cache.set(obj, configs);
}

function* entries(kind: string, raw: JsonObject): Generator<{ key: string; text: string; path: FieldPath; encoded: boolean }> {
  const fields = kind === 'ConfigMap' ? ['data'] : kind === 'Secret' ? ['stringData', 'data'] : [];
  for (const field of fields) {
    const data = raw[field];
    if (!isObject(data)) continue;
    for (const [key, value] of Object.entries(data)) {
      if (!CONFIG_NAME.test(key) || typeof value !== 'string') continue;
      const encoded = field === 'data' && kind === 'Secret';
      const text = encoded ? Buffer.from(value, 'base64').toString('utf8') : value;
      yield { key, text, path: [field, key], encoded };
    }
  }
}

/** The embedded configs of an object of this kind with this content, loaded or not. */
export function embeddedConfigsIn(kind: string, raw: JsonObject): EmbeddedConfig[] {
  const result: EmbeddedConfig[] = [];
  for (const { key, text, path, encoded } of entries(kind, raw)) {
    const secret = kind === 'Secret';
    const format = /\.json$/i.test(key) ? 'JSON' : 'YAML';
    const config: EmbeddedConfig = { key, format, path, secret, duplicateKeys: [] };
    const at = (offset: number): EmbeddedProblem => (encoded ? { message: '' } : { message: '', ...lineColumn(text, atContent(text, offset)) });
    try {
      if (format === 'JSON') JSON.parse(text);
    } catch (error) {
      // JSON.parse messages quote the offending text: keep only the position.
      const offset = Number(/position (\d+)/.exec(String(error))?.[1] ?? 0);
      config.error = { ...at(offset), message: 'not valid JSON' };
      result.push(config);
      continue;
    }
    try {
      // js-yaml parses JSON too, and unlike JSON.parse it refuses duplicate keys.
      loadYaml(text);
    } catch (error) {
      const reason = error instanceof jsyaml.YAMLException ? error.reason : 'unreadable';
      if (reason.startsWith('duplicated mapping key')) {
        config.duplicateKeys = duplicateKeysOf(text, 0).map((d) => ({
          ...at(d.offset),
          message: secret ? 'a key appears more than once in the same mapping' : d.message,
        }));
      } else if (format === 'YAML') {
        const offset = error instanceof jsyaml.YAMLException ? (error.mark?.position ?? 0) : 0;
        config.error = { ...at(offset), message: secret ? 'not valid YAML' : `not valid YAML: ${reason}` };
      }
    }
    result.push(config);
  }
  return result;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
