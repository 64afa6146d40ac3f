// Clebsch–Gordan and 3j tables: exact sympy values, orthogonality (to l = 30),
// invariance D^L·C = C·(D^l1 ⊗ D^l2), and the real-basis coupling identity.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  clebschGordan,
  clebschGordanReal,
  mulberry32,
  randomO3,
  randomRotation,
  SphericalHarmonics,
  wigner3j,
  wignerD,
} from '../src/index.js';
import { randomPoints, repoPath } from './helpers.js';

const sympy = JSON.parse(readFileSync(repoPath('data/reference/cg_sympy.json'), 'utf8')) as {
  cg: Array<{ l1: number; m1: number; l2: number; m2: number; L: number; M: number; value: number }>;
  w3j: Array<{ j1: number; m1: number; j2: number; m2: number; j3: number; m3: number; value: number }>;
};

const at = (t: Float64Array, l1: number, l2: number, l3: number, m1: number, m2: number, m3: number) =>
  t[((m1 + l1) * (2 * l2 + 1) + (m2 + l2)) * (2 * l3 + 1) + (m3 + l3)];

describe('complex Clebsch–Gordan and Wigner 3j', () => {
  it('match sympy to 1e-14 (all l1, l2 ≤ 3)', () => {
    expect(sympy.cg.length).toBeGreaterThan(800);
    for (const c of sympy.cg) {
      expect(Math.abs(at(clebschGordan(c.l1, c.l2, c.L), c.l1, c.l2, c.L, c.m1, c.m2, c.M) - c.value)).toBeLessThan(1e-14);
    }
    for (const w of sympy.w3j) {
      expect(Math.abs(at(wigner3j(w.j1, w.j2, w.j3), w.j1, w.j2, w.j3, w.m1, w.m2, w.m3) - w.value)).toBeLessThan(1e-14);
    }
  });

  it('are orthogonal: Σ_m1m2 C[m1 m2|L M] C[m1 m2|L′ M′] = δ_LL′ δ_MM′, up to l = 30', () => {
    for (const [l1, l2] of [
      [2, 3],
      [20, 10],
    ]) {
      const tables = new Map<number, Float64Array>();
      for (let L = Math.abs(l1 - l2); L <= l1 + l2; L++) tables.set(L, clebschGordan(l1, l2, L));
      let err = 0;
      for (const [L, A] of tables) {
        for (const [Lp, B] of tables) {
          if (Lp < L) continue;
          for (let M = -L; M <= L; M++) {
            for (let Mp = -Lp; Mp <= Lp; Mp++) {
              let s = 0;
              for (let m1 = -l1; m1 <= l1; m1++) {
                const m2 = M - m1;
                if (Math.abs(m2) > l2 || m1 + m2 !== Mp) continue;
                s += at(A, l1, l2, L, m1, m2, M) * at(B, l1, l2, Lp, m1, m2, Mp);
              }
              err = Math.max(err, Math.abs(s - (L === Lp && M === Mp ? 1 : 0)));
            }
          }
        }
      }
      expect(err).toBeLessThan(1e-13);
    }
  });

  it('stay finite and orthonormal at l = 30 (no factorial overflow)', () => {
    const t = clebschGordan(30, 30, 60);
    expect(t.every(Number.isFinite)).toBe(true);
    // column M of a fixed L has unit norm
    for (const M of [-60, -7, 0, 31, 60]) {
      let s = 0;
      for (let m1 = -30; m1 <= 30; m1++) {
        const m2 = M - m1;
        if (Math.abs(m2) <= 30) s += at(t, 30, 30, 60, m1, m2, M) ** 2;
      }
      expect(s).toBeCloseTo(1, 13);
    }
    const w = wigner3j(30, 30, 30);
    let s = 0;
    for (let m1 = -30; m1 <= 30; m1++) for (let m2 = -30; m2 <= 30; m2++) s += at(w, 30, 30, 30, m1, m2, -m1 - m2) ** 2;
    // Σ_m1m2m3 (3j)² = 1 for a fixed triple
    expect(s).toBeCloseTo(1, 12);
  });

  it('return copies of cached tables', () => {
    const a = clebschGordan(2, 2, 2);
    a.fill(7);
    expect(clebschGordan(2, 2, 2)[0]).not.toBe(7);
  });

  it('reject bad degrees with clear errors', () => {
    expect(() => clebschGordan(1, 1, 3)).toThrow(RangeError);
    expect(() => clebschGordan(1, 1, 3)).toThrow(/triangle/);
    expect(() => wigner3j(-1, 1, 1)).toThrow(/l1 must be an integer/);
    expect(() => wigner3j(1.5, 1, 1)).toThrow(TypeError);
    expect(() => clebschGordanReal(1, 2, 7)).toThrow(/L must satisfy/);
    expect(() => clebschGordan(1000, 1000, 0)).toThrow(/l1 must be an integer in \[0, 100\]/);
  });
});

