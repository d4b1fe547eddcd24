// Container image references, parsed the way the kubelet's runtime parses them: the grammar of
// github.com/distribution/reference (ParseNormalizedNamed), with Docker Hub's defaults applied.
// May not: read files, talk to registries, or report findings.

export interface ImageReference {
  /** As written in the manifest. */
  original: string;
  /** Registry host, with its port when one is given; `docker.io` for Docker Hub. */
  domain: string;
  /** Repository inside the registry; Docker Hub's official images get `library/`. */
  path: string;
  /** Undefined when the reference names no tag (the runtime then pulls `latest`, unless there is a digest). */
  tag: string | undefined;
  /** `algorithm:hex`, e.g. `sha256:…`; a digest names one image forever, whatever the tag says. */
  digest: string | undefined;
}

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** A bare image ID: Docker refuses it as a repository name. */
const IMAGE_ID = /^[a-f0-9]{64}$/;
const NAME_MAX_LENGTH = 255;

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';

/**
 * Parses an image reference (`nginx`, `registry:5000/team/app:1.2`, `app@sha256:…`).
 * Undefined when the runtime would refuse it (uppercase repository, bad characters, empty).
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (IMAGE_ID.test(image)) return undefined;
  const match = REFERENCE.exec(image);
  if (!match) return undefined;
  const name = match[1]!;
  if (name.length > NAME_MAX_LENGTH) return undefined;
  // The first component is a registry only if it looks like a host: a dot, a port, `localhost`,
  // or an uppercase letter (which no repository may have). Otherwise the image is on Docker Hub.
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const isDomain = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = isDomain ? first : DEFAULT_DOMAIN;
  let path = isDomain ? name.slice(slash + 1) : name;
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = `library/${path}`;
  return { original: image, domain, path, tag: match[2], digest: match[3] };
}
