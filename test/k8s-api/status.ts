// `Status` objects as kube-apiserver sends them for failures (k8s.io/apimachinery/pkg/api/errors).

import { qualifiedName, type ResourceType } from './resources.js';

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure';
  message: string;
  reason: string;
  details?: Record<string, unknown>;
  code: number;
}

export function status(code: number, reason: string, message: string, details?: Record<string, unknown>, metadata: Status['metadata'] = {}): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function resourceDetails(r: ResourceType, name?: string): Record<string, unknown> {
  return { ...(name ? { name } : {}), ...(r.group ? { group: r.group } : {}), kind: r.plural };
}

export const notFound = (r: ResourceType, name: string) => status(404, 'NotFound', `${qualifiedName(r)} "${name}" not found`, resourceDetails(r, name));

export const noSuchPath = () => status(404, 'NotFound', 'the server could not find the requested resource', {});

export const badRequest = (message: string) => status(400, 'BadRequest', message);

export const unauthorized = () => status(401, 'Unauthorized', 'Unauthorized');

export const methodNotAllowed = () => status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

/** RBAC's denial, e.g. `secrets is forbidden: User "u" cannot list resource "secrets" in API group "" at the cluster scope`. */
export function forbidden(r: ResourceType, user: string, verb: string, namespace?: string, name?: string): Status {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const subject = name ? `${qualifiedName(r)} "${name}"` : qualifiedName(r);
  const reason = `User "${user}" cannot ${verb} resource "${r.plural}" in API group "${r.group}" ${scope}`;
  return status(403, 'Forbidden', `${subject} is forbidden: ${reason}`, resourceDetails(r, name));
}

/**
 * The etcd3 store's answer to a continue token older than the last compaction: 410 Expired, with a
 * token in metadata.continue that resumes (inconsistently) at the latest resourceVersion.
 */
export const continueExpired = (inconsistentToken: string) =>
  status(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
      'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
      'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    undefined,
    { continue: inconsistentToken },
  );

/** A watch from a compacted resourceVersion (sent as an ERROR event, HTTP status 200). */
export const watchExpired = (requested: number, compacted: number) => status(410, 'Expired', `too old resource version: ${requested} (${compacted})`);

export const tooManyRequests = (retryAfterSeconds: number) =>
  status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });

export const internalError = (message: string) =>
  status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });

export const serviceUnavailable = (retryAfterSeconds: number) =>
  status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request', { retryAfterSeconds });
