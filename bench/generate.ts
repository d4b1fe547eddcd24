// A deterministic generator of a realistic manifest tree for the static-scan benchmark.
//
// The tree looks like a platform repository: ~40 team namespaces, each with its apps; an app is
// a workload (Deployment, StatefulSet, DaemonSet, Job or CronJob with 1–4 containers, env,
// envFrom, volumes, probes, resources) plus what usually comes with it (ServiceAccount, Service,
// Ingress, HPA, PDB, ConfigMaps with embedded config files, Secrets, PVCs). Apps are written as
// one multi-document file (Helm-style), one file per object, or JSON (single objects and Lists).
// About a third of the objects carry a finding, as real repositories do: Secrets managed outside
// git, typos in selectors, renamed Services, duplicate env vars, broken embedded config.
// The same seed always gives the same bytes. May not: import anything from src/ (it is an input).

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface GenerateOptions {
  objects: number;
  seed: number;
}

export interface GeneratedTree {
  dir: string;
  files: number;
  bytes: number;
  objects: number;
  /** Objects the generator planted a finding in (a lower bound: some plants cause several). */
  planted: number;
}

/** Bumped whenever the output changes, so cached trees are regenerated. */
export const GENERATOR_VERSION = 3;

// ---------------------------------------------------------------------------------------------
// Seeded randomness (sfc32)

class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  hex(length: number): string {
    let s = '';
    while (s.length < length) s += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, length);
  }
  base64(bytes: number): string {
    const buffer = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) buffer[i] = Math.floor(this.next() * 256);
    return buffer.toString('base64');
  }
  word(): string {
    return this.pick(WORDS);
  }
}

const WORDS = [
  'alpha', 'bravo', 'cache', 'delta', 'edge', 'fleet', 'grid', 'harbor', 'index', 'jade', 'kilo', 'lumen', 'metro', 'nova',
  'orbit', 'pulse', 'quartz', 'relay', 'sigma', 'tango', 'ultra', 'vector', 'wave', 'xenon', 'yield', 'zenith',
];

const NAMESPACES = [
  'payments', 'checkout', 'catalog', 'search', 'accounts', 'notifications', 'billing', 'inventory', 'shipping', 'analytics',
  'ml-serving', 'auth', 'gateway', 'monitoring', 'logging', 'ingress', 'data-pipeline', 'reporting', 'recommendations', 'media',
  'cms', 'support', 'fraud', 'ledger', 'pricing', 'promotions', 'reviews', 'orders', 'cart', 'users',
  'identity', 'messaging', 'scheduler', 'batch', 'etl', 'warehouse', 'streaming', 'edge', 'platform', 'tools',
];

const SUBJECTS = [
  'order', 'user', 'payment', 'invoice', 'email', 'sms', 'image', 'video', 'report', 'price', 'stock', 'ledger', 'audit',
  'session', 'token', 'feed', 'rank', 'geo', 'tax', 'cart', 'review', 'coupon', 'refund', 'webhook', 'export',
];
const ROLES = ['api', 'worker', 'web', 'frontend', 'backend', 'gateway', 'consumer', 'producer', 'indexer', 'sync', 'exporter', 'proxy', 'cache', 'renderer', 'ingester'];

const ENV_NAMES = [
  'LOG_LEVEL', 'LOG_FORMAT', 'HTTP_PORT', 'METRICS_PORT', 'GRPC_PORT', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_POOL_SIZE',
  'REDIS_URL', 'KAFKA_BROKERS', 'KAFKA_TOPIC', 'KAFKA_GROUP_ID', 'S3_BUCKET', 'S3_REGION', 'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME', 'FEATURE_FLAGS_URL', 'CACHE_TTL_SECONDS', 'REQUEST_TIMEOUT_MS', 'MAX_CONNECTIONS', 'WORKER_CONCURRENCY',
  'UPSTREAM_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'SENTRY_ENVIRONMENT', 'GOMAXPROCS', 'JAVA_TOOL_OPTIONS', 'NODE_ENV', 'TZ',
  'RATE_LIMIT_RPS', 'SHUTDOWN_GRACE_SECONDS', 'QUEUE_NAME', 'RETRY_BACKOFF_MS', 'BATCH_SIZE', 'ELASTICSEARCH_URL',
];
const SECRET_KEYS = ['DB_PASSWORD', 'DB_USER', 'API_KEY', 'JWT_SIGNING_KEY', 'REDIS_PASSWORD', 'SENTRY_DSN', 'SMTP_PASSWORD', 'WEBHOOK_SECRET', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
const CONFIG_KEYS = ['LOG_LEVEL', 'FEATURES', 'REGION', 'TENANT', 'UPSTREAM_URL', 'CACHE_SIZE', 'ALLOWED_ORIGINS', 'QUEUE_NAME'];

// ---------------------------------------------------------------------------------------------
// A small YAML emitter: block style, with both sequence indentations in use (Helm indents
// sequences under their key, kubectl does not), flow maps for small leaves as people write
// them by hand, literal blocks for multi-line strings.

interface Style {
  /** Sequences indented under their key (Helm) or not (kubectl). */
  indentSequences: boolean;
  /** Small maps of scalars as `{a: 1, b: 2}`. */
  flowLeaves: boolean;
}

/** A value whose key is written twice (the first time with `first`): a duplicate-key plant. */
class Duplicated {
  constructor(
    readonly first: unknown,
    readonly last: unknown,
  ) {}
}

const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_./@+-]*(?: [A-Za-z0-9_./@()+-]+)*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\.inf|\.nan)|[-+]?\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+)$/i;

function scalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  if (s !== '' && PLAIN_SAFE.test(s) && !RESERVED.test(s)) return s;
  return JSON.stringify(s);
}

function isLeafMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Duplicated) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.length <= 3 && entries.every(([, v]) => typeof v !== 'object' || v === null);
}

function emitYaml(value: unknown, style: Style): string {
  const out: string[] = [];
  emitMapping(value as Record<string, unknown>, 0, style, out);
  return out.join('');
}

function emitMapping(map: Record<string, unknown>, indent: number, style: Style, out: string[], firstPrefix?: string): void {
  let first = true;
  for (const [key, raw] of Object.entries(map)) {
    const pad = first && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
    first = false;
    if (raw instanceof Duplicated) {
      emitEntry(key, raw.first, pad, indent, style, out);
      emitEntry(key, raw.last, ' '.repeat(indent), indent, style, out);
    } else {
      emitEntry(key, raw, pad, indent, style, out);
    }
  }
}

function emitEntry(key: string, value: unknown, pad: string, indent: number, style: Style, out: string[]): void {
  const k = scalar(key);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(`${pad}${k}: []\n`);
      return;
    }
    out.push(`${pad}${k}:\n`);
    emitSequence(value, style.indentSequences ? indent + 2 : indent, style, out);
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value);
    if (entries.length === 0) out.push(`${pad}${k}: {}\n`);
    else if (style.flowLeaves && isLeafMap(value)) out.push(`${pad}${k}: ${flowMap(value)}\n`);
    else {
      out.push(`${pad}${k}:\n`);
      emitMapping(value as Record<string, unknown>, indent + 2, style, out);
    }
  } else if (typeof value === 'string' && value.includes('\n')) {
    const chomp = value.endsWith('\n') ? '' : '-';
    const body = value.replace(/\n$/, '').split('\n');
    out.push(`${pad}${k}: |${chomp}\n`);
    const inner = ' '.repeat(indent + 2);
    for (const line of body) out.push(line === '' ? '\n' : `${inner}${line}\n`);
  } else {
    out.push(`${pad}${k}: ${scalar(value)}\n`);
  }
}

function flowMap(map: Record<string, unknown>): string {
  return `{${Object.entries(map)
    .map(([k, v]) => `${scalar(k)}: ${scalar(v)}`)
    .join(', ')}}`;
}

function emitSequence(items: unknown[], indent: number, style: Style, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (Array.isArray(item)) {
      out.push(`${pad}-\n`);
      emitSequence(item, indent + 2, style, out);
    } else if (typeof item === 'object' && item !== null && !(item instanceof Duplicated)) {
      if (Object.keys(item).length === 0) out.push(`${pad}- {}\n`);
      else emitMapping(item as Record<string, unknown>, indent + 2, style, out, `${pad}- `);
    } else {
      out.push(`${pad}- ${scalar(item)}\n`);
    }
  }
}

/** For JSON output: a duplicated key can only exist in YAML; JSON gets the last value. */
function plain(value: unknown): unknown {
  if (value instanceof Duplicated) return plain(value.last);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) result[k] = plain(v);
    return result;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Embedded config files

