// Label and field selectors as the API server parses them from `labelSelector=` / `fieldSelector=`.
// Labels: `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, joined with commas.
// Fields: `path=v`, `path==v`, `path!=v` over a small per-resource table of supported fields.

import type { KubeObject, ResourceType } from './resources.js';

export type Matcher = (obj: KubeObject) => boolean;

export class SelectorError extends Error {}

/** Splits on commas that are not inside parentheses. */
function requirements(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out.filter((r) => r !== '');
}

function all(matchers: Matcher[]): Matcher {
  return (obj) => matchers.every((m) => m(obj));
}

export function parseLabelSelector(text: string | null): Matcher {
  if (!text) return () => true;
  return all(
    requirements(text).map((req): Matcher => {
      const labels = (obj: KubeObject) => obj.metadata.labels ?? {};
      let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(req);
      if (m) {
        const [, key, op, list] = m as unknown as [string, string, string, string];
        const values = new Set(list.split(',').map((v) => v.trim()));
        return op === 'in'
          ? (o) => labels(o)[key] !== undefined && values.has(labels(o)[key]!)
          : (o) => labels(o)[key] === undefined || !values.has(labels(o)[key]!);
      }
      m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(req);
      if (m) {
        const [, key, op, value] = m as unknown as [string, string, string, string];
        return op === '!=' ? (o) => labels(o)[key] !== value : (o) => labels(o)[key] === value;
      }
      m = /^(!?)([\w./-]+)$/.exec(req);
      if (m) {
        const [, not, key] = m as unknown as [string, string, string];
        return not ? (o) => labels(o)[key] === undefined : (o) => labels(o)[key] !== undefined;
      }
      throw new SelectorError(`unable to parse requirement: ${req}`);
    }),
  );
}

/** Fields each resource supports beyond metadata.name and metadata.namespace. */
const FIELDS: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'type'],
  secrets: ['type'],
  namespaces: ['status.phase'],
  nodes: ['spec.unschedulable'],
  replicasets: ['status.replicas'],
  jobs: ['status.successful'],
};

function fieldValue(obj: KubeObject, path: string): string {
  let v: unknown = obj;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  if (v === undefined || v === null) return path === 'spec.hostNetwork' || path === 'spec.unschedulable' ? 'false' : '';
  return String(v);
}

export function parseFieldSelector(text: string | null, resource: ResourceType): Matcher {
  if (!text) return () => true;
  const supported = ['metadata.name', 'metadata.namespace', ...(resource.custom ? [] : FIELDS[resource.plural] ?? [])];
  return all(
    requirements(text).map((req): Matcher => {
      const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(req);
      if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${req}'`);
      const [, field, op, value] = m as unknown as [string, string, string, string];
      if (!supported.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
      return op === '!=' ? (o) => fieldValue(o, field) !== value : (o) => fieldValue(o, field) === value;
    }),
  );
}
