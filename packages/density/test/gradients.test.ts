import { describe, expect, it } from 'vitest';
import type { SphericalExpansionHypers } from '../src/index.js';
import { SphericalExpansion } from '../src/index.js';
import { cluster, rattledRockSalt, seeded, smallSiliconCell } from './helpers.js';

type StructureData = { positions: number[]; numbers: number[]; cell?: number[]; pbc?: [boolean, boolean, boolean] };

const GTO_EXACT: SphericalExpansionHypers = {
  cutoff: { radius: 4.0, smoothing: { type: 'shifted-cosine', width: 0.5 } },
  density: { type: 'gaussian', width: 0.3 },
  basis: { maxAngular: 4, radial: { type: 'gto', maxRadial: 5 }, splineAccuracy: 0 },
};
const BESSEL_SPLINED: SphericalExpansionHypers = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine', width: 0.7 } },
  density: { type: 'gaussian', width: 0.4, scaling: { type: 'willatt2018', scale: 1.5, rate: 1, exponent: 3 } },
  basis: { maxAngular: 3, radial: { type: 'spherical-bessel', maxRadial: 4 }, splineAccuracy: 1e-10 },
};

/** Richardson-extrapolated central difference of f(t) at t = 0 (truncation O(h⁴)). */
function derivative(f: (t: number) => Float64Array, h: number): Float64Array {
  const [p1, m1, p2, m2] = [f(h), f(-h), f(h / 2), f(-h / 2)];
  return p1.map((_, e) => (4 * (p2[e] - m2[e]) / h - (p1[e] - m1[e]) / (2 * h)) / 3);
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < values.length; k++) m = Math.max(m, Math.abs(values[k]));
  return m;
}

const CASES: [string, SphericalExpansionHypers, (seed: number) => StructureData][] = [
  ['GTO exact, 2-atom Si cell smaller than the cutoff (self images)', GTO_EXACT, (s) => smallSiliconCell(seeded(s))],
  // 4.4 Å: rock salt's second shell (3.99 Å) would otherwise sit on the cutoff, where f_c is only C¹ and
  // the O(h⁴) finite-difference error estimate breaks down
  ['GTO exact, rattled NaCl', { ...GTO_EXACT, cutoff: { ...GTO_EXACT.cutoff, radius: 4.4 } }, (s) => rattledRockSalt(seeded(s))],
  ['spherical Bessel splined, radial scaling, cluster', BESSEL_SPLINED, (s) => cluster(seeded(s))],
  [
    'GTO Hermite-splined (smooth), 2-atom Si cell',
    { ...GTO_EXACT, basis: { ...GTO_EXACT.basis, splineAccuracy: 1e-10, splineMethod: 'hermite' } },
    (s) => smallSiliconCell(seeded(s)),
  ],
];

// Every backend: the position and strain gradients are assembled from per-pair blocks the kernels produce.
const BACKENDS = ['js', 'wasm', 'wasm-simd'] as const;

describe.each(BACKENDS.flatMap((backend) => CASES.map(([name, hypers, make]) => [backend, name, hypers, make] as const)))('gradients by finite differences (%s): %s', (backend, _, hypers, make) => {
  const calculator = new SphericalExpansion(hypers);
  const structure = make(7);
  const nAtoms = structure.numbers.length;

  // every centre i; moved atoms k: all of a small structure, three of a larger one (time)
  const moved = nAtoms <= 4 ? Array.from({ length: nAtoms }, (__, k) => k) : [0, 1, nAtoms - 1];

  it('position gradients of every centre with respect to the moved atoms', () => {
    const dense = calculator.computeDense(structure, { gradients: true, backend });
    const row = dense.values.length / nAtoms;
    const grads = dense.positionGradients!;
    const scale = maxAbs(grads);
    expect(scale).toBeGreaterThan(1e-4);
    for (const k of moved) {
      for (let x = 0; x < 3; x++) {
        const fd = derivative((t) => {
          const positions = structure.positions.slice();
          positions[3 * k + x] += t;
          return calculator.computeDense({ ...structure, positions }, { backend }).values;
        }, 1e-3);
        for (let i = 0; i < nAtoms; i++) {
          for (let e = 0; e < row; e++) {
            const analytic = grads[((i * nAtoms + k) * 3 + x) * row + e];
            expect(Math.abs(analytic - fd[i * row + e]), `i=${i} k=${k} x=${x} e=${e}`).toBeLessThan(2e-8 * scale);
          }
        }
      }
    }
  });

  it('strain gradients (positions and cell deformed by 1 + ε)', () => {
    const map = calculator.compute(structure, { gradients: ['strain'], backend });
    for (const [a, b] of [[0, 0], [1, 2], [2, 0], [1, 1]]) {
      const deformed = (t: number) => {
        // every row r → r + t · r_a · e_b
        const deform = (rows: number[]) => rows.map((v, k) => v + (k % 3 === b ? t * rows[k - b + a] : 0));
        const moved: StructureData = { ...structure, positions: deform(structure.positions) };
        if (structure.cell) moved.cell = deform(structure.cell);
        const values = calculator.compute(moved, { backend }).blocks().map((block) => block.values);
        return Float64Array.from(values.flatMap((v) => Array.from(v)));
      };
      const fd = derivative(deformed, 1e-3);
      const analytic: number[] = [];
      for (const block of map.blocks()) {
        const g = block.gradient('strain');
        const per = block.values.length / block.samples.count; // mu × n per sample
        for (let s = 0; s < block.samples.count; s++) {
          for (let e = 0; e < per; e++) analytic.push(g.values[(s * 9 + a * 3 + b) * per + e]);
        }
      }
      const scale = maxAbs(analytic);
      expect(scale).toBeGreaterThan(1e-4);
      analytic.forEach((v, e) => expect(Math.abs(v - fd[e]), `ε_${a}${b} e=${e}`).toBeLessThan(2e-8 * scale));
    }
  });
});
