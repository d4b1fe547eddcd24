#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { run } from './cli/index.js';

// `hindsight scan … | head` closes the pipe early: the reader has what it wanted, so stop quietly
// with the exit code the scan would have had.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => readFileSync(0),
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
});
