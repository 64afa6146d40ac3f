// e3nn's coupling coefficients: Wigner 3j symbols normalised to unit Frobenius norm,
//   w3j = (−1)^⌊(l1+l2−L)/2⌋ · C/√(2L+1)
// with o3's real Clebsch–Gordan table C (each M row of C has unit norm). Our real basis is
// e3nn's with relabelled axes (same m order), so e3nn's o3.wigner_3j is the same intertwiner up to
// one sign per (l1, l2, L); the factor (−1)^⌊k/2⌋, k = l1+l2−L, is that sign (o3's table carries
// a phase −i for odd k), checked entry by entry against e3nn for l ≤ 3 and by the largest entry
// for l ≤ 6 (test/e3nn.test.ts). With it, e3nn weights load unchanged.
import { clebschGordanReal } from '@equikit/o3';

const cache = new Map<string, Float64Array>();

/** [2l1+1][2l2+1][2L+1], Σ entries² = 1. */
export function wigner3jReal(l1: number, l2: number, L: number): Float64Array {
  const key = `${l1},${l2},${L}`;
  let t = cache.get(key);
  if (!t) {
    const c = clebschGordanReal(l1, l2, L);
    const f = (Math.floor((l1 + l2 - L) / 2) % 2 === 0 ? 1 : -1) / Math.sqrt(2 * L + 1);
    t = c.map((x) => x * f);
    cache.set(key, t);
  }
  return t;
}