function embeddedYaml(rng: Random, app: string, ns: string, flaw: 'none' | 'duplicate' | 'syntax'): string {
  const lines: string[] = [];
  lines.push(`# ${app} configuration (${ns}); loaded at startup, reloaded on SIGHUP`);
  lines.push('server:');
  lines.push(`  listen: 0.0.0.0:${rng.pick([8080, 8000, 3000, 9000])}`);
  lines.push(`  readTimeout: ${rng.int(5, 60)}s`);
  lines.push(`  writeTimeout: ${rng.int(5, 60)}s`);
  lines.push(`  maxHeaderBytes: ${rng.pick([8192, 16384, 65536])}`);
  if (flaw === 'duplicate') lines.push(`  readTimeout: ${rng.int(61, 120)}s`);
  lines.push('database:');
  lines.push(`  host: ${app}-db.${ns}.svc.cluster.local`);
  lines.push(`  port: 5432`);
  lines.push(`  name: ${app.replace(/-/g, '_')}`);
  lines.push(`  pool: {min: ${rng.int(1, 4)}, max: ${rng.int(10, 50)}, idleTimeout: ${rng.int(30, 300)}s}`);
  lines.push(`  sslmode: ${rng.pick(['require', 'verify-full', 'disable'])}`);
  lines.push('logging:');
  lines.push(`  level: ${rng.pick(['debug', 'info', 'warn'])}`);
  lines.push(`  format: ${rng.pick(['json', 'logfmt'])}`);
  lines.push('  fields:');
  lines.push(`    service: ${app}`);
  lines.push(`    namespace: ${ns}`);
  const upstreams = rng.int(2, 10);
  lines.push('upstreams:');
  for (let i = 0; i < upstreams; i++) {
    const name = `${rng.pick(SUBJECTS)}-${rng.pick(ROLES)}`;
    lines.push(`  - name: ${name}`);
    lines.push(`    url: http://${name}.${rng.pick(NAMESPACES)}.svc.cluster.local:${rng.pick([80, 8080, 9090])}`);
    lines.push(`    timeout: ${rng.int(100, 5000)}ms`);
    lines.push(`    retries: ${rng.int(0, 5)}`);
    lines.push(`    circuitBreaker: {threshold: ${rng.int(3, 20)}, window: ${rng.int(10, 60)}s}`);
    if (flaw === 'syntax' && i === 1) lines.push(`    headers: {X-Tenant: "${ns}", X-Trace: on`);
  }
  const features = rng.int(3, 16);
  lines.push('features:');
  for (let i = 0; i < features; i++) lines.push(`  ${rng.word()}_${rng.word()}_${i}: ${rng.chance(0.5)}`);
  const rules = rng.int(0, 10);
  if (rules > 0) {
    lines.push('rateLimits:');
    for (let i = 0; i < rules; i++) {
      lines.push(`  - path: /api/v${rng.int(1, 3)}/${rng.pick(SUBJECTS)}s`);
      lines.push(`    methods: [GET, POST${rng.chance(0.3) ? ', DELETE' : ''}]`);
      lines.push(`    rps: ${rng.int(10, 5000)}`);
      lines.push(`    burst: ${rng.int(10, 10000)}`);
    }
  }
  lines.push('tracing:');
  lines.push('  enabled: true');
  lines.push(`  sampleRate: ${(rng.int(1, 100) / 1000).toFixed(3)}`);
  lines.push(`  endpoint: otel-collector.monitoring.svc:4317`);
  return `${lines.join('\n')}\n`;
}

