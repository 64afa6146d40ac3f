#!/usr/bin/env node
// WebGPU harmonics benchmark, in headless Chromium through @equikit/runtime-smoke's
// harness (build first: npm run build). Prints medians (ms per call) of
// SphericalHarmonicsGPU.compute / computeWithGradients and of the CPU wasm-simd f32 path
// in the same page. On a machine without a GPU, Chromium's adapter is SwiftShader, a
// CPU emulation of a GPU: those timings say nothing about real GPUs.
//
//   node bench/webgpu.js [--n 10000,100000] [--lmax 4,8] [--reps 5] [--style unrolled,loops]
import { fileURLToPath } from 'node:url';
import { runModuleInChromium } from '@equikit/browser-harness';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const input = {
  sizes: option('n', '10000,100000').split(',').map(Number),
  lMaxes: option('lmax', '4,8').split(',').map(Number),
  reps: Number(option('reps', 5)),
  styles: option('style', 'unrolled,loops').split(','),
};
const root = fileURLToPath(new URL('../../..', import.meta.url));
const { value, browserVersion } = await runModuleInChromium({ root, module: 'packages/o3/bench/webgpu-page.js', input, timeoutMs: 600_000 });
console.log(`Chromium ${browserVersion}, adapter ${value.adapter}; median of ${input.reps} runs after one warm-up`);
const cell = (ms) => (ms === undefined ? '-' : ms.toFixed(1)).padStart(12);
console.log('n'.padStart(8), 'lMax'.padStart(5), 'output'.padStart(10), ...input.styles.map((s) => `${s} ms`.padStart(12)), 'cpu ms'.padStart(9));
for (const r of value.rows) {
  console.log(
    String(r.n).padStart(8),
    String(r.lMax).padStart(5),
    (r.gradients ? '+gradients' : 'values').padStart(10),
    ...input.styles.map((s) => cell(r.gpuMs[s])),
    r.cpuMs.toFixed(1).padStart(9),
  );
}
