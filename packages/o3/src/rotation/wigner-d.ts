// Real-basis Wigner D matrices: Y(R·r) = D(R)·Y(r) for this package's real harmonics,
// built from the 3×3 matrix by the Ivanic–Ruedenberg recurrence (J. Phys. Chem. 100,
// 6342 (1996); erratum 102, 9099 (1998)): D^l from D^(l−1) and D^1, no angles, no
// factorials, stable for large l. Improper matrices (det −1) use D(−R)·(−1)^l.
import { assertFiniteNumber, assertInteger } from '@equikit/core';
import { eulerToMatrix } from './random.js';

/** Largest l accepted by wignerD. */
export const MAX_WIGNER_L = 100;

/** A 3×3 matrix, row-major (9 numbers or 3 rows of 3), or z-y-z Euler angles. */
export type RotationInput = ArrayLike<number> | ArrayLike<ArrayLike<number>> | { alpha: number; beta: number; gamma: number };

/** Row-major 3×3 from any accepted input, validated as orthogonal (RᵀR = I to 1e-6). */
export function toMatrix(R: RotationInput, name = 'R'): Float64Array {
  let m: Float64Array;
  if (R !== null && typeof R === 'object' && 'alpha' in R && 'beta' in R && 'gamma' in R) {
    assertFiniteNumber(R.alpha, `${name}.alpha`);
    assertFiniteNumber(R.beta, `${name}.beta`);
    assertFiniteNumber(R.gamma, `${name}.gamma`);
    return eulerToMatrix(R.alpha, R.beta, R.gamma);
  }
  const rows = R as ArrayLike<unknown>;
  if (rows === null || typeof rows !== 'object' || typeof rows.length !== 'number') {
    throw new TypeError(`${name} must be a 3×3 matrix (9 numbers row-major, or 3 rows) or { alpha, beta, gamma }`);
  }
  if (rows.length === 9) {
    m = Float64Array.from(rows as ArrayLike<number>);
  } else if (rows.length === 3 && [0, 1, 2].every((i) => (rows[i] as ArrayLike<number>)?.length === 3)) {
    m = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[3 * i + j] = (rows[i] as ArrayLike<number>)[j];
  } else {
    throw new RangeError(`${name} must be a 3×3 matrix: 9 numbers row-major or 3 rows of 3, got length ${rows.length}`);
  }
  for (let k = 0; k < 9; k++) {
    if (!Number.isFinite(m[k])) throw new RangeError(`${name}[${Math.floor(k / 3)}][${k % 3}] must be finite, got ${m[k]}`);
  }
  let err = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += m[3 * k + i] * m[3 * k + j];
      err = Math.max(err, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  if (err > 1e-6) throw new RangeError(`${name} must be orthogonal (RᵀR = I), deviates by ${err.toExponential(2)}`);
  return m;
}

function det3(m: Float64Array): number {
  return (
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
  );
}

/**
 * D^0 … D^lMax for one rotation (or improper rotation): element l is a row-major
 * Float64Array of (2l+1)², D[(m+l)(2l+1) + (m'+l)], with Y_lm(R·r) = Σ_m' D[m][m'] Y_lm'(r).
 */
export function wignerDAll(lMax: number, R: RotationInput): Float64Array[] {
  assertInteger(lMax, 'lMax', 0, MAX_WIGNER_L);
  const m = toMatrix(R);
  const improper = det3(m) < 0;
  if (improper) for (let k = 0; k < 9; k++) m[k] = -m[k];
  // D^1 in the (y, z, x) order of Y_1: D1[i][j] = R[p(i)][p(j)], p = (1, 2, 0)
  const p = [1, 2, 0];
  const r1 = (i: number, j: number) => m[3 * p[i + 1] + p[j + 1]];
  const out: Float64Array[] = [new Float64Array([1])];
  if (lMax >= 1) {
    const d1 = new Float64Array(9);
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) d1[(i + 1) * 3 + (j + 1)] = r1(i, j);
    out.push(d1);
  }
  for (let l = 2; l <= lMax; l++) out.push(nextD(l, out[l - 1], r1));
  if (improper) for (let l = 1; l <= lMax; l += 2) for (let k = 0; k < out[l].length; k++) out[l][k] = -out[l][k];
  return out;
}

/** The real-basis Wigner D matrix of degree l, see wignerDAll for layout and convention. */
export function wignerD(l: number, R: RotationInput): Float64Array {
  return wignerDAll(l, R)[l];
}

function nextD(l: number, prev: Float64Array, r1: (i: number, j: number) => number): Float64Array {
  const w = 2 * l - 1; // width of prev
  const M = (a: number, b: number) => prev[(a + l - 1) * w + (b + l - 1)];
  const P = (i: number, a: number, b: number): number => {
    if (b === l) return r1(i, 1) * M(a, l - 1) - r1(i, -1) * M(a, -l + 1);
    if (b === -l) return r1(i, 1) * M(a, -l + 1) + r1(i, -1) * M(a, l - 1);
    return r1(i, 0) * M(a, b);
  };
  const n = 2 * l + 1;
  const D = new Float64Array(n * n);
  for (let mm = -l; mm <= l; mm++) {
    const am = Math.abs(mm);
    const d0 = mm === 0 ? 1 : 0;
    for (let nn = -l; nn <= l; nn++) {
      const denom = Math.abs(nn) === l ? 2 * l * (2 * l - 1) : (l + nn) * (l - nn);
      const u = Math.sqrt(((l + mm) * (l - mm)) / denom);
      const v = 0.5 * Math.sqrt(((1 + d0) * (l + am - 1) * (l + am)) / denom) * (1 - 2 * d0);
      const wc = -0.5 * Math.sqrt(((l - am - 1) * (l - am)) / denom) * (1 - d0);
      let value = 0;
      if (u !== 0) value += u * P(0, mm, nn);
      if (v !== 0) {
        let V: number;
        if (mm === 0) V = P(1, 1, nn) + P(-1, -1, nn);
        else if (mm > 0) V = P(1, mm - 1, nn) * Math.sqrt(1 + (mm === 1 ? 1 : 0)) - (mm === 1 ? 0 : P(-1, -mm + 1, nn));
        else V = (mm === -1 ? 0 : P(1, mm + 1, nn)) + P(-1, -mm - 1, nn) * Math.sqrt(1 + (mm === -1 ? 1 : 0));
        value += v * V;
      }
      if (wc !== 0) {
        const W = mm > 0 ? P(1, mm + 1, nn) + P(-1, -mm - 1, nn) : P(1, mm - 1, nn) - P(-1, -mm + 1, nn);
        value += wc * W;
      }
      D[(mm + l) * n + (nn + l)] = value;
    }
  }
  return D;
}