function embeddedJson(rng: Random, app: string, flaw: 'none' | 'duplicate' | 'syntax'): string {
  const routes: string[] = [];
  const count = rng.int(3, 16);
  for (let i = 0; i < count; i++) {
    routes.push(
      `    {"path": "/api/v${rng.int(1, 3)}/${rng.pick(SUBJECTS)}/${i}", "backend": "${rng.pick(SUBJECTS)}-${rng.pick(ROLES)}", "timeoutMs": ${rng.int(100, 9000)}, "auth": ${rng.chance(0.7)}}`,
    );
  }
  const lines = [
    '{',
    `  "service": "${app}",`,
    `  "version": "${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 99)}",`,
    `  "listen": {"host": "0.0.0.0", "port": ${rng.pick([8080, 8443, 3000])}},`,
  ];
  if (flaw === 'duplicate') lines.push(`  "listen": {"host": "127.0.0.1", "port": 8081},`);
  lines.push(`  "cache": {"enabled": ${rng.chance(0.6)}, "ttlSeconds": ${rng.int(5, 3600)}, "maxEntries": ${rng.int(100, 100000)}},`);
  lines.push(`  "routes": [`);
  lines.push(routes.join(',\n') + (flaw === 'syntax' ? ',' : ''));
  lines.push('  ],');
  lines.push(`  "featureFlags": {${Array.from({ length: rng.int(2, 12) }, (_, i) => `"${rng.word()}${i}": ${rng.chance(0.5)}`).join(', ')}}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function propertiesFile(rng: Random, app: string): string {
  const lines = [`# ${app}`, `spring.application.name=${app}`, `server.port=8080`, `management.endpoints.web.exposure.include=health,info,prometheus`];
  for (let i = 0; i < rng.int(5, 30); i++) lines.push(`${app.replace(/-/g, '.')}.${rng.word()}.${rng.word()}=${rng.hex(rng.int(4, 24))}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Objects

type Obj = Record<string, unknown>;
type Plant = 'missing-secret' | 'missing-configmap' | 'missing-service-account' | 'missing-pvc' | 'wrong-namespace' | 'missing-key' | 'duplicate-env';

interface App {
  ns: string;
  name: string;
  team: string;
  version: string;
  labels: Obj;
  selector: Obj;
}

interface Generated {
  objects: Obj[];
  planted: number;
}

function labelsOf(app: App, component: string): Obj {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': `${app.name}-prod`,
    'app.kubernetes.io/version': app.version,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': app.team,
    'app.kubernetes.io/managed-by': 'Helm',
    'helm.sh/chart': `${app.name}-${app.version}`,
  };
}

function meta(app: App, name: string, component: string, extra: Obj = {}): Obj {
  return { name, namespace: app.ns, labels: labelsOf(app, component), ...extra };
}

function probe(rng: Random, port: string): Obj {
  return rng.chance(0.8)
    ? { httpGet: { path: rng.pick(['/healthz', '/readyz', '/livez', '/health']), port, scheme: 'HTTP' }, initialDelaySeconds: rng.int(0, 30), periodSeconds: rng.pick([5, 10, 15]), timeoutSeconds: rng.int(1, 5), successThreshold: 1, failureThreshold: rng.int(3, 6) }
    : { tcpSocket: { port }, periodSeconds: 10, failureThreshold: 3 };
}

function resources(rng: Random): Obj {
  const cpu = rng.pick(['50m', '100m', '250m', '500m', '1', '2']);
  const memory = rng.pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi', '2Gi', '4Gi']);
  return { requests: { cpu, memory }, limits: { memory, ...(rng.chance(0.4) ? { cpu: rng.pick(['1', '2', '4']) } : {}) } };
}

interface Refs {
  secret?: string;
  secretKeys: string[];
  configMap?: string;
  configKeys: string[];
  serviceAccount?: string;
  pvc?: string;
  /** A Secret that exists only in the platform namespace. */
  sharedSecret: string;
  sharedConfigMap: string;
}

function container(rng: Random, app: App, role: string, index: number, refs: Refs, plants: Set<Plant>): Obj {
  const main = index === 0;
  const name = main ? app.name : role;
  const env: Obj[] = [];
  const envCount = main ? rng.int(5, 15) : rng.int(1, 5);
  const used = new Set<string>();
  for (let i = 0; i < envCount; i++) {
    const variable = rng.pick(ENV_NAMES);
    if (used.has(variable)) continue;
    used.add(variable);
    env.push({ name: variable, value: envValue(rng, variable, app) });
  }
  env.push({ name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } });
  env.push({ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
  if (main) {
    env.push({ name: 'MEMORY_LIMIT', valueFrom: { resourceFieldRef: { containerName: name, resource: 'limits.memory' } } });
    if (refs.secret) {
      for (const key of refs.secretKeys.slice(0, rng.int(1, refs.secretKeys.length))) {
        env.push({ name: key, valueFrom: { secretKeyRef: { name: refs.secret, key } } });
      }
    }
    if (plants.has('missing-key') && refs.secret) {
      env.push({ name: 'DB_PASSWORD_OLD', valueFrom: { secretKeyRef: { name: refs.secret, key: 'db-password' } } });
    }
    if (plants.has('missing-secret')) {
      env.push({ name: 'VAULT_TOKEN', valueFrom: { secretKeyRef: { name: `${app.name}-vault-token`, key: 'token' } } });
    }
    if (refs.configMap) {
      for (const key of refs.configKeys.slice(0, rng.int(0, refs.configKeys.length))) {
        env.push({ name: `CFG_${key}`, valueFrom: { configMapKeyRef: { name: refs.configMap, key } } });
      }
    }
    if (rng.chance(0.2)) env.push({ name: 'OPTIONAL_OVERRIDES', valueFrom: { configMapKeyRef: { name: `${app.name}-overrides`, key: 'overrides', optional: true } } });
    if (plants.has('wrong-namespace')) env.push({ name: 'DD_API_KEY', valueFrom: { secretKeyRef: { name: refs.sharedSecret, key: 'api-key' } } });
    if (plants.has('duplicate-env') && env.length > 3) env.push({ ...(env[rng.int(0, 2)] as Obj), value: 'overridden' });
  }
  const ports = main
    ? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }, ...(rng.chance(0.3) ? [{ name: 'grpc', containerPort: 9000, protocol: 'TCP' }] : [])]
    : rng.chance(0.5)
      ? [{ name: `${role.slice(0, 10)}-port`, containerPort: 15000 + index, protocol: 'TCP' }]
      : [];
  const c: Obj = {
    name,
    image: `registry.example.com/${app.team}/${main ? app.name : role}:${main ? app.version : `${rng.int(1, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}`}`,
    imagePullPolicy: rng.pick(['IfNotPresent', 'Always']),
  };
  if (rng.chance(0.5)) c['args'] = ['--config=/etc/app/config.yaml', `--log-level=${rng.pick(['info', 'debug'])}`, ...(rng.chance(0.5) ? ['--metrics-addr=:9090'] : [])];
  if (ports.length > 0) c['ports'] = ports;
  c['env'] = env;
  const envFrom: Obj[] = [];
  if (main && refs.configMap && rng.chance(0.4)) envFrom.push({ configMapRef: { name: refs.configMap } });
  if (main && plants.has('missing-configmap')) envFrom.push({ configMapRef: { name: `${app.name}-env` } });
  if (main && refs.secret && rng.chance(0.3)) envFrom.push({ secretRef: { name: refs.secret } });
  if (main) envFrom.push({ configMapRef: { name: refs.sharedConfigMap } });
  if (envFrom.length > 0) c['envFrom'] = envFrom;
  c['resources'] = resources(rng);
  if (main || rng.chance(0.3)) {
    c['livenessProbe'] = probe(rng, main ? 'http' : String(15000 + index));
    c['readinessProbe'] = probe(rng, main ? 'http' : String(15000 + index));
    if (rng.chance(0.3)) c['startupProbe'] = { ...probe(rng, main ? 'http' : String(15000 + index)), failureThreshold: 30 };
  }
  const mounts: Obj[] = [];
  if (main) {
    if (refs.configMap) mounts.push({ name: 'config', mountPath: '/etc/app', readOnly: true });
    if (refs.secret) mounts.push({ name: 'secrets', mountPath: '/var/run/secrets/app', readOnly: true });
    mounts.push({ name: 'bundle', mountPath: '/var/run/bundle', readOnly: true });
    if (refs.pvc || plants.has('missing-pvc')) mounts.push({ name: 'data', mountPath: '/var/lib/app' });
  }
  mounts.push({ name: 'tmp', mountPath: index === 0 ? '/tmp' : `/tmp/${role}` });
  c['volumeMounts'] = mounts;
  c['securityContext'] = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
  if (rng.chance(0.3)) c['lifecycle'] = { preStop: { exec: { command: ['/bin/sh', '-c', `sleep ${rng.int(5, 20)}`] } } };
  return c;
}

function envValue(rng: Random, variable: string, app: App): string {
  if (variable.endsWith('_PORT')) return String(rng.pick([8080, 9090, 5432, 6379, 9000]));
  if (variable.endsWith('_URL') || variable.endsWith('ENDPOINT')) return `http://${rng.pick(SUBJECTS)}-${rng.pick(ROLES)}.${rng.pick(NAMESPACES)}.svc.cluster.local:${rng.pick([80, 8080, 4317])}`;
  if (variable === 'LOG_LEVEL') return rng.pick(['info', 'debug', 'warn']);
  if (variable === 'JAVA_TOOL_OPTIONS') return `-XX:MaxRAMPercentage=${rng.int(50, 80)}.0 -XX:+UseG1GC -Dfile.encoding=UTF-8`;
  if (variable.includes('SIZE') || variable.includes('MAX') || variable.includes('CONCURRENCY') || variable.endsWith('_MS') || variable.endsWith('SECONDS') || variable.endsWith('RPS')) return String(rng.int(1, 5000));
  if (variable === 'TZ') return 'UTC';
  if (variable === 'KAFKA_BROKERS') return `kafka-0.kafka.streaming.svc:9092,kafka-1.kafka.streaming.svc:9092,kafka-2.kafka.streaming.svc:9092`;
  return `${app.name}-${rng.word()}`;
}

function podSpec(rng: Random, app: App, refs: Refs, plants: Set<Plant>, kind: string): Obj {
  const containerCount = rng.pick([1, 1, 1, 1, 2, 2, 3, 4]);
  const sidecars = ['log-shipper', 'cloud-sql-proxy', 'envoy', 'config-reloader', 'otel-agent', 'vault-agent'];
  const containers = [container(rng, app, 'main', 0, refs, plants)];
  for (let i = 1; i < containerCount; i++) containers.push(container(rng, app, sidecars[(i + app.name.length) % sidecars.length]!, i, refs, plants));
  const spec: Obj = {};
  if (refs.serviceAccount) spec['serviceAccountName'] = refs.serviceAccount;
  if (plants.has('missing-service-account')) spec['serviceAccountName'] = `${app.name}-runner`;
  spec['automountServiceAccountToken'] = rng.chance(0.5);
  spec['securityContext'] = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } };
  spec['imagePullSecrets'] = [{ name: 'regcred' }];
  if (kind === 'Job' || kind === 'CronJob') spec['restartPolicy'] = 'OnFailure';
  spec['terminationGracePeriodSeconds'] = rng.pick([30, 60, 120]);
  if (kind === 'Deployment' || kind === 'StatefulSet') {
    spec['affinity'] = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: app.selector }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    };
    if (rng.chance(0.4)) spec['topologySpreadConstraints'] = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: app.selector } }];
  }
  if (kind === 'DaemonSet' || rng.chance(0.2)) {
    spec['tolerations'] = [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Equal', value: app.team, effect: 'NoSchedule' },
    ];
  }
  if (rng.chance(0.25)) {
    spec['initContainers'] = [
      {
        name: 'wait-for-db',
        image: 'registry.example.com/tools/wait-for:1.4.0',
        args: ['--host', `${app.name}-db.${app.ns}.svc`, '--port', '5432', '--timeout', '120s'],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
      },
    ];
  }
  spec['containers'] = containers;
  const volumes: Obj[] = [];
  if (refs.configMap) {
    const cm: Obj = { name: refs.configMap, defaultMode: 420 };
    if (rng.chance(0.3)) cm['items'] = refs.configKeys.slice(0, 2).map((key) => ({ key, path: key.toLowerCase() }));
    volumes.push({ name: 'config', configMap: cm });
  }
  if (refs.secret) volumes.push({ name: 'secrets', secret: { secretName: refs.secret, defaultMode: 256 } });
  const sources: Obj[] = [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600, audience: 'vault' } }, { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }];
  if (plants.has('missing-secret') && rng.chance(0.5)) sources.push({ secret: { name: `${app.name}-tls`, items: [{ key: 'tls.crt', path: 'tls.crt' }] } });
  if (plants.has('missing-configmap') && rng.chance(0.5)) sources.push({ configMap: { name: `${app.name}-ca-bundle` } });
  sources.push({ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
  volumes.push({ name: 'bundle', projected: { defaultMode: 420, sources } });
  if (refs.pvc) volumes.push({ name: 'data', persistentVolumeClaim: { claimName: refs.pvc } });
  else if (plants.has('missing-pvc')) volumes.push({ name: 'data', persistentVolumeClaim: { claimName: `${app.name}-storage` } });
  volumes.push({ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } });
  if (kind === 'DaemonSet') volumes.push({ name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } });
  spec['volumes'] = volumes;
  return spec;
}

