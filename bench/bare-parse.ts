// The floor, as a process of its own: read every manifest of a tree and parse it with js-yaml
// loadAll, one thread, nothing else. `npm run bench` spawns it, so that the spawned scan is compared
// with a process that pays the same start-up (node, module loading, cold JIT).

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';

export function bareParse(files: readonly string[]): number {
  let documents = 0;
  for (const file of files) {
    jsyaml.loadAll(
      readFileSync(file, 'utf8'),
      (doc) => {
        if (doc !== undefined) documents++;
      },
      // json: a duplicate key must not cost the rest of the file.
      { schema: jsyaml.CORE_SCHEMA, json: true },
    );
  }
  return documents;
}

export function manifestFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/i.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found;
}

// `node dist/bench/bare-parse.js DIR`
if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const documents = bareParse(manifestFiles(process.argv[2]!));
  if (documents === 0) process.exitCode = 1;
}
