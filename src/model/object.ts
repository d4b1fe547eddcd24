// The object model: what every layer agrees an object is.
// May not: read files, decide severities, or know about any rule.

/** A path into an object: property names and array indexes, as in JSON Pointer. */
export type FieldPath = ReadonlyArray<string | number>;

export type JsonObject = { [key: string]: unknown };

/** A position in a file, 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where an object came from. `locate` turns a field path inside the object into a file position
 * (or, with `embedded`, a position inside the string at that path: a config file in a ConfigMap).
 * It is lazy because positions are costly and only findings need them.
 */
export interface Origin {
  file: string;
  locate(path: FieldPath, embedded?: Position): Position;
}

/** A problem the parser found inside an otherwise usable document (e.g. a duplicate key). */
export interface ParseIssue {
  kind: 'duplicate-key';
  message: string;
  position: Position;
}

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** Undefined for cluster-scoped objects and for custom kinds of unknown scope. */
  namespace: string | undefined;
  /** True when the namespace came from `--namespace` (or its default), not from the object. */
  namespaceDefaulted: boolean;
  raw: JsonObject;
  /** From a live cluster or a snapshot of one: what runs, rather than what a manifest declares. */
  live?: boolean;
  origin?: Origin;
  parseIssues?: ParseIssue[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `key` if it is an object; undefined for anything else, so rules never crash on wrong types. */
export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return isObject(child) ? child : undefined;
}

export function arrayAt(value: unknown, key: string): unknown[] {
  if (!isObject(value)) return [];
  const child = value[key];
  return Array.isArray(child) ? child : [];
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const child = value[key];
  return typeof child === 'string' ? child : undefined;
}

export function describe(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

export function refOf(obj: K8sObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name };
  if (obj.namespace !== undefined) ref.namespace = obj.namespace;
  return ref;
}
