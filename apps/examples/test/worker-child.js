// Runs the Worker handler as Cloudflare would: modules compiled at deploy time, then no
// compilation from bytes allowed (WebAssembly.compile and new WebAssembly.Module throw).
// argv: a directory holding model.json and request.json; prints the response as JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.argv[2];
const require = createRequire(import.meta.url);
const packages = { neighbors: 'neighbors', o3: 'o3', density: 'density', correlations: 'correlations', models: 'models' };
const WASM = {};
for (const [key, name] of Object.entries(packages)) {
  const path = require.resolve(`@equikit/${name}/${name}.simd.wasm`);
  WASM[key] = await WebAssembly.compile(readFileSync(path)); // the deploy step
}
const forbidden = () => {
  throw new Error('compiling WebAssembly from bytes is not allowed here (as in Workers)');
};
// Node's own fetch machinery (undici) compiles its HTTP parser lazily: let that through.
const fromNode = () => /node:internal/.test(new Error().stack.split('\n').slice(3).join('\n'));
let compiledFromBytes = 0;
const originalCompile = WebAssembly.compile;
WebAssembly.compile = async (...args) => {
  if (fromNode()) return originalCompile(...args);
  compiledFromBytes++;
  forbidden();
};
const OriginalModule = WebAssembly.Module;
WebAssembly.Module = function (...args) {
  if (fromNode()) return new OriginalModule(...args);
  compiledFromBytes++;
  forbidden();
};
WebAssembly.Module.prototype = OriginalModule.prototype;

const { default: worker } = await import('../src/worker.js');
const env = { WASM, MODEL: readFileSync(join(dir, 'model.json'), 'utf8') };
const responses = [];
for (const body of [readFileSync(join(dir, 'request.json'), 'utf8'), '{"positions":[0,0],"numbers":[14]}', 'not json']) {
  const response = await worker.fetch(new Request('https://example.test/', { method: 'POST', body }), env);
  responses.push({ status: response.status, body: await response.json() });
}
const get = await worker.fetch(new Request('https://example.test/'), env);
responses.push({ status: get.status, body: await get.json() });
console.log(JSON.stringify({ responses, compiledFromBytes }));
