import { defineRule } from '../../engine/rule.js';
import { parseImageReference } from '../../model/image.js';
import { POD_BEARING_KINDS, containersOf, podSpecOf } from '../../model/kinds.js';
import { describe, refOf, stringAt } from '../../model/object.js';
import { ownedByLoadedController } from '../../model/references.js';
import { containerRole } from '../../model/resources.js';

export default defineRule({
  id: 'mutable-image-tag',
  family: 'ROL',
  severity: 'warning',
  incident: '004_9c9fa493a712a226.txt',
  needs: ['manifests'],
  kinds: POD_BEARING_KINDS,
  summary: 'An image with the tag `latest`, or with no tag and no digest: the image that comes back after a restart may not be the one running.',
  rationale:
    'A restart resolves the image reference again, against whatever the registry holds at that moment. The ' +
    'Toolforge builds-api incident of 2024-03-01 showed how little it takes: a routine certificate renewal ' +
    'restarted the pods, and what the registry held had changed since they started. With `:latest` (which is also ' +
    'what an image without a tag means) the image a pod gets after a restart, a reschedule or a node replacement ' +
    'is whatever the tag points to that day, not what was tested or what the other replicas run, and no rollback ' +
    'can name the old one. The builds-api chart of that time ran its nginx sidecar from `latest` with ' +
    '`pullPolicy: Always`.',
  remediation:
    'Pin a version tag (`nginx:1.25.4`), or better a digest (`nginx@sha256:…`, which a tag may accompany): a digest ' +
    'names one image forever. Any other tag can be moved too unless the registry makes tags immutable; this rule ' +
    'flags only `latest` and missing tags. References are parsed as the container runtime does: in ' +
    '`registry:5000/app` the `:5000` is a port, so that image has no tag. Ephemeral (debug) containers are not checked.',
  example: `apiVersion: apps/v1
kind: Deployment
metadata: {name: builds-api, namespace: builds-api}
spec:
  replicas: 2
  selector: {matchLabels: {app: builds-api}}
  template:
    metadata: {labels: {app: builds-api}}
    spec:
      containers:
      - name: builds-api
        image: tools-harbor.wmcloud.org/toolforge/builds-api:0.0.130
      - name: nginx
        image: nginx:latest`,
  check(obj, ctx) {
    const pod = podSpecOf(obj);
    if (!pod || ownedByLoadedController(ctx.index, obj)) return;
    for (const at of containersOf(pod)) {
      const role = containerRole(at);
      const image = stringAt(at.container, 'image');
      const ref = image === undefined ? undefined : parseImageReference(image);
      if (!role || !ref || ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== 'latest')) continue;
      const implicit = ref.tag === undefined ? ' (no tag means :latest)' : '';
      ctx.report({
        message:
          `${describe(refOf(obj))} ${role} '${at.name}' runs image ${image}${implicit}: ` +
          'after a restart or reschedule it may come back as a different image than the one running, and no rollback can name the old one',
        path: [...at.path, 'image'],
      });
    }
  },
});