function workload(rng: Random, app: App, kind: string, refs: Refs, plants: Set<Plant>): Obj {
  const template = {
    metadata: {
      labels: { ...app.selector, 'app.kubernetes.io/version': app.version, 'app.kubernetes.io/part-of': app.team },
      annotations: {
        'checksum/config': rng.hex(64),
        'checksum/secret': rng.hex(64),
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9090',
        ...(rng.chance(0.3) ? { 'kubectl.kubernetes.io/restartedAt': `2024-0${rng.int(1, 9)}-1${rng.int(0, 9)}T0${rng.int(0, 9)}:1${rng.int(0, 9)}:00Z` } : {}),
      },
    },
    spec: podSpec(rng, app, refs, plants, kind),
  };
  const metadata = meta(app, app.name, 'server', {
    annotations: { 'meta.helm.sh/release-name': `${app.name}-prod`, 'meta.helm.sh/release-namespace': app.ns, 'deployment.kubernetes.io/revision': String(rng.int(1, 80)) },
  });
  const apiVersion = kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  switch (kind) {
    case 'Deployment':
      return {
        apiVersion,
        kind,
        metadata,
        spec: {
          replicas: rng.int(1, 6),
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          selector: { matchLabels: app.selector },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: rng.pick([0, 1, '25%']) } },
          template,
        },
      };
    case 'StatefulSet':
      return {
        apiVersion,
        kind,
        metadata,
        spec: {
          replicas: rng.int(1, 5),
          serviceName: `${app.name}-headless`,
          podManagementPolicy: rng.pick(['OrderedReady', 'Parallel']),
          selector: { matchLabels: app.selector },
          updateStrategy: { type: 'RollingUpdate' },
          template,
          volumeClaimTemplates: [
            {
              metadata: { name: 'state' },
              spec: { accessModes: ['ReadWriteOnce'], storageClassName: rng.pick(['gp3', 'standard-rwo', 'premium-ssd']), resources: { requests: { storage: `${rng.pick([10, 20, 50, 100])}Gi` } } },
            },
          ],
        },
      };
    case 'DaemonSet':
      return { apiVersion, kind, metadata, spec: { selector: { matchLabels: app.selector }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, template } };
    case 'Job':
      return { apiVersion, kind, metadata, spec: { backoffLimit: rng.int(0, 6), activeDeadlineSeconds: rng.int(600, 7200), ttlSecondsAfterFinished: 86400, template } };
    default:
      return {
        apiVersion,
        kind: 'CronJob',
        metadata,
        spec: {
          schedule: `${rng.int(0, 59)} ${rng.pick(['*', '*/2', '3', '4'])} * * ${rng.pick(['*', '1-5', '0'])}`,
          concurrencyPolicy: rng.pick(['Forbid', 'Replace', 'Allow']),
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
          jobTemplate: { spec: { backoffLimit: rng.int(0, 3), template } },
        },
      };
  }
}

