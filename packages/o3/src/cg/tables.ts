// Dense, cached Clebsch–Gordan and Wigner 3j tables.
//
// Layout (all three functions): a Float64Array of (2·l1+1)·(2·l2+1)·(2·l3+1) entries,
// entry [m1+l1][m2+l2][m3+l3] at ((m1+l1)·(2l2+1) + (m2+l2))·(2l3+1) + (m3+l3), row-major,
// zeros where the selection rules fail. Each call returns a fresh copy of the cached table,
// so callers may modify it freely.
import { assertInteger } from '@equikit/core';
import { clebschGordanCoefficient } from './exact.js';

/** Largest l accepted by the coupling functions. */
export const MAX_COUPLING_L = 100;

const cgCache = new Map<string, Float64Array>();
const w3jCache = new Map<string, Float64Array>();

export function checkTriangle(l1: number, l2: number, l3: number, names: [string, string, string]): void {
  assertInteger(l1, names[0], 0, MAX_COUPLING_L);
  assertInteger(l2, names[1], 0, MAX_COUPLING_L);
  assertInteger(l3, names[2], 0, MAX_COUPLING_L);
  if (l3 < Math.abs(l1 - l2) || l3 > l1 + l2) {
    throw new RangeError(
      `${names[2]} must satisfy |${names[0]} − ${names[1]}| ≤ ${names[2]} ≤ ${names[0]} + ${names[1]} (triangle rule), got ${names[0]}=${l1}, ${names[1]}=${l2}, ${names[2]}=${l3}`,
    );
  }
}

/** The cached table, computed on first use. */
export function clebschGordanTable(l1: number, l2: number, L: number): Float64Array {
  const key = `${l1},${l2},${L}`;
  let table = cgCache.get(key);
  if (!table) {
    const n2 = 2 * l2 + 1;
    const nL = 2 * L + 1;
    table = new Float64Array((2 * l1 + 1) * n2 * nL);
    for (let m1 = -l1; m1 <= l1; m1++) {
      for (let m2 = -l2; m2 <= l2; m2++) {
        const M = m1 + m2;
        if (Math.abs(M) > L) continue;
        table[((m1 + l1) * n2 + (m2 + l2)) * nL + (M + L)] = clebschGordanCoefficient(l1, m1, l2, m2, L, M);
      }
    }
    cgCache.set(key, table);
  }
  return table;
}

/**
 * Complex-basis Clebsch–Gordan coefficients <l1 m1 l2 m2 | L M> (Condon–Shortley phase),
 * dense [2l1+1][2l2+1][2L+1] indexed by m + l (see the layout above).
 */
export function clebschGordan(l1: number, l2: number, L: number): Float64Array {
  checkTriangle(l1, l2, L, ['l1', 'l2', 'L']);
  return clebschGordanTable(l1, l2, L).slice();
}

/**
 * Wigner 3j symbols (l1 l2 l3; m1 m2 m3), dense [2l1+1][2l2+1][2l3+1] indexed by m + l,
 * nonzero only where m1 + m2 + m3 = 0. Uses
 * (l1 l2 l3; m1 m2 m3) = (−1)^(l1−l2−m3) / √(2l3+1) · <l1 m1 l2 m2 | l3 −m3>.
 */
export function wigner3j(l1: number, l2: number, l3: number): Float64Array {
  checkTriangle(l1, l2, l3, ['l1', 'l2', 'l3']);
  const key = `${l1},${l2},${l3}`;
  let table = w3jCache.get(key);
  if (!table) {
    const cg = clebschGordanTable(l1, l2, l3);
    const n2 = 2 * l2 + 1;
    const n3 = 2 * l3 + 1;
    const scale = 1 / Math.sqrt(2 * l3 + 1);
    table = new Float64Array(cg.length);
    for (let m1 = -l1; m1 <= l1; m1++) {
      for (let m2 = -l2; m2 <= l2; m2++) {
        const m3 = -(m1 + m2);
        if (Math.abs(m3) > l3) continue;
        const sign = (l1 - l2 - m3) % 2 === 0 ? 1 : -1;
        table[((m1 + l1) * n2 + (m2 + l2)) * n3 + (m3 + l3)] = sign * scale * cg[((m1 + l1) * n2 + (m2 + l2)) * n3 + (-m3 + l3)];
      }
    }
    w3jCache.set(key, table);
  }
  return table.slice();
}
