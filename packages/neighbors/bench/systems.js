// The benchmark systems of issue 3, built with a fixed seed.
import { mulberry32 } from '@equikit/core';

/** mulberry32 (from core): every run measures the same structures. */
export const rng = mulberry32;

/** FCC Cu (a = 3.61 Å), reps³ conventional cells of 4 atoms, displaced by up to ±0.05 Å. */
export function fccCopper(reps, seed = 1) {
  const a = 3.61, random = rng(seed);
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const positions = new Float64Array(4 * reps ** 3 * 3);
  let p = 0;
  for (let x = 0; x < reps; x++) for (let y = 0; y < reps; y++) for (let z = 0; z < reps; z++) {
    for (const b of basis) {
      positions[p++] = (x + b[0]) * a + (random() - 0.5) * 0.1;
      positions[p++] = (y + b[1]) * a + (random() - 0.5) * 0.1;
      positions[p++] = (z + b[2]) * a + (random() - 0.5) * 0.1;
    }
  }
  const L = reps * a;
  return { positions, cell: new Float64Array([L, 0, 0, 0, L, 0, 0, 0, L]), pbc: [true, true, true] };
}

/** n atoms uniformly at random in a cube at `density` atoms/Å³, no cell, no periodicity. */
export function randomCluster(n, density, seed = 2) {
  const side = Math.cbrt(n / density), random = rng(seed);
  const positions = new Float64Array(3 * n);
  for (let k = 0; k < 3 * n; k++) positions[k] = random() * side;
  return { positions, cell: new Float64Array(9), pbc: [false, false, false] };
}

/**
 * FCC Cu in its primitive cell (rhombohedral, 60° between cell vectors), reps³ atoms,
 * displaced by up to ±0.05 Å: the same crystal as fccCopper, in a strongly skewed cell.
 */
export function skewedCopper(reps, seed = 3) {
  const a = 3.61, h = a / 2, random = rng(seed);
  const v = [[0, h, h], [h, 0, h], [h, h, 0]];
  const positions = new Float64Array(3 * reps ** 3);
  let p = 0;
  for (let i = 0; i < reps; i++) for (let j = 0; j < reps; j++) for (let k = 0; k < reps; k++) {
    for (let c = 0; c < 3; c++) positions[p++] = i * v[0][c] + j * v[1][c] + k * v[2][c] + (random() - 0.5) * 0.1;
  }
  const cell = new Float64Array(v.flat().map((x) => x * reps));
  return { positions, cell, pbc: [true, true, true] };
}

// vesin (C++, single thread, list object reused) on the same kind of 2-core machine, from issue 3, ms.
export const SYSTEMS = [
  { name: '500 atoms', make: () => fccCopper(5), cutoff: 5, vesin: { full: 1.37, half: 0.89 } },
  { name: '4000 atoms', make: () => fccCopper(10), cutoff: 5, vesin: { full: 7.7, half: 5.1 } },
  { name: '32000 atoms', make: () => fccCopper(20), cutoff: 5, vesin: { full: 58, half: 38.7 } },
  { name: '108000 atoms', make: () => fccCopper(30), cutoff: 5, vesin: { full: 196, half: 134 } },
  // No figure in issue 3 for a skewed cell: bench/time-vesin.py measures vesin on it here.
  { name: '4096 atoms, 60° skewed cell', make: () => skewedCopper(16), cutoff: 5, vesin: { full: NaN, half: NaN } },
  { name: '10000-atom cluster', make: () => randomCluster(10000, 0.1), cutoff: 6, vesin: { full: 32 } },
];
