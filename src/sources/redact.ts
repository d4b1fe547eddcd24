// Secret redaction, applied the moment a Secret arrives from a cluster or a snapshot, before any
// other code sees it. Kept: what rules need and can keep without leaking (key names, certificate
// public parts, registry host names from pull secrets). Never kept: any other value.
// May not: log or return a removed value.

import { type JsonObject, isObject } from '../model/object.js';

export const REDACTED_ANNOTATION = 'hindsight.dev/redacted';
/** kubectl apply stores the whole object, values included, in this annotation. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Keys whose values are public: the certificate chain of a TLS Secret, the CA of a token Secret. */
const PUBLIC_KEYS = new Set(['tls.crt', 'ca.crt']);

export function redactSecret(secret: JsonObject): JsonObject {
  const redacted: JsonObject = { ...secret };
  const metadata = isObject(secret['metadata']) ? { ...secret['metadata'] } : {};
  const annotations = isObject(metadata['annotations']) ? { ...metadata['annotations'] } : {};
  delete annotations[LAST_APPLIED];
  annotations[REDACTED_ANNOTATION] = 'true';
  metadata['annotations'] = annotations;
  redacted['metadata'] = metadata;
  delete redacted['stringData'];
  const data = isObject(secret['data']) ? secret['data'] : {};
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(data)) {
    if (PUBLIC_KEYS.has(key) && typeof value === 'string') kept[key] = value;
    else if ((key === '.dockerconfigjson' || key === '.dockercfg') && typeof value === 'string') kept[key] = registryHostsOnly(value, key);
    else kept[key] = '';
  }
  redacted['data'] = kept;
  return redacted;
}

/** A pull secret reduced to the registry host names it has credentials for, with every credential emptied. */
function registryHostsOnly(base64: string, key: string): string {
  try {
    const config = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as unknown;
    const auths = key === '.dockercfg' ? config : isObject(config) ? config['auths'] : undefined;
    const hosts = isObject(auths) ? Object.keys(auths) : [];
    const emptied = Object.fromEntries(hosts.map((host) => [host, {}]));
    return Buffer.from(JSON.stringify(key === '.dockercfg' ? emptied : { auths: emptied })).toString('base64');
  } catch {
    return '';
  }
}

/** Fields the API server sets that no rule reads and that only make snapshots bigger. */
export function stripServerFields(obj: JsonObject): JsonObject {
  if (isObject(obj['metadata']) && 'managedFields' in obj['metadata']) {
    const metadata = { ...obj['metadata'] };
    delete metadata['managedFields'];
    return { ...obj, metadata };
  }
  return obj;
}
