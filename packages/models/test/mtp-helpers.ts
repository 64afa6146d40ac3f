// Seeded structures, O(3) matrices and finite differences for the MTP and ETN tests.
import { Structure, mulberry32 } from '@equikit/core';

export type Rng = () => number;
export const seeded = (seed: number): Rng => mulberry32(seed);

/** A random rotation, times −1 (an inversion) when `invert`: Gram–Schmidt of Gaussian columns. */
export function randomO3(rng: Rng, invert: boolean): Float64Array {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const v = Array.from({ length: 3 }, () => [gauss(), gauss(), gauss()]);
  const e: number[][] = [];
  for (const w of v) {
    const u = [...w];
    for (const p of e) {
      const d = u[0] * p[0] + u[1] * p[1] + u[2] * p[2];
      for (let k = 0; k < 3; k++) u[k] -= d * p[k];
    }
    const n = Math.hypot(u[0], u[1], u[2]);
    e.push(u.map((x) => x / n));
  }
  // Make det = +1, then apply the inversion if asked.
  const det = e[0][0] * (e[1][1] * e[2][2] - e[1][2] * e[2][1]) - e[0][1] * (e[1][0] * e[2][2] - e[1][2] * e[2][0]) + e[0][2] * (e[1][0] * e[2][1] - e[1][1] * e[2][0]);
  const sign = (det > 0 ? 1 : -1) * (invert ? -1 : 1);
  return Float64Array.from(e.flat(), (x) => sign * x);
}

/** p → R p for every row of 3. */
export function rotateRows(rows: ArrayLike<number>, R: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k += 3) {
    for (let a = 0; a < 3; a++) out[k + a] = R[3 * a] * rows[k] + R[3 * a + 1] * rows[k + 1] + R[3 * a + 2] * rows[k + 2];
  }
  return out;
}

/** A random cluster of n atoms in a cube of side `side`, atoms at least `minDistance` apart. */
export function randomCluster(rng: Rng, n: number, numbers: readonly number[], side: number, minDistance = 1.6): Structure {
  const positions: number[] = [];
  while (positions.length < 3 * n) {
    const p = [rng() * side, rng() * side, rng() * side];
    let ok = true;
    for (let k = 0; k < positions.length; k += 3) if (Math.hypot(p[0] - positions[k], p[1] - positions[k + 1], p[2] - positions[k + 2]) < minDistance) ok = false;
    if (ok) positions.push(...p);
  }
  return new Structure({ positions, numbers: Array.from({ length: n }, (_, k) => numbers[k % numbers.length]) });
}

/** A rattled fcc-like periodic cell (2×2×1 conventional cells, a = 3.9 Å, slightly triclinic). */
export function randomPeriodic(rng: Rng, numbers: readonly number[], rattle = 0.15): Structure {
  const a = 3.9;
  const cell = [2 * a, 0.1, -0.05, 0.08, 2 * a, 0.12, -0.1, 0.05, a];
  const basis = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const positions: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      for (const b of basis) {
        const f = [(i + b[0]) / 2, (j + b[1]) / 2, b[2]];
        for (let x = 0; x < 3; x++) positions.push(f[0] * cell[x] + f[1] * cell[3 + x] + f[2] * cell[6 + x] + rattle * (2 * rng() - 1));
      }
    }
  }
  const n = positions.length / 3;
  return new Structure({ positions, numbers: Array.from({ length: n }, (_, k) => numbers[Math.floor(rng() * numbers.length) % numbers.length] ?? numbers[k % numbers.length]), cell, pbc: true });
}

/** A copy of s with positions and cell replaced. */
export function withGeometry(s: Structure, positions: ArrayLike<number>, cell?: ArrayLike<number>): Structure {
  return new Structure({ positions: Float64Array.from(positions), numbers: s.numbers, cell: cell ? Float64Array.from(cell) : s.cell, pbc: s.pbc, info: s.info, arrays: s.arrays });
}

/** Deforms positions and cell rows r → r (1 + ε) (ε row-major 3×3, r a row vector). */
export function strained(s: Structure, eps: ArrayLike<number>): Structure {
  const apply = (rows: Float64Array) => {
    const out = Float64Array.from(rows);
    for (let k = 0; k < rows.length; k += 3) for (let b = 0; b < 3; b++) out[k + b] += rows[k] * eps[b] + rows[k + 1] * eps[3 + b] + rows[k + 2] * eps[6 + b];
    return out;
  };
  return withGeometry(s, apply(s.positions), apply(s.cell));
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

/** −∂E/∂x for every coordinate by central differences. */
export function finiteDifferenceForces(energy: (s: Structure) => number, s: Structure, h = 1e-5): Float64Array {
  const out = new Float64Array(s.positions.length);
  for (let k = 0; k < out.length; k++) {
    const plus = Float64Array.from(s.positions);
    const minus = Float64Array.from(s.positions);
    plus[k] += h;
    minus[k] -= h;
    out[k] = -(energy(withGeometry(s, plus)) - energy(withGeometry(s, minus))) / (2 * h);
  }
  return out;
}

/** (1/V) ∂E/∂ε in Voigt order xx yy zz yz xz xy, by central differences of symmetric strains. */
export function finiteDifferenceStress(energy: (s: Structure) => number, s: Structure, h = 1e-5): Float64Array {
  const pairs = [
    [0, 0],
    [1, 1],
    [2, 2],
    [1, 2],
    [0, 2],
    [0, 1],
  ];
  return Float64Array.from(pairs, ([a, b]) => {
    const eps = new Float64Array(9);
    eps[3 * a + b] += a === b ? h : h / 2;
    eps[3 * b + a] += a === b ? 0 : h / 2;
    const minus = eps.map((v) => -v);
    return (energy(strained(s, eps)) - energy(strained(s, minus))) / (2 * h) / s.volume();
  });
}

import { generateMtpBasis, MomentTensorPotential, type MtpFile } from '../src/mtp/index.js';

/** An MTP of the given level with random coefficients (every one order 1, radial ones included). */
export function randomMtp(rng: Rng, level: number, species: number[], options: { minDist?: number; maxDist?: number; size?: number; scaling?: number } = {}): MomentTensorPotential {
  const tables = generateMtpBasis(level);
  const C = species.length;
  const R = options.size ?? 6;
  const K = tables.radialFuncsCount;
  const file: MtpFile = {
    potentialName: 'MTP1m',
    speciesCount: C,
    potentialTag: '',
    radialBasisType: 'RBChebyshev',
    minDist: options.minDist ?? 1.5,
    maxDist: options.maxDist ?? 4.5,
    radialBasisSize: R,
    radialFuncsCount: K,
    scaling: options.scaling ?? 0.1,
    radialCoeffs: Float64Array.from({ length: C * C * K * R }, () => 2 * rng() - 1),
    alphaMomentsCount: tables.alphaMomentsCount,
    alphaIndexBasic: tables.alphaIndexBasic,
    alphaIndexTimes: tables.alphaIndexTimes,
    alphaMomentMapping: tables.alphaMomentMapping,
    speciesCoeffs: Float64Array.from({ length: C }, () => -3 - rng()),
    momentCoeffs: Float64Array.from({ length: tables.alphaMomentMapping.length }, () => 2 * rng() - 1),
  };
  return new MomentTensorPotential(file, species);
}
