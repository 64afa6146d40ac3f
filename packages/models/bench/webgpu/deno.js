// deno run -A --import-map bench/webgpu/import_map.json bench/webgpu/deno.js [sizes] [cpuMax] [reps]
import { wholePath } from './whole-path.js';
const sizes = (Deno.args[0] ?? '10000,100000,1000000').split(',').map(Number);
const cpuMax = Number(Deno.args[1] ?? 0);
const reps = Number(Deno.args[2] ?? 5);
const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
if (!adapter) throw new Error('no WebGPU adapter');
const limits = {};
for (const name of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage']) limits[name] = adapter.limits[name];
const device = await adapter.requestDevice({ requiredLimits: limits });
const result = await wholePath({ sizes, cpuMax, reps, device, log: (line) => console.error(line) });
console.log(JSON.stringify({ adapter: adapter.info?.description ?? adapter.info?.vendor, limits, ...result }, null, 1));