describe('real-basis Clebsch–Gordan', () => {
  it('couple real harmonics into real harmonics with one constant for all M (all l ≤ 6)', () => {
    const xyz = randomPoints(3, mulberry32(21));
    const sh = new SphericalHarmonics(12, { backend: 'js' });
    const { values } = sh.compute(xyz);
    const K = 169;
    for (let l1 = 0; l1 <= 6; l1++) {
      for (let l2 = 0; l2 <= 6; l2++) {
        for (let L = Math.abs(l1 - l2); L <= l1 + l2; L++) {
          const C = clebschGordanReal(l1, l2, L);
          // the constant expected from the complex coupling of harmonics:
          // k = √((2l1+1)(2l2+1)/(4π(2L+1))) <l1 0 l2 0|L 0>, zero when l1+l2+L is odd
          const k = Math.sqrt(((2 * l1 + 1) * (2 * l2 + 1)) / (4 * Math.PI * (2 * L + 1))) * at(clebschGordan(l1, l2, L), l1, l2, L, 0, 0, 0);
          for (let i = 0; i < 3; i++) {
            for (let M = -L; M <= L; M++) {
              let s = 0;
              for (let m1 = -l1; m1 <= l1; m1++) {
                for (let m2 = -l2; m2 <= l2; m2++) {
                  s += at(C, l1, l2, L, m1, m2, M) * values[i * K + l1 * l1 + l1 + m1] * values[i * K + l2 * l2 + l2 + m2];
                }
              }
              expect(Math.abs(s - k * values[i * K + L * L + L + M])).toBeLessThan(1e-13);
            }
          }
        }
      }
    }
  });

  it('are invariant: D^L·C = C·(D^l1 ⊗ D^l2), for rotations and inversions (output parity p1·p2)', () => {
    const rng = mulberry32(5);
    for (const [l1, l2, L] of [
      [1, 1, 1],
      [1, 2, 2],
      [2, 2, 4],
      [3, 2, 2],
      [4, 3, 5],
    ]) {
      for (const R of [randomRotation(rng), randomO3(rng), randomO3(rng)]) {
        {
          const name = 'real';
          const table = clebschGordanReal(l1, l2, L);
          const D1 = wignerD(l1, R);
          const D2 = wignerD(l2, R);
          // Y_l1 ⊗ Y_l2 couples to the irrep (L, p = (−1)^(l1+l2)); wignerD gives parity
          // (−1)^L under inversion, so improper elements get the factor (−1)^(l1+l2+L).
          const det = R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) + R[2] * (R[3] * R[7] - R[4] * R[6]);
          const parity = det < 0 && (l1 + l2 + L) % 2 === 1 ? -1 : 1;
          const DL = wignerD(L, R).map((v) => v * parity);
          const n1 = 2 * l1 + 1;
          const n2 = 2 * l2 + 1;
          const nL = 2 * L + 1;
          let err = 0;
          // Σ_M D^L[M', M] C[m1, m2, M] == Σ_a,b C[a, b, M'] D1[a, m1] D2[b, m2]
          for (let a1 = 0; a1 < n1; a1++) {
            for (let a2 = 0; a2 < n2; a2++) {
              for (let Mp = 0; Mp < nL; Mp++) {
                let lhs = 0;
                for (let M = 0; M < nL; M++) lhs += DL[Mp * nL + M] * table[(a1 * n2 + a2) * nL + M];
                let rhs = 0;
                for (let b1 = 0; b1 < n1; b1++) {
                  for (let b2 = 0; b2 < n2; b2++) rhs += table[(b1 * n2 + b2) * nL + Mp] * D1[b1 * n1 + a1] * D2[b2 * n2 + a2];
                }
                err = Math.max(err, Math.abs(lhs - rhs));
              }
            }
          }
          expect(err, `${name} ${l1} ${l2} ${L}`).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('are orthogonal like the complex tables', () => {
    const l1 = 3;
    const l2 = 4;
    let err = 0;
    for (let L = 1; L <= 7; L++) {
      const C = clebschGordanReal(l1, l2, L);
      const nL = 2 * L + 1;
      for (let M = 0; M < nL; M++) {
        for (let Mp = 0; Mp < nL; Mp++) {
          let s = 0;
          for (let k = 0; k < (2 * l1 + 1) * (2 * l2 + 1); k++) s += C[k * nL + M] * C[k * nL + Mp];
          err = Math.max(err, Math.abs(s - (M === Mp ? 1 : 0)));
        }
      }
    }
    expect(err).toBeLessThan(1e-14);
  });
});
