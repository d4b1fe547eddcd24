import { defineRule } from '../../engine/rule.js';
import { type FieldPath, type JsonObject, type K8sObject, arrayAt, describe, isObject, objectAt, refOf, stringAt } from '../../model/object.js';

interface Backend {
  service: string;
  /** A port number or name; undefined when the backend names none. */
  port: number | string | undefined;
  path: FieldPath;
  portPath: FieldPath;
  /** Named with `serviceName`/`servicePort`, the fields of the Ingress APIs before networking.k8s.io/v1. */
  legacy: boolean;
}

/** Reads a backend in either the networking.k8s.io/v1 shape or the older serviceName/servicePort one. */
function backendOf(backend: JsonObject | undefined, path: FieldPath): Backend | undefined {
  if (!backend) return undefined;
  const service = objectAt(backend, 'service');
  if (service) {
    const name = stringAt(service, 'name');
    const port = objectAt(service, 'port');
    const number = port?.['number'];
    if (!name) return undefined;
    const byNumber = typeof number === 'number';
    return {
      service: name,
      port: byNumber ? number : stringAt(port, 'name'),
      path: [...path, 'service', 'name'],
      portPath: [...path, 'service', 'port', byNumber ? 'number' : 'name'],
      legacy: false,
    };
  }
  const name = stringAt(backend, 'serviceName');
  const port = backend['servicePort'];
  return name
    ? {
        service: name,
        port: typeof port === 'number' || typeof port === 'string' ? port : undefined,
        path: [...path, 'serviceName'],
        portPath: [...path, 'servicePort'],
        legacy: true,
      }
    : undefined;
}

function backendsOf(obj: K8sObject): Backend[] {
  const spec = objectAt(obj.raw, 'spec');
  const backends: Backend[] = [];
  for (const field of ['defaultBackend', 'backend']) {
    const backend = backendOf(objectAt(spec, field), ['spec', field]);
    if (backend) backends.push(backend);
  }
  arrayAt(spec, 'rules').forEach((rule, i) => {
    arrayAt(objectAt(rule, 'http'), 'paths').forEach((entry, j) => {
      const backend = backendOf(objectAt(entry, 'backend'), ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
      if (backend) backends.push(backend);
    });
  });
  return backends;
}

/** Whether a Service exposes the port a backend asks for (by number, or by name; a string of digits is a number). */
function exposes(service: K8sObject, port: number | string): boolean {
  const wanted = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  return arrayAt(objectAt(service.raw, 'spec'), 'ports').some(
    (p) => isObject(p) && (typeof wanted === 'number' ? p['port'] === wanted : p['name'] === wanted),
  );
}

export default defineRule({
  id: 'ingress-missing-backend',
  family: 'DEP',
  severity: 'error',
  incident: '002_0fddb103a2359b4c.txt',
  needs: ['manifests'],
  kinds: ['Ingress'],
  reads: ['Service'],
  summary: 'An Ingress backend Service, or the port it names, that does not exist.',
  rationale:
    'The Ingress applies cleanly and the controller answers 503 for every request to that path. A public name ' +
    'pointing at nothing is the Toolforge outage of 2018-12-04 seen from the other side: a dependency broken by a ' +
    'rename or removal that nobody traced.',
  remediation: 'Point the backend at an existing Service in the same namespace and at a port that Service exposes (by number or by name).',
  example: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - host: shop.example.org
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 8080}}   # Service web exposes port 80 only`,
  check(obj, ctx) {
    if (obj.namespace === undefined) return;
    const reported = new Set<string>();
    const v1 = obj.apiVersion === 'networking.k8s.io/v1';
    for (const backend of backendsOf(obj)) {
      if (v1 && backend.legacy) {
        // networking.k8s.io/v1 has no serviceName/servicePort: strict field validation refuses them,
        // and without it they are dropped, leaving a backend that names nothing, which is refused too.
        ctx.report({
          message: `${describe(refOf(obj))} names Service '${backend.service}' with serviceName/servicePort, fields networking.k8s.io/v1 does not have: the backend names no Service and the API server refuses it (use service.name and service.port)`,
          path: backend.path,
          related: [{ kind: 'Service', namespace: obj.namespace, name: backend.service }],
        });
        continue;
      }
      const presence = ctx.index.presence('Service', obj.namespace, backend.service);
      const related = [{ kind: 'Service', namespace: obj.namespace, name: backend.service }];
      if (!presence) {
        if (reported.has(backend.service)) continue;
        reported.add(backend.service);
        const where = ctx.index.knowsAll('Service')
          ? `which does not exist in namespace ${obj.namespace}`
          : `which is not found in the inputs (namespace ${obj.namespace})`;
        ctx.report({
          message: `${describe(refOf(obj))} routes to Service '${backend.service}', ${where}`,
          path: backend.path,
          related,
          onlyInputs: !ctx.index.knowsAll('Service'),
        });
      } else if (presence.kind === 'declared' && backend.port !== undefined && !exposes(presence.object, backend.port)) {
        const key = `${backend.service}:${backend.port}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          message: `${describe(refOf(obj))} routes to port ${backend.port} of Service '${backend.service}', which exposes no such port`,
          path: backend.portPath,
          related,
        });
      }
    }
  },
});
