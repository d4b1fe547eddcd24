// Small builders for fixture objects served by the API stand-in.

import type { KubeObject } from './resources.js';

export function pod(namespace: string, name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, labels },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }], nodeName: 'node-1' },
    status: { phase: 'Running' },
  };
}

export function deployment(namespace: string, name: string, app = name): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { namespace, name, labels: { app } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] } },
    },
    status: { replicas: 2, readyReplicas: 2 },
  };
}

export function secret(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { namespace, name }, type: 'Opaque', data: { password: 'c2VjcmV0' } };
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

export function certificate(namespace: string, name: string, secretName: string): KubeObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { namespace, name },
    spec: { secretName, dnsNames: [`${name}.example.com`], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
  };
}

export const NAMESPACES = ['kube-system', 'team-a', 'team-b'];

/** `count` pods spread over NAMESPACES, labelled app=web or app=db in turn. */
export function pods(count: number): KubeObject[] {
  return Array.from({ length: count }, (_, i) => pod(NAMESPACES[i % NAMESPACES.length]!, `pod-${String(i).padStart(2, '0')}`, { app: i % 2 ? 'web' : 'db' }));
}

/** A small cluster: 23 pods, 3 deployments, 2 secrets, 3 namespaces and a cert-manager Certificate. */
export function cluster(): KubeObject[] {
  return [
    ...NAMESPACES.map(namespace),
    ...pods(23),
    deployment('team-a', 'web'),
    deployment('team-a', 'api'),
    deployment('team-b', 'worker'),
    secret('team-a', 'db-password'),
    secret('team-b', 'tls'),
    certificate('team-b', 'site', 'tls'),
  ];
}
