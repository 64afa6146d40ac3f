// Runs in headless Chromium (see ../webgpu.test.ts): SphericalExpansionGPU against the f64
// wasm path on the same structures, values and the backward pass (forces of Σ g·c for a
// random cotangent g), plus rotation/inversion equivariance of the GPU values.
import { SphericalExpansion, SphericalExpansionGPU } from '@equikit/density';
import { randomO3, wignerDAll, mulberry32 } from '@equikit/o3';
import { gpuDevice, randomArray, relativeMaxError, testSystems } from './systems.js';

export const HYPERS = {
  'gto natural spline': {
    cutoff: { radius: 4, smoothing: { type: 'shifted-cosine', width: 0.5 } },
    density: { type: 'gaussian', width: 0.3 },
    basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 4 }, splineAccuracy: 1e-8 },
  },
  'gto hermite spline, scaling, centre weight': {
    cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine', width: 1 } },
    density: { type: 'gaussian', width: 0.4, centerAtomWeight: 0.5, scaling: { type: 'willatt2018', scale: 1.5, rate: 1, exponent: 3 } },
    basis: { maxAngular: 3, radial: { type: 'gto', maxRadial: 5 }, splineAccuracy: 1e-7, splineMethod: 'hermite' },
  },
  'spherical bessel, step cutoff': {
    cutoff: { radius: 3.2, smoothing: { type: 'step' } },
    density: { type: 'gaussian', width: 0.35 },
    basis: { maxAngular: 2, radial: { type: 'spherical-bessel', maxRadial: 3 }, splineAccuracy: 1e-7 },
  },
};

/** Reference forces −∂(Σ g·c)/∂r in f64 from the CPU pair stream. */
function referenceForces(cpu, structure, g) {
  const { maxRadial: N, maxAngular } = cpu.hypers;
  const K = (maxAngular + 1) ** 2;
  const NK = N * K;
  const n = structure.numbers.length;
  const species = Int32Array.from([...new Set(structure.numbers)].sort((a, b) => a - b));
  const S = species.length;
  const forces = new Float64Array(3 * n);
  cpu.computePairs(structure, {
    backend: 'wasm',
    onPair(p, grad, offset, pairs) {
      const i = pairs.i[p];
      const j = pairs.j[p];
      if (i === j) return;
      const base = (i * S + species.indexOf(structure.numbers[j])) * NK;
      for (let x = 0; x < 3; x++) {
        let d = 0;
        for (let l = 0; l <= maxAngular; l++) {
          for (let m = 0; m < 2 * l + 1; m++) {
            const from = offset + 3 * N * l * l + (x * (2 * l + 1) + m) * N;
            for (let nn = 0; nn < N; nn++) d += g[base + nn * K + l * l + m] * grad[from + nn];
          }
        }
        forces[3 * j + x] -= d;
        forces[3 * i + x] += d;
      }
    },
  });
  return forces;
}

function rotate(structure, R) {
  const out = { ...structure, positions: [] };
  for (let a = 0; a < structure.positions.length; a += 3) {
    const p = structure.positions.slice(a, a + 3);
    for (let r = 0; r < 3; r++) out.positions.push(R[3 * r] * p[0] + R[3 * r + 1] * p[1] + R[3 * r + 2] * p[2]);
  }
  if (structure.cell) {
    out.cell = [];
    for (let v = 0; v < 3; v++) {
      const c = structure.cell.slice(3 * v, 3 * v + 3);
      for (let r = 0; r < 3; r++) out.cell.push(R[3 * r] * c[0] + R[3 * r + 1] * c[1] + R[3 * r + 2] * c[2]);
    }
  }
  return out;
}

export default async function run() {
  const started = performance.now();
  const { device, ...adapter } = await gpuDevice();
  if (!adapter.available) return { adapter };
  const rows = [];
  const systems = testSystems();
  for (const [hyperName, hypers] of Object.entries(HYPERS)) {
    const cpu = new SphericalExpansion(hypers);
    const gpu = await SphericalExpansionGPU.create(hypers, { device });
    for (const [systemName, structure] of Object.entries(systems)) {
      const ref = cpu.computeDense(structure, { backend: 'wasm' });
      const got = await gpu.computeAsync(structure);
      const viaCpuList = await gpu.computeAsync(structure, { neighbors: 'cpu' });
      const g = randomArray(ref.values.length, 7);
      const forcesRef = referenceForces(cpu, structure, g);
      const forces = await gpu.pullbackAsync(structure, g);
      rows.push({
        hypers: hyperName,
        system: systemName,
        length: got.values.length,
        sameLength: got.values.length === ref.values.length,
        species: Array.from(got.species),
        values: relativeMaxError(got.values, ref.values),
        cpuNeighbourList: relativeMaxError(viaCpuList.values, ref.values),
        forces: relativeMaxError(forces, forcesRef),
        finite: got.values.every(Number.isFinite) && forces.every(Number.isFinite),
      });
    }
    gpu.destroy();
  }
  // O(3): c_i(Q·r) = D(Q)·c_i(r) per (species, n) block, for a rotation with inversion
  const hypers = HYPERS['gto natural spline'];
  const gpu = await SphericalExpansionGPU.create(hypers, { device });
  const structure = systems['periodic, 2 species'];
  // a random rotation times the inversion (randomO3 may give either; force det = −1)
  const R = Array.from(randomO3(mulberry32(3)));
  const det = R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
  if (det > 0) for (let k = 0; k < 9; k++) R[k] = -R[k];
  const a = (await gpu.computeAsync(structure)).values;
  const b = (await gpu.computeAsync(rotate(structure, R))).values;
  const L = hypers.basis.maxAngular;
  const D = wignerDAll(L, R);
  const K = (L + 1) ** 2;
  const rotated = new Float64Array(a.length);
  for (let block = 0; block < a.length / K; block++) {
    for (let l = 0; l <= L; l++) {
      const w = 2 * l + 1;
      const Dl = D[l];
      for (let m = 0; m < w; m++) {
        let s = 0;
        for (let k = 0; k < w; k++) s += Dl[m * w + k] * a[block * K + l * l + k];
        rotated[block * K + l * l + m] = s;
      }
    }
  }
  const equivariance = { ...relativeMaxError(b, rotated), determinant: -Math.abs(det) };
  gpu.destroy();
  device.destroy();
  return { adapter, rows, equivariance, ms: performance.now() - started };
}
