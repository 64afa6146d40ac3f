import { SphericalHarmonicsGPU } from '../../dist/webgpu/index.js';
import { SphericalHarmonics } from '@equikit/o3';
export default async function (input) {
  const out = [];
  const adapter = await navigator.gpu.requestAdapter();
  const device = await adapter.requestDevice();
  const eps = 2 ** -23;
  for (const lMax of input.lMaxes) {
    for (const normalized of [true, false]) {
      let t = performance.now();
      const gpu = await SphericalHarmonicsGPU.create(lMax, { normalized, device });
      const tc = performance.now() - t;
      const n = input.n;
      const xyz = Float64Array.from(Float32Array.from(new Float64Array(3 * n).map(() => Math.random() * 2 - 1)));
      t = performance.now();
      const g = input.grad ? await gpu.computeWithGradients(xyz) : { values: (await gpu.compute(xyz)).values, gradients: null };
      const tg = performance.now() - t;
      const cpu = new SphericalHarmonics(lMax, { normalized, backend: 'js' }).computeWithGradients(xyz);
      const K = (lMax+1)**2;
      let rv = 0, rg = 0;
      for (let i = 0; i < n; i++) {
        const r = Math.hypot(xyz[3*i], xyz[3*i+1], xyz[3*i+2]);
        for (let k = 0; k < K; k++) {
        const l = Math.floor(Math.sqrt(k));
        const N = Math.sqrt((2*l+1)/(4*Math.PI)) * (normalized ? 1 : r**l);
        rv = Math.max(rv, Math.abs(g.values[i*K+k] - cpu.values[i*K+k]) / (eps*(l+1)**2*N));
        for (let a = 0; a < (g.gradients ? 3 : 0); a++) {
          const j = (3*i+a)*K+k;
          rg = Math.max(rg, Math.abs(g.gradients[j] - cpu.gradients[j]) / (eps*(l+1)**3*N/r));
        }
      }}
      out.push({ lMax, normalized, compileMs: tc, gradFirstMs: tg, rv, rg });
      gpu.destroy();
    }
  }
  return out;
}
