// What the container registry knows about the images the cluster uses, as the rules see it. A
// source fills it before the rules run: a live registry (src/sources/registry.ts, `--registry`) or
// an offline inventory file (`--registry-inventory`). The rules only read it.
// May not: do I/O, or decide severities.

import type { ImageReference } from './image.js';

/**
 * `present`: the registry has it. `missing`: the registry answered that it does not (404 on the
 * manifest, or absent from a complete inventory). `unverifiable`: no trustworthy answer
 * (unreachable, 401/403, 429 or 5xx after retries, timeout): never to be reported as missing.
 */
export type ImageState = 'present' | 'missing' | 'unverifiable';

export interface ImageVerdict {
  state: ImageState;
  /** Why, in words for a message: "HTTP 404 from 127.0.0.1:5000", "timed out after 10 s". */
  reason?: string;
  /** The digest the registry resolves the reference to, when it said. */
  digest?: string;
}

/** One tag of a repository, for retention: which image it names and when it was pushed. */
export interface TagRecord {
  tag: string;
  digest: string;
  /** Push time (inventory) or the image config's `created` (live registry), when known. */
  pushed?: Date;
}

/** How a keep-last-N rule orders tags to decide which are the "last" N. */
export type RetentionOrder = 'push-time' | 'semver' | 'lexical';

/** One rule of a Harbor-style tag retention policy; a tag is kept when any rule retains it. */
export interface RetentionRule {
  /** Repositories the rule applies to: a glob over `path` (e.g. `toolforge/*`). */
  repositories: string;
  /** Retain the N most recent tags in `order`. */
  keepLast?: number;
  /** Retain tags matching this glob. */
  keepTags?: string;
  /** Retain every tag. */
  always?: boolean;
  order: RetentionOrder;
}

export interface RetentionPolicy {
  rules: RetentionRule[];
  /** When the next retention run happens, when known (so a deletion has a date). */
  nextRun?: Date;
  /** Where the policy came from, for messages. */
  source: string;
}

export interface RegistryData {
  /** Where the answers came from, for messages: "registry https://127.0.0.1:5000", "inventory inv.yaml". */
  source: string;
  /** The verdict for one image reference; undefined when the source was never asked about it. */
  verdict(image: ImageReference): ImageVerdict | undefined;
  /** Tags of a repository (`domain/path`), when the source lists them. */
  tags(repository: string): readonly TagRecord[] | undefined;
  retention?: RetentionPolicy;
}

/** `domain/path`: the key of a repository across sources. */
export function repositoryKey(image: ImageReference): string {
  return `${image.domain}/${image.path}`;
}

/** The key of one image reference: a digest when there is one (it wins over the tag), else the tag (`latest` when none). */
export function imageKey(image: ImageReference): string {
  return image.digest ? `${repositoryKey(image)}@${image.digest}` : `${repositoryKey(image)}:${image.tag ?? 'latest'}`;
}