function generateApp(rng: Random, ns: string, name: string, team: string): Generated {
  const version = `${rng.int(0, 5)}.${rng.int(0, 40)}.${rng.int(0, 20)}`;
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `${name}-prod` };
  const app: App = { ns, name, team, version, labels: {}, selector };
  app.labels = labelsOf(app, 'server');
  const kind = rng.pick(['Deployment', 'Deployment', 'Deployment', 'Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'CronJob']);
  const objects: Obj[] = [];
  let planted = 0;

  // What the pods reference, and what the repository actually declares of it. Secrets often live
  // outside git (Vault, external-secrets), which is why unresolved references are so common.
  const plants = new Set<Plant>();
  const flagged = rng.chance(0.85);
  if (flagged) {
    const all: Plant[] = ['missing-secret', 'missing-secret', 'missing-configmap', 'missing-service-account', 'missing-pvc', 'wrong-namespace', 'wrong-namespace', 'missing-key', 'missing-key', 'duplicate-env'];
    plants.add(rng.pick(all));
    if (rng.chance(0.3)) plants.add(rng.pick(all));
  }
  const secretKeys = SECRET_KEYS.filter(() => rng.chance(0.35));
  if (secretKeys.length === 0) secretKeys.push('API_KEY');
  const configKeys = CONFIG_KEYS.filter(() => rng.chance(0.5));
  if (configKeys.length === 0) configKeys.push('LOG_LEVEL');
  const refs: Refs = {
    secretKeys,
    configKeys,
    sharedSecret: rng.pick(['datadog-api-key', 'shared-tls', 'smtp-relay']),
    sharedConfigMap: `${ns}-settings`,
  };
  if (rng.chance(0.7) || plants.has('missing-key')) refs.secret = `${name}-secrets`;
  if (rng.chance(0.75)) refs.configMap = `${name}-config`;
  if (rng.chance(0.8)) refs.serviceAccount = name;
  if (kind === 'Deployment' && rng.chance(0.12) && !plants.has('missing-pvc')) refs.pvc = `${name}-data`;

  const main = workload(rng, app, kind, refs, plants);
  if (plants.size > 0) planted++;
  // A duplicated key in a manifest: the loader keeps the last value and reports the first.
  if (rng.chance(0.012)) {
    const spec = main['spec'] as Obj;
    if (kind === 'Deployment') spec['replicas'] = new Duplicated(1, spec['replicas']);
    else (main['metadata'] as Obj)['labels'] = { ...((main['metadata'] as Obj)['labels'] as Obj), 'app.kubernetes.io/component': new Duplicated('worker', 'server') };
    if (plants.size === 0) planted++;
  }
  objects.push(main);

  if (refs.serviceAccount) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(app, refs.serviceAccount, 'server', rng.chance(0.4) ? { annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${rng.int(100000000000, 999999999999)}:role/${name}` } } : {}),
      automountServiceAccountToken: false,
    });
  }

  if (refs.secret) {
    const data: Obj = {};
    for (const key of secretKeys) data[key] = rng.base64(rng.int(12, 48));
    const tls = rng.chance(0.1);
    if (tls) {
      data['tls.crt'] = rng.base64(rng.int(1100, 1600));
      data['tls.key'] = rng.base64(rng.int(1100, 1700));
    }
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: meta(app, refs.secret, 'server'), type: 'Opaque', data });
  }

  if (refs.configMap) {
    const data: Obj = {};
    for (const key of configKeys) data[key] = key === 'ALLOWED_ORIGINS' ? `https://${name}.example.com,https://admin.example.com` : `${rng.word()}-${rng.int(1, 99)}`;
    let flaw: 'none' | 'duplicate' | 'syntax' = 'none';
    const embedded = rng.chance(0.55);
    if (embedded) {
      flaw = rng.chance(0.25) ? 'duplicate' : rng.chance(0.12) ? 'syntax' : 'none';
      if (rng.chance(0.7)) data['config.yaml'] = embeddedYaml(rng, name, ns, flaw);
      else data['settings.json'] = embeddedJson(rng, name, flaw);
      if (rng.chance(0.3)) data['application.properties'] = propertiesFile(rng, name);
    }
    if (flaw !== 'none') planted++;
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(app, refs.configMap, 'server'), data });
  }

  if (refs.pvc) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(app, refs.pvc, 'storage'),
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: `${rng.pick([5, 10, 20, 50])}Gi` } } },
    });
  }

  const serves = kind === 'Deployment' || kind === 'StatefulSet' || (kind === 'DaemonSet' && rng.chance(0.5));
  let servicePort = 80;
  if (serves) {
    const typo = rng.chance(0.45);
    if (typo) planted++;
    servicePort = rng.pick([80, 8080]);
    const serviceSelector = typo ? (rng.chance(0.5) ? { app: name } : { ...selector, 'app.kubernetes.io/instance': `${name}-canary` }) : { ...selector };
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(app, name, 'server', rng.chance(0.3) ? { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } } : {}),
      spec: {
        type: rng.pick(['ClusterIP', 'ClusterIP', 'ClusterIP', 'LoadBalancer']),
        selector: serviceSelector,
        ports: [
          { name: 'http', port: servicePort, targetPort: 'http', protocol: 'TCP' },
          { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
        ],
      },
    });
    if (kind === 'StatefulSet') {
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(app, `${name}-headless`, 'server'),
        spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: { ...selector }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
      });
    }
    if (kind === 'Deployment' && rng.chance(0.35)) {
      const broken = rng.chance(0.45);
      if (broken) planted++;
      const backendName = broken && rng.chance(0.5) ? `${name}-svc` : name;
      const backendPort = broken && backendName === name ? { number: servicePort === 80 ? 8080 : 80 } : rng.chance(0.5) ? { number: servicePort } : { name: 'http' };
      const hosts = [`${name}.${ns}.example.com`, ...(rng.chance(0.3) ? [`${name}.example.org`] : [])];
      objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: meta(app, name, 'server', {
          annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'nginx.ingress.kubernetes.io/proxy-body-size': `${rng.pick([1, 8, 50])}m`, 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' },
        }),
        spec: {
          ingressClassName: 'nginx',
          tls: [{ hosts, secretName: `${name}-tls` }],
          rules: hosts.map((host) => ({
            host,
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: backendName, port: backendPort } } },
                ...(rng.chance(0.4) ? [{ path: '/api', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } }] : []),
              ],
            },
          })),
        },
      });
    }
  }
  if (kind === 'Deployment' && rng.chance(0.4)) {
    const broken = rng.chance(0.3);
    if (broken) planted++;
    objects.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(app, name, 'server'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: broken ? `${name}-v1` : name },
        minReplicas: rng.int(2, 3),
        maxReplicas: rng.int(4, 30),
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: rng.int(50, 85) } } },
          ...(rng.chance(0.4) ? [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }] : []),
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } },
      },
    });
  }
  if ((kind === 'Deployment' || kind === 'StatefulSet') && rng.chance(0.5)) {
    const broken = rng.chance(0.3);
    if (broken) planted++;
    objects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(app, name, 'server'),
      spec: { [rng.chance(0.5) ? 'minAvailable' : 'maxUnavailable']: 1, selector: { matchLabels: broken ? { app: `${name}-server` } : { ...selector } } },
    });
  }
  return { objects, planted };
}

