// Loaded with `node --import` into the scans the benchmark spawns: on exit, writes the process's
// resource usage (peak RSS, CPU time of every thread) to the file named by HINDSIGHT_BENCH_PROBE.

import { writeFileSync } from 'node:fs';

const file = process.env['HINDSIGHT_BENCH_PROBE'];
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
