// Page side of bench/webgpu.js: runs in Chromium. Times SphericalHarmonicsGPU.compute
// (upload, dispatch, read back into a reused Float32Array; each program style) and, in the same page, the
// CPU path (wasm-simd, f32, reused outputs) on the same points; medians in ms.
import { SphericalHarmonicsGPU } from '../dist/webgpu/index.js';
import { SphericalHarmonics, mulberry32 } from '@equikit/o3';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn, reps) {
  await fn(); // warm-up: compiles, allocates buffers
  const ms = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export default async function run({ sizes, lMaxes, reps, styles }) {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter');
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
  });
  const rows = [];
  for (const n of sizes) {
    const rng = mulberry32(2024);
    const xyz = new Float32Array(3 * n).map(() => 2 * rng() - 1);
    for (const lMax of lMaxes) {
      const K = (lMax + 1) ** 2;
      for (const gradients of [false, true]) {
        const cpu = new SphericalHarmonics(lMax, { precision: 'f32', backend: 'wasm-simd' });
        const out = { values: new Float32Array(n * K), gradients: gradients ? new Float32Array(3 * n * K) : undefined };
        const cpuMs = await time(async () => (gradients ? cpu.computeWithGradients(xyz, out) : cpu.compute(xyz, out)), reps);
        const gpuMs = {};
        for (const style of styles) {
          if (style === 'unrolled' && lMax > 16) continue;
          const gpu = await SphericalHarmonicsGPU.create(lMax, { device, style });
          gpuMs[style] = await time(() => (gradients ? gpu.computeWithGradients(xyz, out) : gpu.compute(xyz, out)), reps);
          gpu.destroy();
        }
        rows.push({ n, lMax, gradients, gpuMs, cpuMs });
      }
    }
  }
  const info = adapter.info ?? {};
  device.destroy();
  return { adapter: `${info.vendor} / ${info.architecture} / ${info.description}`, userAgent: navigator.userAgent, rows };
}
