// Clebsch–Gordan coefficients in the real basis of this package's harmonics.
//
// Our real harmonics relate to the complex ones (Condon–Shortley) by Y_real = U·Y_complex:
//   Y_(l, m>0) = ((−1)^m Y^m + Y^(−m)) / √2,   Y_(l, −m) = i (Y^(−m) − (−1)^m Y^m) / √2,
//   Y_(l, 0) = Y^0.
// Coupling complex harmonics with <l1 μ1 l2 μ2|L μ> yields Y_L^μ; changing basis gives
//   C_real[m1, m2, M] = Σ U_L[M, μ] · conj(U_l1[m1, μ1]) · conj(U_l2[m2, μ2]) · <l1 μ1 l2 μ2|L μ>,
// which is either real or purely imaginary (when l1 + l2 + L is odd); in the latter case we
// return its imaginary part, i.e. a global phase −i. The result is orthogonal like the
// complex table: Σ_(m1,m2) C[m1,m2,M]·C[m1,m2,M'] = δ_MM'.
import { checkTriangle, clebschGordanTable } from './tables.js';

const realCache = new Map<string, Float64Array>();

interface Complex {
  re: number;
  im: number;
}

/** Row m of U_l: the (at most two) complex coefficients on Y^μ, as [μ, coefficient] pairs. */
function uRow(m: number): Array<[number, Complex]> {
  const h = Math.SQRT1_2;
  if (m === 0) return [[0, { re: 1, im: 0 }]];
  const a = Math.abs(m);
  const sign = a % 2 === 0 ? 1 : -1;
  if (m > 0) {
    return [
      [a, { re: sign * h, im: 0 }],
      [-a, { re: h, im: 0 }],
    ];
  }
  return [
    [-a, { re: 0, im: h }],
    [a, { re: 0, im: -sign * h }],
  ];
}

/**
 * Real-basis coupling coefficients: Σ_(m1,m2) C[m1,m2,M]·Y_(l1 m1)(r)·Y_(l2 m2)(r) = k·Y_(L M)(r)
 * with one constant k for all M (zero when l1 + l2 + L is odd). Layout as clebschGordan:
 * dense [2l1+1][2l2+1][2L+1] indexed by m + l; a fresh copy of a cached table.
 */
export function clebschGordanReal(l1: number, l2: number, L: number): Float64Array {
  checkTriangle(l1, l2, L, ['l1', 'l2', 'L']);
  const key = `${l1},${l2},${L}`;
  let table = realCache.get(key);
  if (!table) {
    const cg = clebschGordanTable(l1, l2, L);
    const n2 = 2 * l2 + 1;
    const nL = 2 * L + 1;
    const re = new Float64Array(cg.length);
    const im = new Float64Array(cg.length);
    for (let m1 = -l1; m1 <= l1; m1++) {
      for (let m2 = -l2; m2 <= l2; m2++) {
        for (let M = -L; M <= L; M++) {
          let sr = 0;
          let si = 0;
          for (const [mu1, u1] of uRow(m1)) {
            for (const [mu2, u2] of uRow(m2)) {
              const mu = mu1 + mu2;
              if (Math.abs(mu) > L) continue;
              const c = cg[((mu1 + l1) * n2 + (mu2 + l2)) * nL + (mu + L)];
              if (c === 0) continue;
              for (const [muL, uL] of uRow(M)) {
                if (muL !== mu) continue;
                // uL · conj(u1) · conj(u2) · c
                const pr = u1.re * u2.re - u1.im * u2.im; // u1·u2
                const pi = u1.re * u2.im + u1.im * u2.re;
                // conj(u1 u2) = (pr, −pi); times uL
                sr += c * (uL.re * pr + uL.im * pi);
                si += c * (uL.im * pr - uL.re * pi);
              }
            }
          }
          const k = ((m1 + l1) * n2 + (m2 + l2)) * nL + (M + L);
          re[k] = sr;
          im[k] = si;
        }
      }
    }
    table = (l1 + l2 + L) % 2 === 0 ? re : im;
    realCache.set(key, table);
  }
  return table.slice();
}
