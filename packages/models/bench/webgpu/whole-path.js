// The whole path on WebGPU against the CPU: FCC Cu (rattled 0.05 Å), cutoff 5 Å, GTO
// maxRadial 8, maxAngular 6, σ 0.3, shifted cosine 0.5, splined; a linear model on the power
// spectrum (seeded random weights). GPU = LinearModelGPU.computeAsync (neighbour list on the GPU,
// expansion, pullback, energies, forces, one read-back of energies and forces); CPU =
// LinearPotential.predict (wasm-simd, one thread). Runs in Deno (deno.js) or a browser page.
import { LinearModelGPU, LinearPotential, linearModelDescription } from '@equikit/models';
import { NeighborListGPU } from '@equikit/neighbors';
import { mulberry32 } from '@equikit/core';

export const EXPANSION = {
  cutoff: { radius: 5, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 6, radial: { type: 'gto', maxRadial: 8 }, splineAccuracy: 1e-8 },
};

function base64(values) {
  const bytes = new Uint8Array(Float64Array.from(values).buffer);
  let text = '';
  for (let k = 0; k < bytes.length; k += 8192) text += String.fromCharCode(...bytes.subarray(k, k + 8192));
  return btoa(text);
}

export function copperPotential() {
  const F = 8 * 8 * 7;
  const rng = mulberry32(5);
  return LinearPotential.fromJSON({
    format: 'equikit.LinearPotential', version: 1,
    features: { type: 'power-spectrum', expansion: EXPANSION }, featureState: null,
    species: [29], size: F,
    weights: base64(Array.from({ length: F }, () => (2 * rng() - 1) * 20)),
    referenceEnergies: base64([-3.5]), fit: null,
  });
}

/** FCC Cu with about `atoms` atoms (4·c³), rattled. */
export function copper(atoms, seed = 1) {
  const c = Math.max(2, Math.round(Math.cbrt(atoms / 4)));
  const a = 3.61;
  const rng = mulberry32(seed);
  const positions = new Float64Array(12 * c * c * c);
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  let k = 0;
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) for (let l = 0; l < c; l++) {
    for (const b of basis) {
      positions[k++] = (i + b[0]) * a + 0.05 * (2 * rng() - 1);
      positions[k++] = (j + b[1]) * a + 0.05 * (2 * rng() - 1);
      positions[k++] = (l + b[2]) * a + 0.05 * (2 * rng() - 1);
    }
  }
  const L = c * a;
  return { positions, numbers: new Int32Array(4 * c * c * c).fill(29), cell: [L, 0, 0, 0, L, 0, 0, 0, L], pbc: [true, true, true] };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const now = () => performance.now();

export async function wholePath({ sizes, cpuMax = 0, reps = 5, device, log = () => undefined }) {
  const potential = copperPotential();
  let t = now();
  const gpu = await LinearModelGPU.create(linearModelDescription(potential), { device });
  const setupMs = now() - t;
  const neighbours = await NeighborListGPU.create({ context: gpu.context });
  const rows = [];
  for (const n of sizes) {
    const s = copper(n);
    const atoms = s.numbers.length;
    t = now();
    const first = await gpu.computeAsync(s, { neighbors: 'gpu' });
    const firstMs = now() - t;
    const ms = [];
    for (let r = 0; r < reps; r++) {
      t = now();
      await gpu.computeAsync(s, { neighbors: 'gpu' });
      ms.push(now() - t);
    }
    const nl = [];
    for (let r = 0; r < reps; r++) {
      t = now();
      const list = await neighbours.buildAsync(s, EXPANSION.cutoff.radius);
      nl.push(now() - t);
      if (r === 0) rows.pairs = list.pairs;
      list.destroy();
    }
    const row = { atoms, gpuMs: median(ms), gpuFirstMs: firstMs, neighbourListMs: median(nl), energy: first.energy };
    if (atoms <= cpuMax) {
      t = now();
      const ref = potential.predict(s, { backend: 'wasm-simd' });
      row.cpuMs = now() - t;
      let err = 0;
      let scale = 0;
      for (let k = 0; k < ref.forces.length; k++) {
        err = Math.max(err, Math.abs(ref.forces[k] - first.forces[k]));
        scale = Math.max(scale, Math.abs(ref.forces[k]));
      }
      row.energyRelativeError = Math.abs(first.energy - ref.energy) / Math.abs(ref.energy);
      row.forceRelativeError = err / scale;
    }
    rows.push(row);
    log(JSON.stringify(row));
  }
  neighbours.destroy();
  gpu.destroy();
  return { setupMs, rows };
}