/** Objects every namespace has: its Namespace, the registry credentials and shared settings. */
function namespaceObjects(rng: Random, ns: string): Obj[] {
  const team = ns;
  const objects: Obj[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns, team, 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'regcred', namespace: ns },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'registry.example.com': { auth: rng.base64(30) } } })).toString('base64') },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${ns}-settings`, namespace: ns }, data: { CLUSTER: 'prod-eu-1', TEAM: team, REGION: 'eu-west-1', ENVIRONMENT: 'production' } },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults', namespace: ns },
      spec: { limits: [{ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
    },
  ];
  if (ns === 'platform') {
    for (const name of ['datadog-api-key', 'shared-tls', 'smtp-relay']) {
      objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, type: 'Opaque', data: { 'api-key': rng.base64(32) } });
    }
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// Files

function helmDocument(obj: Obj, chart: string, template: string, style: Style): string {
  return `---\n# Source: ${chart}/templates/${template}\n${emitYaml(obj, style)}`;
}

function templateName(obj: Obj): string {
  return `${String(obj['kind']).replace(/[a-z][A-Z]/g, (m) => `${m[0]}-${m[1]}`).toLowerCase()}.yaml`;
}

export function generateTree(dir: string, options: GenerateOptions): GeneratedTree {
  const rng = new Random(options.seed);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let files = 0;
  let bytes = 0;
  let objects = 0;
  let planted = 0;
  const write = (relative: string, text: string) => {
    const full = path.join(dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    files++;
    bytes += Buffer.byteLength(text);
  };

  for (const ns of NAMESPACES) {
    const shared = namespaceObjects(rng, ns);
    write(`${ns}/_namespace.yaml`, shared.map((obj) => `---\n${emitYaml(obj, { indentSequences: true, flowLeaves: false })}`).join(''));
    objects += shared.length;
  }

  const used = new Set<string>();
  let n = 0;
  const fileName = (obj: Obj, app: string, ext: string) => {
    const objName = String((obj['metadata'] as Obj)['name']);
    const suffix = objName === app ? '' : `-${objName.startsWith(`${app}-`) ? objName.slice(app.length + 1) : objName}`;
    return templateName(obj).replace('.yaml', `${suffix}${ext}`);
  };
  while (objects < options.objects) {
    const ns = NAMESPACES[n++ % NAMESPACES.length]!;
    let name = `${rng.pick(SUBJECTS)}-${rng.pick(ROLES)}`;
    for (let i = 2; used.has(`${ns}/${name}`); i++) name = `${name.replace(/-\d+$/, '')}-${i}`;
    used.add(`${ns}/${name}`);
    const app = generateApp(rng, ns, name, ns);
    const list = app.objects.slice(0, options.objects - objects);
    objects += list.length;
    planted += app.planted;
    const style: Style = { indentSequences: rng.chance(0.5), flowLeaves: rng.chance(0.3) };
    const layout = rng.next();
    if (layout < 0.5) {
      // Helm output: one multi-document file per release, with the empty documents Helm leaves.
      const chart = name;
      const docs = list.map((obj) => helmDocument(obj, chart, templateName(obj), style));
      if (rng.chance(0.3)) docs.splice(1, 0, '---\n# Source: ' + chart + '/templates/optional.yaml\n');
      write(`${ns}/${name}.yaml`, docs.join(''));
    } else if (layout < 0.88) {
      // Kustomize-style base: one object per file.
      for (const obj of list) write(`${ns}/${name}/${fileName(obj, name, rng.chance(0.2) ? '.yml' : '.yaml')}`, emitYaml(obj, style));
    } else if (layout < 0.95) {
      // Single objects as JSON, as `jq .` or a generator writes them.
      for (const obj of list) write(`${ns}/${name}/${fileName(obj, name, '.json')}`, `${JSON.stringify(plain(obj), null, 2)}\n`);
    } else {
      // A List, as `kubectl get deploy,svc,cm -o json` prints it.
      write(`${ns}/${name}.json`, `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: plain(list), metadata: { resourceVersion: '' } }, null, 4)}\n`);
    }
  }
  return { dir, files, bytes, objects, planted };
}

// `node dist/bench/generate.js [dir] [objects]`
if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const dir = process.argv[2] ?? path.resolve('bench/out/tree');
  const started = performance.now();
  const tree = generateTree(dir, { objects: Number(process.argv[3] ?? 20_000), seed: 20240301 });
  console.log(`${tree.objects} objects, ${tree.files} files, ${(tree.bytes / 1e6).toFixed(1)} MB in ${dir} (${Math.round(performance.now() - started)} ms)`);
}
