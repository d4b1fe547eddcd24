import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

export const REPORTERS: Record<string, Reporter> = { text, json, sarif, junit, github };
export const FORMATS = Object.keys(REPORTERS);
