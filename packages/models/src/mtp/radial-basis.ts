// MLIP's RBChebyshev radial basis: Q_ξ(r) = T_ξ(s) · (R_cut − r)², s = (2r − (r_min + R_cut)) / (R_cut − r_min),
// built by the Chebyshev recurrence on the products (so Q_ξ = 2 s Q_{ξ−1} − Q_{ξ−2}), values and
// r-derivatives. MLIP does not clamp r below min_dist for this basis, and neither do we.

/** Writes Q_ξ(r) into vals[0..size) and dQ_ξ/dr into ders[0..size). */
export function chebyshevRadial(r: number, minDist: number, maxDist: number, size: number, vals: Float64Array, ders: Float64Array, offset = 0): void {
  const width = maxDist - minDist;
  const ds = 2 / width;
  const s = (2 * r - (minDist + maxDist)) / width;
  const d = r - maxDist;
  vals[offset] = d * d;
  ders[offset] = 2 * d;
  if (size < 2) return;
  vals[offset + 1] = s * d * d;
  ders[offset + 1] = ds * d * d + 2 * s * d;
  for (let k = 2; k < size; k++) {
    vals[offset + k] = 2 * s * vals[offset + k - 1] - vals[offset + k - 2];
    ders[offset + k] = 2 * (ds * vals[offset + k - 1] + s * ders[offset + k - 1]) - ders[offset + k - 2];
  }
}
