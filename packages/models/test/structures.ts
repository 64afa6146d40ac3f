// Seeded random structures, O(3) operations and strains for the model tests.
import { mulberry32, Structure } from '@equikit/core';

export const seeded = mulberry32;

/** A random structure: atoms ≥ 1.1 Å apart in a box of side `side` (periodic: a slightly triclinic cell). */
export function randomStructure(rng: () => number, n: number, numbers: readonly number[], periodic: boolean, side = 3.8): Structure {
  const cell = periodic ? [side, 0.2, 0.1, -0.15, side + 0.2, 0.25, 0.1, -0.2, side - 0.1] : [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const positions: number[] = [];
  let guard = 0;
  while (positions.length < 3 * n) {
    if (++guard > 100_000) throw new Error('randomStructure: could not place atoms');
    const f = [rng(), rng(), rng()];
    const p = periodic ? [0, 1, 2].map((x) => f[0] * cell[x] + f[1] * cell[3 + x] + f[2] * cell[6 + x]) : f.map((v) => v * side);
    let ok = true;
    for (let k = 0; k < positions.length; k += 3) {
      if (Math.hypot(p[0] - positions[k], p[1] - positions[k + 1], p[2] - positions[k + 2]) < 1.1) ok = false;
    }
    if (ok) positions.push(...p);
  }
  return new Structure({
    positions,
    numbers: Array.from({ length: n }, (_, k) => numbers[k % numbers.length]),
    cell: periodic ? cell : undefined,
    pbc: periodic,
  });
}

/** A random rotation (unit quaternion), times −1 (an inversion) when `invert`. Row-major 3×3. */
export function randomO3(rng: () => number, invert: boolean): number[] {
  const g = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  let [w, x, y, z] = [g(), g(), g(), g()];
  const norm = Math.hypot(w, x, y, z);
  [w, x, y, z] = [w / norm, x / norm, y / norm, z / norm];
  const R = [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
  return invert ? R.map((v) => -v) : R;
}

function mapRows(rows: ArrayLike<number>, f: (v: number[]) => number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < rows.length; k += 3) out.push(...f([rows[k], rows[k + 1], rows[k + 2]]));
  return out;
}

/** Structure with every position and lattice vector mapped by f (info and arrays dropped). */
export function transformed(s: Structure, f: (v: number[]) => number[], positionsOnly = false): Structure {
  return new Structure({
    positions: mapRows(s.positions, f),
    numbers: s.numbers,
    cell: positionsOnly ? s.cell : mapRows(s.cell, f),
    pbc: s.pbc,
  });
}

export const rotate = (R: readonly number[]) => (v: number[]) => [0, 1, 2].map((a) => R[3 * a] * v[0] + R[3 * a + 1] * v[1] + R[3 * a + 2] * v[2]);

/** r → r + r·ε (row vector times ε), for positions and cell rows. */
export const strain = (eps: ArrayLike<number>) => (v: number[]) => [0, 1, 2].map((b) => v[b] + v[0] * eps[b] + v[1] * eps[3 + b] + v[2] * eps[6 + b]);

/** One atom moved by delta along x. */
export function moved(s: Structure, atom: number, x: number, delta: number): Structure {
  const positions = Array.from(s.positions);
  positions[3 * atom + x] += delta;
  return new Structure({ positions, numbers: s.numbers, cell: s.cell, pbc: s.pbc });
}

/** The same structure with targets attached. */
export function withTargets(s: Structure, energy: number, forces: Float64Array, stress?: Float64Array): Structure {
  return new Structure({
    positions: s.positions,
    numbers: s.numbers,
    cell: s.cell,
    pbc: s.pbc,
    info: stress ? { energy, stress } : { energy },
    arrays: { forces },
  });
}
