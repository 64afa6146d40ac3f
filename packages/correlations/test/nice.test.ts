import { describe, expect, it } from 'vitest';
import { clebschGordanReal } from '@equikit/o3';
import { DensityCorrelations, PowerSpectrum } from '../src/index.js';
import {
  BACKENDS,
  centralDifference,
  randomCluster,
  randomO3,
  randomPeriodic,
  relativeError,
  rotateStructure,
  seeded,
  strainStructure,
  wignerD,
  type TestStructure,
} from './helpers.js';

// exact radial integral: finite differences must not see spline steps
const HYPERS = {
  cutoff: { radius: 3.5, smoothing: { type: 'shifted-cosine' as const, width: 0.5 } },
  density: { type: 'gaussian' as const, width: 0.4 },
  basis: { maxAngular: 2, radial: { type: 'gto' as const, maxRadial: 3 }, splineAccuracy: 0 },
};

const rng = seeded(21);
const CLUSTER = randomCluster(rng, 5, [1, 8], 2.4);
const PERIODIC = randomPeriodic(rng, 2, [14, 6]);

function moved(s: TestStructure, atom: number, x: number, delta: number): TestStructure {
  const positions = s.positions.slice();
  positions[3 * atom + x] += delta;
  return { ...s, positions };
}

/** ν = 2, 3 exact; ν = 4 through a PCA fitted on the structure itself (exact products would be ~10⁵ features). */
function calculators(structure: TestStructure): [string, DensityCorrelations][] {
  const nu4 = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 4, invariantOrders: [2, 3, 4], compression: { components: 6 } });
  const jittered = { ...structure, positions: structure.positions.map((v) => v + 0.2 * (rng() - 0.5)) };
  nu4.fit([structure, jittered]);
  return [
    ['ν = 2, exact', new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2 })],
    ['ν = 3, exact, skipRedundant', new DensityCorrelations(HYPERS, { maxCorrelationOrder: 3, invariantOrders: [3], skipRedundant: true })],
    ['ν ≤ 4, compressed', nu4],
  ];
}

