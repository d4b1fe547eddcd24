// How each incident example is scanned, shared by the demo (`npm start`) and the golden tests:
// its manifests, plus the cluster snapshot and config beside them when the example has them, at
// the example's own clock (example.json "now", or the day of the builds-api incident).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES_DIR = path.join('examples', 'incidents');
export const DEFAULT_NOW = '2024-03-01T10:00:00Z';

/** CLI arguments (paths relative to the repository root, so output is the same on every machine). */
export function exampleArgs(folder: string): string[] {
  const base = `${EXAMPLES_DIR}/${folder}`.split(path.sep).join('/');
  const has = (file: string) => existsSync(path.join(ROOT, base, file));
  const meta = has('example.json') ? (JSON.parse(readFileSync(path.join(ROOT, base, 'example.json'), 'utf8')) as { now?: string }) : {};
  return [
    `${base}/manifests`,
    ...(has('snapshot.yaml') ? ['--snapshot', `${base}/snapshot.yaml`] : []),
    ...(has('.hindsight.yaml') ? ['--config', `${base}/.hindsight.yaml`] : []),
    '--now',
    meta.now ?? DEFAULT_NOW,
  ];
}
