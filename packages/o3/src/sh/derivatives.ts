// Cartesian derivatives of real solid harmonics are solid harmonics of one degree
// lower, with at most two terms per axis. With c = (l+m)(l+m−1) and the constants
//   kp = N_l^m / (2 N_(l−1)^(m+1))   (N_l^0 / N_(l−1)^1 for m = 0)
//   km = c N_l^m / (2 N_(l−1)^(m−1)),  kz = (l+m) N_l^m / N_(l−1)^m,
// and S' = S_(l−1):
//   ∂x S_l^m  = −kp S'^(m+1)    + km S'^(m−1)      ∂x S_l^−m = −kp S'^−(m+1) + km S'^−(m−1)
//   ∂y S_l^m  = −kp S'^−(m+1)   − km S'^−(m−1)     ∂y S_l^−m =  kp S'^(m+1)  + km S'^(m−1)
//   ∂z S_l^±m = kz S'^±m
// (terms whose |m| exceeds l−1 vanish; S'^−0 is 0; for m = 0, ∂x = −kp S'^1, ∂y = −kp S'^−1).
// They follow from ∂z R_l^m = (l+m) R_(l−1)^m, (∂x + i∂y) R_l^m = −R_(l−1)^(m+1) and
// (∂x − i∂y) R_l^m = (l+m)(l+m−1) R_(l−1)^(m−1) for R_l^m = q_l^m (x+iy)^m.
// Because the map is linear with constant coefficients, applying it twice gives Hessians.
import type { Prefactors } from './prefactors.js';

/**
 * Writes ∂x, ∂y, ∂z of the solid-harmonic family stored in `src[so … so+K)` (any
 * family closed under the map, e.g. S itself or one of its derivatives) to
 * dst[dx …], dst[dy …], dst[dz …]. Degree 0 gets 0.
 *
 * With `ir` > 0 and src = S(u) at a unit vector u = (ux, uy, uz), it writes instead the
 * gradients of the spherical harmonics Y(r) = S(r/|r|) at r = u/ir, projected in the
 * same pass: ∇Y = (∇S(u) − l S(u) u)·ir (u·∇S(u) = l S(u) by homogeneity).
 */
export function applyDerivatives(
  pre: Prefactors,
  src: Float64Array,
  so: number,
  dst: Float64Array,
  dx: number,
  dy: number,
  dz: number,
  ux = 0,
  uy = 0,
  uz = 0,
  ir = 0,
): void {
  const { lMax, kp, km, kz } = pre;
  dst[dx] = 0;
  dst[dy] = 0;
  dst[dz] = 0;
  for (let l = 1; l <= lMax; l++) {
    const c = l * l + l; // index of (l, 0)
    const p = so + (l - 1) * (l - 1) + (l - 1); // src index of (l−1, 0)
    let t = (l * (l + 1)) / 2;
    // m = 0
    if (l >= 2) {
      dst[dx + c] = -kp[t] * src[p + 1];
      dst[dy + c] = -kp[t] * src[p - 1];
    } else {
      dst[dx + c] = 0;
      dst[dy + c] = 0;
    }
    dst[dz + c] = kz[t] * src[p];
    if (ir > 0) {
      const ls = l * src[so + c];
      dst[dx + c] = (dst[dx + c] - ls * ux) * ir;
      dst[dy + c] = (dst[dy + c] - ls * uy) * ir;
      dst[dz + c] = (dst[dz + c] - ls * uz) * ir;
    }
    for (let m = 1; m <= l; m++) {
      t++;
      const P = kp[t];
      const M = km[t];
      const Z = kz[t];
      // S'^(m−1) and S'^−(m−1); S'^−0 is zero.
      const lowC = src[p + m - 1];
      const lowS = m > 1 ? src[p - m + 1] : 0;
      let xc = M * lowC;
      let yc = -M * lowS;
      let xs = M * lowS;
      let ys = M * lowC;
      if (m + 1 <= l - 1) {
        const highC = src[p + m + 1];
        const highS = src[p - m - 1];
        xc -= P * highC;
        yc -= P * highS;
        xs -= P * highS;
        ys += P * highC;
      }
      let zc = 0;
      let zs = 0;
      if (m <= l - 1) {
        zc = Z * src[p + m];
        zs = Z * src[p - m];
      }
      if (ir > 0) {
        const lc = l * src[so + c + m];
        const ls = l * src[so + c - m];
        xc = (xc - lc * ux) * ir;
        yc = (yc - lc * uy) * ir;
        zc = (zc - lc * uz) * ir;
        xs = (xs - ls * ux) * ir;
        ys = (ys - ls * uy) * ir;
        zs = (zs - ls * uz) * ir;
      }
      dst[dx + c + m] = xc;
      dst[dy + c + m] = yc;
      dst[dz + c + m] = zc;
      dst[dx + c - m] = xs;
      dst[dy + c - m] = ys;
      dst[dz + c - m] = zs;
    }
  }
}