describe.each(BACKENDS)('DensityCorrelations invariants (%s)', (backend) => {
  describe.each([
    ['cluster, two species', CLUSTER],
    ['small periodic cell', PERIODIC],
  ] as const)('%s', (_, structure) => {
    for (const [name, calc] of calculators(structure)) {
      const species = [...new Set(structure.numbers)].sort((a, b) => a - b);
      const dense = calc.computeDense(structure, { gradients: ['positions', 'strain'], backend, species });
      const n = dense.nAtoms;
      const F = dense.size;

      it(`${name}: position and strain gradients equal central finite differences`, () => {
        expect(F).toBeGreaterThan(0);
        for (let k = 0; k < n; k++) {
          for (let x = 0; x < 3; x++) {
            const fd = centralDifference((d) => calc.computeDense(moved(structure, k, x, d), { backend, species }).values, 1e-5);
            const ours = new Float64Array(n * F);
            for (let i = 0; i < n; i++) ours.set(dense.positionGradients!.subarray(((i * n + k) * 3 + x) * F, ((i * n + k) * 3 + x + 1) * F), i * F);
            expect(relativeError(ours, fd)).toBeLessThan(1e-7);
          }
        }
        for (let ab = 0; ab < 9; ab++) {
          const fd = centralDifference((d) => {
            const eps = new Float64Array(9);
            eps[ab] = d;
            return calc.computeDense(strainStructure(structure, eps), { backend, species }).values;
          }, 1e-5);
          const ours = new Float64Array(n * F);
          for (let i = 0; i < n; i++) ours.set(dense.strainGradients!.subarray((i * 9 + ab) * F, (i * 9 + ab + 1) * F), i * F);
          expect(relativeError(ours, fd)).toBeLessThan(1e-7);
        }
      });

      it(`${name}: invariant under rotations with inversion, translations and permutations`, () => {
        const r = seeded(5);
        let improper = 0;
        for (let trial = 0; trial < 4; trial++) {
          const R = randomO3(r);
          if (det(R) < 0) improper++;
          expect(relativeError(calc.computeDense(rotateStructure(structure, R), { backend, species }).values, dense.values)).toBeLessThan(1e-11);
        }
        expect(improper).toBeGreaterThan(0);
        const shift = [0.3, -1.2, 2.5];
        const translated = { ...structure, positions: structure.positions.map((v, k) => v + shift[k % 3]) };
        expect(relativeError(calc.computeDense(translated, { backend, species }).values, dense.values)).toBeLessThan(1e-11);
        const order = Array.from({ length: n }, (_, k) => (k + 1) % n);
        const permuted = { ...structure, positions: order.flatMap((k) => structure.positions.slice(3 * k, 3 * k + 3)), numbers: order.map((k) => structure.numbers[k]) };
        const p = calc.computeDense(permuted, { backend, species }).values;
        order.forEach((k, slot) => expect(relativeError(p.subarray(slot * F, (slot + 1) * F), dense.values.subarray(k * F, (k + 1) * F))).toBeLessThan(1e-11));
      });

      it(`${name}: species sums and the vector–Jacobian product agree with the dense gradients`, () => {
        const sums = calc.computeSpeciesSums(structure, { gradients: ['positions', 'strain'], backend, species });
        const S = species.length;
        const expectPositions = new Float64Array(S * n * 3 * F);
        for (let i = 0; i < n; i++) {
          const s = species.indexOf(structure.numbers[i]);
          for (let k = 0; k < n * 3 * F; k++) expectPositions[s * n * 3 * F + k] += dense.positionGradients![i * n * 3 * F + k];
        }
        expect(relativeError(sums.positionGradients!, expectPositions)).toBeLessThan(1e-12);
        const g = new Float64Array(n * F).map(() => rng() - 0.5);
        const vjp = calc.vectorJacobianProduct(structure, g, { backend, species });
        const positions = new Float64Array(3 * n);
        const strain = new Float64Array(9);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < 3 * n; k++) for (let f = 0; f < F; f++) positions[k] += g[i * F + f] * dense.positionGradients![(i * 3 * n + k) * F + f];
          for (let k = 0; k < 9; k++) for (let f = 0; f < F; f++) strain[k] += g[i * F + f] * dense.strainGradients![(i * 9 + k) * F + f];
        }
        expect(relativeError(vjp.positions, positions)).toBeLessThan(1e-11);
        expect(relativeError(vjp.strain, strain)).toBeLessThan(1e-11);
      });
    }
  });

  it('ν = 2 without compression is the power spectrum times (−1)^l / f_ab (derived from the CG table)', () => {
    // C(l, l, 0)[m1][m2] = (−1)^l δ_{m1 m2}/√(2l+1) in o3's real basis, so the ν = 2 invariant of
    // (a n1, b n2, l) is (−1)^l/√(2l+1) Σ_m c^a_{n1 l m} c^b_{n2 l m}, while librascal's power
    // spectrum has f_ab/√(2l+1) with f_ab = √2 for a < b, 1 for a = b.
    const L = HYPERS.basis.maxAngular;
    for (let l = 0; l <= L; l++) {
      const table = clebschGordanReal(l, l, 0);
      const w = 2 * l + 1;
      for (let m1 = 0; m1 < w; m1++) {
        for (let m2 = 0; m2 < w; m2++) expect(table[m1 * w + m2]).toBeCloseTo(m1 === m2 ? (-1) ** l / Math.sqrt(w) : 0, 15);
      }
    }
    const nice = new DensityCorrelations(HYPERS, { maxCorrelationOrder: 2, invariantOrders: [2] }).computeDense(CLUSTER, { backend });
    const ps = new PowerSpectrum(HYPERS).computeDense(CLUSTER, { backend });
    const S = 2;
    const N = HYPERS.basis.radial.maxRadial;
    const Q = S * N;
    expect(nice.size).toBe((L + 1) * Q * Q);
    const pairIndex = (a: number, b: number) => a * S - (a * (a - 1)) / 2 + (b - a);
    const expected = new Float64Array(nice.values.length);
    for (let i = 0; i < nice.nAtoms; i++) {
      for (let l = 0; l <= L; l++) {
        for (let q1 = 0; q1 < Q; q1++) {
          for (let q2 = 0; q2 < Q; q2++) {
            const [a, n1] = [Math.floor(q1 / N), q1 % N];
            const [b, n2] = [Math.floor(q2 / N), q2 % N];
            const [lo, nlo, hi, nhi] = a <= b ? [a, n1, b, n2] : [b, n2, a, n1];
            const p = ps.values[i * ps.size + ((pairIndex(lo, hi) * N + nlo) * N + nhi) * (L + 1) + l];
            expected[i * nice.size + l * Q * Q + q1 * Q + q2] = ((-1) ** l * p) / (a === b ? 1 : Math.SQRT2);
          }
        }
      }
    }
    expect(relativeError(nice.values, expected)).toBeLessThan(1e-13);
  });
});

function det(R: ArrayLike<number>): number {
  return R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
}

export { det };
