// Backends every test runs against, and seeded structures shared by the tests.
import { init as initDensity } from '@equikit/density';
import { init as initO3 } from '@equikit/o3';
import type { BackendName } from '@equikit/core';

await initO3();
await initDensity();

/** The expansion runs on each; the CentreMaps are TypeScript on all three. */
export const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];

export { mulberry32 as seeded, randomO3, randomRotation, wignerD, type Rng } from '@equikit/o3';

export interface TestStructure {
  positions: number[];
  numbers: number[];
  cell?: number[];
  pbc?: boolean | boolean[];
}

/** A random cluster of `n` atoms of the given species in a box of side `side` (Å), atoms ≥ 0.9 Å apart. */
export function randomCluster(rng: () => number, n: number, numbers: readonly number[], side: number): TestStructure {
  const positions: number[] = [];
  while (positions.length < 3 * n) {
    const p = [rng() * side, rng() * side, rng() * side];
    let ok = true;
    for (let k = 0; k < positions.length; k += 3) {
      if (Math.hypot(p[0] - positions[k], p[1] - positions[k + 1], p[2] - positions[k + 2]) < 0.9) ok = false;
    }
    if (ok) positions.push(...p);
  }
  return { positions, numbers: Array.from({ length: n }, (_, k) => numbers[k % numbers.length]) };
}

/** A periodic, slightly triclinic random cell (smaller than a 4 Å cutoff's sphere, so images of a centre are neighbours). */
export function randomPeriodic(rng: () => number, n: number, numbers: readonly number[]): TestStructure {
  const cell = [3.6, 0.2, 0.1, -0.15, 3.8, 0.25, 0.1, -0.2, 3.7];
  const base = randomCluster(rng, n, numbers, 1);
  const frac = base.positions.map(() => rng());
  const positions: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let x = 0; x < 3; x++) positions.push(frac[3 * a] * cell[x] + frac[3 * a + 1] * cell[3 + x] + frac[3 * a + 2] * cell[6 + x]);
  }
  return { positions, numbers: base.numbers, cell, pbc: true };
}

/** Rows of `points` (3 per row) rotated by the row-major 3×3 `R`: p → R p. */
export function rotateRows(points: ArrayLike<number>, R: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let k = 0; k < points.length; k += 3) {
    for (let a = 0; a < 3; a++) out.push(R[3 * a] * points[k] + R[3 * a + 1] * points[k + 1] + R[3 * a + 2] * points[k + 2]);
  }
  return out;
}

/** The structure rotated (positions and cell rows) by R. */
export function rotateStructure(s: TestStructure, R: ArrayLike<number>): TestStructure {
  return { ...s, positions: rotateRows(s.positions, R), cell: s.cell ? rotateRows(s.cell, R) : undefined };
}

/** The structure with positions and cell rows deformed r → r + r·ε (ε row-major 3×3, r a row vector). */
export function strainStructure(s: TestStructure, eps: ArrayLike<number>): TestStructure {
  const apply = (rows: readonly number[]) => {
    const out = rows.slice();
    for (let k = 0; k < rows.length; k += 3) {
      for (let b = 0; b < 3; b++) out[k + b] += rows[k] * eps[b] + rows[k + 1] * eps[3 + b] + rows[k + 2] * eps[6 + b];
    }
    return out;
  };
  return { ...s, positions: apply(s.positions), cell: s.cell ? apply(s.cell) : undefined };
}

/** Central difference of f (an array-valued function) along one coordinate: (f(+h) − f(−h)) / 2h. */
export function centralDifference(f: (delta: number) => Float64Array, h: number): Float64Array {
  const plus = f(h);
  const minus = f(-h);
  return plus.map((v, k) => (v - minus[k]) / (2 * h));
}

/** max |a − b| / max(max |b|, floor). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 0): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let diff = 0;
  let scale = floor;
  for (let k = 0; k < expected.length; k++) {
    diff = Math.max(diff, Math.abs(actual[k] - expected[k]));
    scale = Math.max(scale, Math.abs(expected[k]));
  }
  return diff / scale;
}
