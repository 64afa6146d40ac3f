// Seeded structures, O(3) operations and finite differences for the GP, calculator and MD tests.
import { mulberry32, Structure } from '@equikit/core';
import { init as initDensity } from '@equikit/density';
import type { BackendName } from '@equikit/core';

await initDensity();

/** The expansion, the GP's row kernels and its prediction cotangents run on each. */
export const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];

export const seeded = mulberry32;

/** Small, smooth hypers: hermite splines keep energies C¹ for finite differences and MD. */
export const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.5 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 }, splineMethod: 'hermite' as const },
};

/** `n` atoms of `numbers` (cycled) in a cube of side `side`, at least `minDistance` apart. */
export function randomCluster(rng: () => number, n: number, numbers: readonly number[], side: number, minDistance = 1.2): { positions: number[]; numbers: number[] } {
  const positions: number[] = [];
  while (positions.length < 3 * n) {
    const p = [rng() * side, rng() * side, rng() * side];
    let ok = true;
    for (let k = 0; k < positions.length; k += 3) if (Math.hypot(p[0] - positions[k], p[1] - positions[k + 1], p[2] - positions[k + 2]) < minDistance) ok = false;
    if (ok) positions.push(...p);
  }
  return { positions, numbers: Array.from({ length: n }, (_, k) => numbers[k % numbers.length]) };
}

/** A slightly triclinic periodic cell with `n` random atoms (≥ 1.2 Å apart, images included). */
export function randomPeriodic(rng: () => number, n: number, numbers: readonly number[], a = 3.4): { positions: number[]; numbers: number[]; cell: number[]; pbc: boolean } {
  const cell = [a, 0.15, -0.1, 0.1, a + 0.2, 0.2, -0.15, 0.1, a - 0.1];
  for (;;) {
    const frac = Array.from({ length: 3 * n }, () => rng());
    const positions: number[] = [];
    for (let k = 0; k < n; k++) for (let x = 0; x < 3; x++) positions.push(frac[3 * k] * cell[x] + frac[3 * k + 1] * cell[3 + x] + frac[3 * k + 2] * cell[6 + x]);
    if (minImageDistance(positions, cell) >= 1.2) return { positions, numbers: Array.from({ length: n }, (_, k) => numbers[k % numbers.length]), cell, pbc: true };
  }
}

function minImageDistance(positions: number[], cell: number[]): number {
  let best = Infinity;
  const n = positions.length / 3;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) {
        if (i === j && a === 0 && b === 0 && c === 0) continue;
        const d = [0, 1, 2].map((x) => positions[3 * j + x] - positions[3 * i + x] + a * cell[x] + b * cell[3 + x] + c * cell[6 + x]);
        best = Math.min(best, Math.hypot(d[0], d[1], d[2]));
      }
    }
  }
  return best;
}

/** A random orthogonal matrix (row-major), a proper rotation times −1 when `inversion`. */
export function randomO3(rng: () => number, inversion: boolean): number[] {
  // uniform unit quaternion
  const [u1, u2, u3] = [rng(), rng(), rng()];
  const q = [Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2), Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2), Math.sqrt(u1) * Math.sin(2 * Math.PI * u3), Math.sqrt(u1) * Math.cos(2 * Math.PI * u3)];
  const [x, y, z, w] = q;
  const R = [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
  return inversion ? R.map((v) => -v) : R;
}

/** Rows of 3 values mapped p → R p. */
export function rotateRows(rows: ArrayLike<number>, R: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < rows.length; k += 3) for (let a = 0; a < 3; a++) out.push(R[3 * a] * rows[k] + R[3 * a + 1] * rows[k + 1] + R[3 * a + 2] * rows[k + 2]);
  return out;
}

export interface Plain {
  positions: number[];
  numbers: number[];
  cell?: number[];
  pbc?: boolean;
}

export function rotate<T extends Plain>(s: T, R: readonly number[]): T {
  return { ...s, positions: rotateRows(s.positions, R), cell: s.cell ? rotateRows(s.cell, R) : undefined };
}

/** r → r + r·ε for positions and cell rows. */
export function strain<T extends Plain>(s: T, eps: ArrayLike<number>): T {
  const apply = (rows: number[]) => rows.map((v, k) => {
    const base = k - (k % 3);
    const b = k % 3;
    return v + rows[base] * eps[b] + rows[base + 1] * eps[3 + b] + rows[base + 2] * eps[6 + b];
  });
  return { ...s, positions: apply(s.positions), cell: s.cell ? apply(s.cell) : undefined };
}

export function moved<T extends Plain>(s: T, atom: number, x: number, delta: number): T {
  const positions = s.positions.slice();
  positions[3 * atom + x] += delta;
  return { ...s, positions };
}

export function toStructure(s: Plain, info?: Record<string, number | Float64Array>, arrays?: Record<string, Float64Array>): Structure {
  return new Structure({ ...s, info, arrays });
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
