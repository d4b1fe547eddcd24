// `npm start`: the embedded demo. For every folder of examples/incidents/ it prints the incident, the three
// lines of its README (what happened, what hindsight reports now, what later versions add), then runs the real
// CLI on the folder's manifests, and ends with a table of findings by severity. It shows findings; it is not a
// gate: it exits 0 whatever it finds, and 1 only when the CLI itself fails (exit code 2, a usage or internal error).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { run } from '../src/cli/index.js';
import { EXAMPLES_DIR, ROOT, exampleArgs } from './examples.js';
import type { CliIO } from '../src/cli/io.js';
import { INCIDENTS } from '../src/model/incidents.js';

const EXAMPLES = EXAMPLES_DIR;

interface Example {
  folder: string;
  /** CLI arguments, relative to the repository root, so that file:line:column in the output is short and clickable. */
  args: string[];
  title: string;
  readme: string[];
}

/** Every example folder with a README, in order; the incident is the post-mortem whose number the folder starts with. */
function examples(): Example[] {
  const dir = path.join(ROOT, EXAMPLES);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'README.md')))
    .map((entry) => entry.name)
    .sort()
    .map((folder) => {
      const incident = Object.entries(INCIDENTS).find(([id]) => id.startsWith(folder.slice(0, 4).replace('-', '_')));
      return {
        folder,
        args: ['scan', ...exampleArgs(folder)],
        title: incident ? incident[1].title : folder,
        readme: readFileSync(path.join(dir, folder, 'README.md'), 'utf8').trimEnd().split('\n'),
      };
    });
}

const useColor = process.stdout.isTTY === true && !('NO_COLOR' in process.env);
const style = (code: string, text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
const width = Math.max(60, Math.min(process.stdout.columns ?? 100, 110));

/** Word-wraps a README line, with its label ("What happened:") kept on the first line and the rest indented. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/^- /, '').replace(/\*\*|`/g, '').split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

interface Counts {
  error: number;
  warning: number;
  info: number;
}

async function cliRun(args: string[], io: Partial<CliIO>): Promise<number> {
  return run(args, {
    stdout: () => {},
    stderr: (text) => process.stderr.write(text),
    stdin: () => Buffer.alloc(0),
    isTTY: false,
    env: process.env,
    ...io,
  });
}

async function main(): Promise<number> {
  process.chdir(ROOT);
  // `npm start | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const rows: Array<[Example, Counts]> = [];
  let broken = false;

  out(style('1', 'hindsight — the five post-mortems behind it, replayed'));
  out(style('2', "Each example is the state before a real outage, rebuilt from the incident's real files where they exist;"));
  out(style('2', "each manifest's header says where it comes from and what was reconstructed."));
  out(style('2', 'Each is scanned at the time of its incident (--now), with a snapshot of the cluster where the example has one.'));

  for (const example of examples()) {
    const args = example.args;
    out();
    out(style('1', '═'.repeat(width)));
    out(style('1', ` ${example.folder}`));
    for (const line of wrap(example.title, ' ')) out(style('1', line));
    out(style('1', '═'.repeat(width)));
    for (const line of example.readme) {
      // The label ("What happened:") in bold, the text wrapped under it.
      wrap(line, ' ').forEach((wrapped, i) => out(i === 0 ? wrapped.replace(/^( *)([^:]+:)/, (_, pad: string, label: string) => pad + style('1', label)) : wrapped));
    }
    out();
    out(style('2', `$ hindsight ${args.join(' ')}`));
    out();

    const textCode = await cliRun([...args, '--format', 'text'], {
      stdout: (text) => process.stdout.write(text.replace(/^(?=.)/gm, '  ')),
      isTTY: process.stdout.isTTY === true,
    });
    let json = '';
    const jsonCode = await cliRun([...args, '--format', 'json'], { stdout: (text) => (json += text) });
    if (textCode === 2 || jsonCode === 2) {
      broken = true;
      rows.push([example, { error: NaN, warning: NaN, info: NaN }]);
      continue;
    }
    const { summary } = JSON.parse(json) as { summary: Counts };
    rows.push([example, { error: summary.error, warning: summary.warning, info: summary.info }]);
  }

  out();
  out(style('1', 'Summary'));
  const nameWidth = Math.max('example'.length, ...rows.map(([example]) => example.folder.length));
  const header = `${'example'.padEnd(nameWidth)}  error  warning  info  incident`;
  out(style('1', header));
  out('─'.repeat(Math.min(width, header.length + 24)));
  for (const [example, counts] of rows) {
    const cell = (n: number, w: number) => String(Number.isNaN(n) ? '?' : n).padStart(w);
    const incident = example.title.split(':')[0];
    out(`${example.folder.padEnd(nameWidth)}  ${cell(counts.error, 5)}  ${cell(counts.warning, 7)}  ${cell(counts.info, 4)}  ${incident}`);
  }
  out();
  out(style('2', 'Each README says which of these findings would have prevented its outage, and which planned rules will cover the rest.'));
  return broken ? 1 : 0;
}

process.exitCode = await main();
