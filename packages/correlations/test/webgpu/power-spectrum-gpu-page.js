// Runs in headless Chromium (see ../webgpu.test.ts): PowerSpectrumGPU against the f64 wasm
// PowerSpectrum on the same structures, with and without normalisation, and the O(3)
// invariance of the GPU features under a rotation with inversion.
import { PowerSpectrum, PowerSpectrumGPU } from '@equikit/correlations';
import { mulberry32, randomO3 } from '@equikit/o3';
import { gpuDevice, relativeMaxError, testSystems } from '../../../density/test/webgpu/systems.js';

export const HYPERS = {
  cutoff: { radius: 4, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 4 }, splineAccuracy: 1e-8 },
};

function transform(structure, R) {
  const apply = (list) => {
    const out = [];
    for (let a = 0; a < list.length; a += 3) for (let r = 0; r < 3; r++) out.push(R[3 * r] * list[a] + R[3 * r + 1] * list[a + 1] + R[3 * r + 2] * list[a + 2]);
    return out;
  };
  return { ...structure, positions: apply(structure.positions), ...(structure.cell ? { cell: apply(structure.cell) } : {}) };
}

function det3(R) {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

export default async function run() {
  const started = performance.now();
  const { device, ...adapter } = await gpuDevice();
  if (!adapter.available) return { adapter };
  const rows = [];
  const systems = testSystems();
  let invariance;
  for (const normalize of [false, true]) {
    const cpu = new PowerSpectrum(HYPERS, { normalize });
    const gpu = await PowerSpectrumGPU.create(cpu, { device });
    for (const [system, structure] of Object.entries(systems)) {
      const ref = cpu.computeDense(structure, { backend: 'wasm' });
      const got = await gpu.computeAsync(structure);
      rows.push({
        normalize,
        system,
        size: got.size,
        refSize: ref.size,
        sameLength: got.values.length === ref.values.length,
        values: relativeMaxError(got.values, ref.values),
        finite: got.values.every(Number.isFinite),
      });
    }
    if (!normalize) {
      const structure = systems['periodic, 2 species'];
      // a random rotation times the inversion (randomO3 may give either; force det = −1)
      const R = Array.from(randomO3(mulberry32(9)));
      if (det3(R) > 0) for (let k = 0; k < 9; k++) R[k] = -R[k];
      const a = (await gpu.computeAsync(structure)).values;
      const b = (await gpu.computeAsync(transform(structure, R))).values;
      invariance = { ...relativeMaxError(b, a), determinant: det3(R) };
    }
    gpu.destroy();
  }
  device.destroy();
  return { adapter, rows, invariance, ms: performance.now() - started };
}
