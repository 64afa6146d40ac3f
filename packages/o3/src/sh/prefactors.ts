// Constants of the Cartesian recurrences, computed once per lMax (sphericart style):
// the calculator owns them and `compute` never recomputes them.
//
// Real solid harmonics are S_l^m = N_l^|m| q_l^|m|(z, r²) · {Re, Im}(x + i y)^|m|, where
// q_l^m = r^(l−m) P_l^(m)(z/r) (the m-th derivative of the Legendre polynomial, made
// homogeneous) and N_l^0 = √((2l+1)/4π), N_l^m = √((2l+1)/2π · (l−m)!/(l+m)!).
// With P̃_l^m = N_l^m q_l^m the upward recurrence in l at fixed m is
//   P̃_m^m = N_m^m (2m−1)!!,   P̃_l^m = a_lm z P̃_(l−1)^m − b_lm r² P̃_(l−2)^m,
// stable in floating point (it is the standard upward Legendre recurrence).

/** Largest lMax accepted: beyond it the tables and outputs are absurd for this library's uses. */
export const MAX_L = 64;

export interface Prefactors {
  readonly lMax: number;
  /** Column-major by m: entry (l, m) at colStart[m] + (l − m). For l = m it holds P̃_m^m. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly colStart: Int32Array;
  /** Triangular by l: entry (l, m ≥ 0) at l(l+1)/2 + m. Derivative coefficients, see derivatives.ts. */
  readonly kp: Float64Array;
  readonly km: Float64Array;
  readonly kz: Float64Array;
}

/** N_l^m for m ≥ 0, by products of ratios so no factorial ever overflows. */
export function normalization(l: number, m: number): number {
  let ratio = 1; // (l−m)!/(l+m)!
  for (let k = l - m + 1; k <= l + m; k++) ratio /= k;
  return Math.sqrt(((2 * l + 1) / (m === 0 ? 4 * Math.PI : 2 * Math.PI)) * ratio);
}

export function triangle(l: number, m: number): number {
  return (l * (l + 1)) / 2 + m;
}

export function buildPrefactors(lMax: number): Prefactors {
  const size = ((lMax + 1) * (lMax + 2)) / 2;
  const a = new Float64Array(size);
  const b = new Float64Array(size);
  const colStart = new Int32Array(lMax + 2);
  const norm = new Float64Array(size);
  for (let l = 0; l <= lMax; l++) for (let m = 0; m <= l; m++) norm[triangle(l, m)] = normalization(l, m);

  let offset = 0;
  let doubleFactorial = 1; // (2m−1)!!, kept as a ratio with N below to avoid overflow at large m
  for (let m = 0; m <= lMax; m++) {
    colStart[m] = offset;
    if (m > 0) doubleFactorial = 2 * m - 1;
    // P̃_m^m = N_m^m (2m−1)!! = P̃_(m−1)^(m−1) · (N_m^m / N_(m−1)^(m−1)) · (2m−1)
    a[offset] = m === 0 ? norm[0] : a[colStart[m - 1]] * (norm[triangle(m, m)] / norm[triangle(m - 1, m - 1)]) * doubleFactorial;
    for (let l = m + 1; l <= lMax; l++) {
      const k = offset + (l - m);
      a[k] = ((2 * l - 1) / (l - m)) * (norm[triangle(l, m)] / norm[triangle(l - 1, m)]);
      b[k] = l >= m + 2 ? ((l + m - 1) / (l - m)) * (norm[triangle(l, m)] / norm[triangle(l - 2, m)]) : 0;
    }
    offset += lMax + 1 - m;
  }
  colStart[lMax + 1] = offset;

  // Derivatives map degree l to degree l−1 (see derivatives.ts for the formulas).
  const kp = new Float64Array(size);
  const km = new Float64Array(size);
  const kz = new Float64Array(size);
  for (let l = 1; l <= lMax; l++) {
    for (let m = 0; m <= l; m++) {
      const t = triangle(l, m);
      const n = norm[t];
      if (m + 1 <= l - 1) kp[t] = m === 0 ? n / norm[triangle(l - 1, 1)] : n / (2 * norm[triangle(l - 1, m + 1)]);
      if (m >= 1) km[t] = ((l + m) * (l + m - 1) * n) / (2 * norm[triangle(l - 1, m - 1)]);
      if (m <= l - 1) kz[t] = ((l + m) * n) / norm[triangle(l - 1, m)];
    }
  }
  return { lMax, a, b, colStart, kp, km, kz };
}
