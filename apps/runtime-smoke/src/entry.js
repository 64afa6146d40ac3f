// Command-line entry for Node, Deno and Bun: runs every case, prints one line per
// case, then one machine-readable line the runner parses:  SMOKE-RESULT {json}.
// Usage: node src/entry.js | deno run --allow-read src/entry.js | bun src/entry.js
import { cases } from './cases.js';
import { RESULT_MARKER } from './result-marker.js';
import { countResults, formatResult, runCases } from './run-cases.js';

function runtimeName() {
  if (typeof globalThis.Deno !== 'undefined') return `deno ${globalThis.Deno.version.deno}`;
  if (typeof globalThis.Bun !== 'undefined') return `bun ${globalThis.Bun.version}`;
  return `node ${globalThis.process.versions.node}`;
}

const runtime = runtimeName();
const short = runtime.split(' ')[0];
const results = await runCases(cases, short);
for (const result of results) console.log(formatResult(short, result));
const counts = countResults(results);
console.log(RESULT_MARKER + JSON.stringify({ runtime, results, ...counts }));
if (counts.failed > 0) {
  if (typeof globalThis.Deno !== 'undefined') globalThis.Deno.exitCode = 1;
  else globalThis.process.exitCode = 1;
}
