// Runs in headless Chromium (see ../webgpu.test.ts): NeighborListGPU against the wasm
// neighborList (f64) on the same structures: the same set of (i, j, S) pairs, vectors within
// f32 rounding. Each system also reports how close its nearest pair comes to the cutoff: an f32
// search can only disagree with f64 on pairs within about |r|·2⁻²² of it.
import { neighborList, NeighborListGPU } from '@equikit/neighbors';
import { mulberry32 } from '@equikit/core';

function fcc(cells, a, rattle, seed) {
  const rng = mulberry32(seed);
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const positions = [];
  for (let i = 0; i < cells; i++) for (let j = 0; j < cells; j++) for (let k = 0; k < cells; k++) {
    for (const b of basis) positions.push(...[i + b[0], j + b[1], k + b[2]].map((f) => f * a + rattle * (2 * rng() - 1)));
  }
  const L = cells * a;
  return { positions, cell: [L, 0, 0, 0, L, 0, 0, 0, L], pbc: true };
}

function randomBox(n, cell, pbc, seed, spread = 1) {
  const rng = mulberry32(seed);
  const positions = [];
  for (let a = 0; a < n; a++) {
    const f = [rng(), rng(), rng()].map((x) => (x - 0.5) * spread + 0.5);
    for (let r = 0; r < 3; r++) positions.push(f[0] * cell[r] + f[1] * cell[3 + r] + f[2] * cell[6 + r]);
  }
  return { positions, cell, pbc };
}

function translated(structure, t) {
  return { ...structure, positions: structure.positions.map((x, k) => x + t[k % 3]) };
}

export const SYSTEMS = {
  'FCC 4×4×4 (256 atoms), rattled, cutoff 5': [fcc(4, 3.61, 0.1, 1), 5],
  'FCC 8×8×8 (2048 atoms), cutoff 5': [fcc(8, 3.61, 0.05, 2), 5],
  'cluster (no cell), 300 atoms, cutoff 3.3': [randomBox(300, [12, 0, 0, 0, 12, 0, 0, 0, 12], false, 3), 3.3],
  'slab (pbc x, y), triclinic, cutoff 4': [randomBox(200, [9, 0, 0, 2.5, 8, 0, 0.7, -1.1, 14], [true, true, false], 4), 4],
  'tiny triclinic cell, cutoff larger than the cell': [randomBox(3, [2.9, 0, 0, 0.6, 2.7, 0, 0.3, -0.4, 3.1], true, 5), 4.6],
  'atoms outside the cell (wrapped)': [randomBox(60, [7, 0, 0, 0, 7.5, 0, 1, 0, 6.5], true, 6, 3), 3.5],
  'FCC 4×4×4 translated 1000 Å from the cell': [translated(fcc(4, 3.61, 0.1, 7), [1000, -2000, 500]), 5],
  'one atom, no neighbours': [{ positions: [1, 2, 3] }, 2],
};

function keyed(list) {
  const keys = new Map();
  for (let p = 0; p < list.length; p++) {
    keys.set(`${list.i[p]} ${list.j[p]} ${list.shifts[3 * p]} ${list.shifts[3 * p + 1]} ${list.shifts[3 * p + 2]}`, p);
  }
  return keys;
}

export default async function run() {
  const started = performance.now();
  if (!navigator.gpu) return { adapter: { available: false, reason: 'navigator.gpu is missing' } };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { adapter: { available: false, reason: 'requestAdapter() returned null' } };
  const device = await adapter.requestDevice({ requiredLimits: { maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage } });
  const gpu = await NeighborListGPU.create({ device });
  const rows = [];
  for (const [name, [structure, cutoff]] of Object.entries(SYSTEMS)) {
    const ref = neighborList(structure, { cutoff, full: true, sorted: true, backend: 'wasm' });
    const got = await gpu.computeAsync(structure, { cutoff });
    const a = keyed(ref);
    const b = keyed(got);
    let missing = 0;
    let extra = 0;
    let vectorError = 0;
    let scale = 0;
    for (const [key, p] of a) {
      const q = b.get(key);
      if (q === undefined) {
        missing++;
        continue;
      }
      for (let x = 0; x < 3; x++) {
        vectorError = Math.max(vectorError, Math.abs(got.vectors[3 * q + x] - ref.vectors[3 * p + x]));
        scale = Math.max(scale, Math.abs(ref.vectors[3 * p + x]));
      }
    }
    for (const key of b.keys()) if (!a.has(key)) extra++;
    let closest = Infinity;
    for (let p = 0; p < ref.length; p++) closest = Math.min(closest, cutoff - ref.distances[p]);
    let rowsSorted = true;
    for (let p = 1; p < got.length; p++) if (got.i[p] < got.i[p - 1]) rowsSorted = false;
    rows.push({ name, pairs: ref.length, gpuPairs: got.length, missing, extra, vectorError, scale, closestToCutoff: closest, rowsSorted });
  }
  // the same structure twice gives the same list, in the same order (no dependence on timing)
  const [again, cutoff] = SYSTEMS['FCC 8×8×8 (2048 atoms), cutoff 5'];
  const first = await gpu.computeAsync(again, { cutoff });
  const second = await gpu.computeAsync(again, { cutoff });
  const deterministic = first.length === second.length && first.j.every((j, p) => j === second.j[p]) && first.vectors.every((v, p) => v === second.vectors[p]);
  const overlap = await gpu.computeAsync({ positions: [0, 0, 0, 0, 0, 0, 2, 0, 0] }, { cutoff: 3 }).then(() => 'no error', (e) => `${e.name}: ${e.message}`);
  const badCutoff = await gpu.computeAsync(again, { cutoff: -1 }).then(() => 'no error', (e) => `${e.name}: ${e.message}`);
  gpu.destroy();
  device.destroy();
  const info = adapter.info ?? {};
  return { adapter: { available: true, vendor: info.vendor, architecture: info.architecture }, rows, deterministic, overlap, badCutoff, ms: performance.now() - started };
}
