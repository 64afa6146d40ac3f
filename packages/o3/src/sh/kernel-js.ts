// The pure-TypeScript path: values, gradients and Hessians of real solid or
// spherical harmonics for points [start, start+count) of `xyz`, written to rows
// 0…count−1 of the output arrays. Always computes in float64.
import { applyDerivatives } from './derivatives.js';
import type { Prefactors } from './prefactors.js';

/** S_l^m(x, y, z) for l ≤ lMax, given r2 = x²+y²+z² (1 for a unit vector), into out[o …). */
export function solidRow(pre: Prefactors, x: number, y: number, z: number, r2: number, out: Float64Array, o: number): void {
  const { lMax, a, b, colStart } = pre;
  // m = 0 column
  let k = 0;
  let prev2 = a[0];
  out[o] = prev2;
  if (lMax >= 1) {
    let prev1 = a[1] * z * prev2;
    out[o + 2] = prev1;
    for (let l = 2; l <= lMax; l++) {
      const cur = a[l] * z * prev1 - b[l] * r2 * prev2;
      out[o + l * l + l] = cur;
      prev2 = prev1;
      prev1 = cur;
    }
  }
  // m ≥ 1 columns: C + iS = (x + iy)^m
  let c = 1;
  let s = 0;
  for (let m = 1; m <= lMax; m++) {
    const cn = x * c - y * s;
    s = x * s + y * c;
    c = cn;
    k = colStart[m];
    let p2 = a[k];
    let idx = o + m * m + m;
    out[idx + m] = p2 * c;
    out[idx - m] = p2 * s;
    if (m === lMax) break;
    let p1 = a[k + 1] * z * p2;
    idx = o + (m + 1) * (m + 1) + (m + 1);
    out[idx + m] = p1 * c;
    out[idx - m] = p1 * s;
    for (let l = m + 2; l <= lMax; l++) {
      const j = k + (l - m);
      const cur = a[j] * z * p1 - b[j] * r2 * p2;
      idx = o + l * l + l;
      out[idx + m] = cur * c;
      out[idx - m] = cur * s;
      p2 = p1;
      p1 = cur;
    }
  }
}

export interface JsOutputs {
  values: Float64Array;
  gradients?: Float64Array;
  hessians?: Float64Array;
  /** Per-point scratch of 3K for the unprojected gradients (normalized Hessians only). */
  scratch?: Float64Array;
}

/**
 * Harmonics of points start…start+count−1. Returns true when some point had a non-finite
 * |r|² (its outputs are then meaningless and the caller throws). For `normalized`, the spherical harmonics
 * Y(r) = S(r/|r|); at the origin, where the direction is undefined, Y is set to
 * (1/√4π, 0, …) and its derivatives to 0 (documented convention).
 */
export function computeJs(
  pre: Prefactors,
  normalized: boolean,
  xyz: Float64Array,
  start: number,
  count: number,
  out: JsOutputs,
): boolean {
  const L = pre.lMax;
  let bad = false;
  const K = (L + 1) * (L + 1);
  const { values, gradients, hessians } = out;
  for (let i = 0; i < count; i++) {
    const q = 3 * (start + i);
    let x = xyz[q];
    let y = xyz[q + 1];
    let z = xyz[q + 2];
    const vo = i * K;
    const go = 3 * vo;
    const ho = 9 * vo;
    // One compare flags NaN or infinite coordinates (and overflowing |r|²); the caller names the point.
    if (!(x * x + y * y + z * z < Infinity)) bad = true;
    if (!normalized) {
      solidRow(pre, x, y, z, x * x + y * y + z * z, values, vo);
      if (gradients) applyDerivatives(pre, values, vo, gradients, go, go + K, go + 2 * K);
      if (hessians) {
        for (let b = 0; b < 3; b++) applyDerivatives(pre, gradients!, go + b * K, hessians, ho + b * K, ho + (3 + b) * K, ho + (6 + b) * K);
      }
      continue;
    }
    const r2 = x * x + y * y + z * z;
    if (r2 === 0) {
      values.fill(0, vo, vo + K);
      values[vo] = pre.a[0];
      if (gradients) gradients.fill(0, go, go + 3 * K);
      if (hessians) hessians.fill(0, ho, ho + 9 * K);
      continue;
    }
    const ir = 1 / Math.sqrt(r2);
    x *= ir;
    y *= ir;
    z *= ir;
    solidRow(pre, x, y, z, 1, values, vo);
    if (!gradients) continue;
    if (hessians) {
      // Unprojected ∇S(u) in scratch, then H_S = D(∇S) and the corrections of Y(r) = S(r)|r|^−l.
      const g = out.scratch!;
      applyDerivatives(pre, values, vo, g, 0, K, 2 * K);
      for (let b = 0; b < 3; b++) applyDerivatives(pre, g, b * K, hessians, ho + b * K, ho + (3 + b) * K, ho + (6 + b) * K);
      projectHessians(L, x, y, z, ir, values, vo, g, hessians, ho);
    }
    // ∇Y(r) = (∇S(u) − l S(u) u) / |r|, projected as it is computed
    applyDerivatives(pre, values, vo, gradients, go, go + K, go + 2 * K, x, y, z, ir);
  }
  return bad;
}

// H_Y(r) = [H_S(u) − l(∇S uᵀ + u ∇Sᵀ) + S(−l I + l(l+2) u uᵀ)] / |r|², all at u = r/|r|.
function projectHessians(
  L: number,
  x: number,
  y: number,
  z: number,
  ir: number,
  values: Float64Array,
  vo: number,
  g: Float64Array,
  hessians: Float64Array,
  ho: number,
): void {
  const K = (L + 1) * (L + 1);
  const u = [x, y, z];
  const ir2 = ir * ir;
  for (let l = 0; l <= L; l++) {
    for (let k = l * l; k < (l + 1) * (l + 1); k++) {
      const s = values[vo + k];
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const h = ho + (3 * a + b) * K + k;
          let v = hessians[h] - l * (g[a * K + k] * u[b] + u[a] * g[b * K + k]) + s * l * (l + 2) * u[a] * u[b];
          if (a === b) v -= s * l;
          hessians[h] = v * ir2;
        }
      }
    }
  }
}
