// Image references parse as the container runtime parses them (distribution/reference): which part
// is a registry, which a tag, which a digest, and which strings are no reference at all.

import assert from 'node:assert/strict';
import test from 'node:test';
import { parseImageReference } from '../src/model/image.js';

const DIGEST = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

function parts(image: string) {
  const ref = parseImageReference(image);
  return ref && { domain: ref.domain, path: ref.path, tag: ref.tag, digest: ref.digest };
}

test('Docker Hub names get the docker.io registry and, for official images, library/', () => {
  assert.deepEqual(parts('nginx'), { domain: 'docker.io', path: 'library/nginx', tag: undefined, digest: undefined });
  assert.deepEqual(parts('nginx:1.25.4'), { domain: 'docker.io', path: 'library/nginx', tag: '1.25.4', digest: undefined });
  assert.deepEqual(parts('envirodgi/processing:ce70870'), { domain: 'docker.io', path: 'envirodgi/processing', tag: 'ce70870', digest: undefined });
  assert.deepEqual(parts('docker.io/library/alpine'), { domain: 'docker.io', path: 'library/alpine', tag: undefined, digest: undefined });
  assert.deepEqual(parts('index.docker.io/alpine:3.19'), { domain: 'docker.io', path: 'library/alpine', tag: '3.19', digest: undefined });
});

test('a first component is a registry when it has a dot, a port, is localhost, or has uppercase', () => {
  assert.deepEqual(parts('tools-harbor.wmcloud.org/toolforge/builds-api:0.0.130'), {
    domain: 'tools-harbor.wmcloud.org',
    path: 'toolforge/builds-api',
    tag: '0.0.130',
    digest: undefined,
  });
  assert.deepEqual(parts('localhost/app'), { domain: 'localhost', path: 'app', tag: undefined, digest: undefined });
  assert.deepEqual(parts('Registry/app:1'), { domain: 'Registry', path: 'app', tag: '1', digest: undefined });
  assert.deepEqual(parts('[::1]:5000/app:2'), { domain: '[::1]:5000', path: 'app', tag: '2', digest: undefined });
  // Without any of those, it is a Docker Hub organisation.
  assert.deepEqual(parts('registry/app'), { domain: 'docker.io', path: 'registry/app', tag: undefined, digest: undefined });
});

test('a port is not a tag: registry:5000/app has no tag, localhost:5000 is image localhost tagged 5000', () => {
  assert.deepEqual(parts('registry:5000/app'), { domain: 'registry:5000', path: 'app', tag: undefined, digest: undefined });
  assert.deepEqual(parts('registry:5000/team/app:v2'), { domain: 'registry:5000', path: 'team/app', tag: 'v2', digest: undefined });
  assert.deepEqual(parts('localhost:5000'), { domain: 'docker.io', path: 'library/localhost', tag: '5000', digest: undefined });
});

test('digests, alone or with a tag', () => {
  assert.deepEqual(parts(`nginx@${DIGEST}`), { domain: 'docker.io', path: 'library/nginx', tag: undefined, digest: DIGEST });
  assert.deepEqual(parts(`ghcr.io/org/app:latest@${DIGEST}`), { domain: 'ghcr.io', path: 'org/app', tag: 'latest', digest: DIGEST });
  assert.equal(parseImageReference(`nginx@${DIGEST}`)?.original, `nginx@${DIGEST}`);
});

test('separators inside repository names: dots, underscores, double underscores, dashes', () => {
  assert.equal(parts('quay.io/jetstack/cert-manager-controller:v1.14.4')?.path, 'jetstack/cert-manager-controller');
  assert.equal(parts('a/b__c/d.e_f---g:1')?.path, 'a/b__c/d.e_f---g');
});

test('strings the runtime refuses are not references', () => {
  for (const bad of [
    '',
    'Nginx:1.0', // uppercase repository
    'nginx:', // empty tag
    'nginx:-1', // a tag may not start with a dash
    `nginx:${'x'.repeat(129)}`, // tags are at most 128 characters
    'nginx@sha256:abc', // digests are at least 32 hex digits
    'registry:5000/', // no repository
    'a//b',
    'nginx latest',
    '{{ .Values.image }}',
    '0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', // a bare image id
    `registry.example.org/${'a'.repeat(250)}`, // names are at most 255 characters
  ]) {
    assert.equal(parseImageReference(bad), undefined, bad);
  }
});
