import { SphericalHarmonicsGPU } from '../../dist/webgpu/index.js';
const adapter = await navigator.gpu.requestAdapter();
const device = await adapter.requestDevice();
const pts = [[1e38, -2e38, 3e37], [1e-36, 2e-36, -1e-36], [1e-20, 1, 0], [0, 0, 0], [1, 0, 0], [0, 0, 1]];
for (let e = -38; e <= 38; e += 2) pts.push([0.48 * 10 ** e, -0.6 * 10 ** e, 0.64 * 10 ** e]);
const xyz = Float64Array.from(pts.flat());
const report = [];
for (const style of ['unrolled', 'loops']) for (const lMax of [0, 1, 2, 5, 8, 16, 32]) {
  if (style === 'unrolled' && lMax > 16) continue;
  const gpu = await SphericalHarmonicsGPU.create(lMax, { normalized: true, device, style });
  const K = (lMax + 1) ** 2;
  const { values, gradients } = await gpu.computeWithGradients(xyz);
  const bad = {};
  for (let i = 0; i < pts.length; i++) {
    let bv = 0, bg = 0;
    for (let k = 0; k < K; k++) if (!Number.isFinite(values[i * K + k])) bv++;
    for (let k = 0; k < 3 * K; k++) if (!Number.isFinite(gradients[i * 3 * K + k])) bg++;
    if (bv || bg) bad[JSON.stringify(pts[i])] = { nonFiniteValues: bv, nonFiniteGradients: bg };
  }
  report.push({ style, lMax, bad });
  gpu.destroy();
}
console.log(JSON.stringify({ adapter: adapter.info?.description, report }, null, 1));
