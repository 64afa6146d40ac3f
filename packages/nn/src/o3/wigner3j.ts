// e3nn's coupling coefficients in this package's real basis: Wigner 3j symbols normalised to
// unit Frobenius norm, w3j = C/√(2L+1) with o3's real Clebsch–Gordan table C (each M row of C
// has unit norm). e3nn's o3.wigner_3j is the same intertwiner in its own basis, equal up to one
// overall sign per (l1, l2, L) (README: mapping e3nn weights).
import { clebschGordanReal } from '@equikit/o3';

const cache = new Map<string, Float64Array>();

/** [2l1+1][2l2+1][2L+1], Σ entries² = 1. */
export function wigner3jReal(l1: number, l2: number, L: number): Float64Array {
  const key = `${l1},${l2},${L}`;
  let t = cache.get(key);
  if (!t) {
    const c = clebschGordanReal(l1, l2, L);
    const f = 1 / Math.sqrt(2 * L + 1);
    t = c.map((x) => x * f);
    cache.set(key, t);
  }
  return t;
}
