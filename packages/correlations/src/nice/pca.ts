// NICE's compression of one channel: an uncentred PCA of its expanded properties, with the
// 2λ+1 components of every centre counted as samples of the same property covariance
//   Σ_jk = Σ_centres Σ_M E[M][j] E[M][k],
// which is invariant under rotations of the training set (D(λ, R) is orthogonal), so the
// projection acts on properties only and commutes with rotations. No centring: the map stays
// linear (an empty environment gives zero features, gradients need no constant term).
import { symmetricEigen } from './eigen.js';

/** Accumulates Σ_M e_M e_Mᵀ (upper triangle) of rows [width][P] starting at `offset`. */
export function accumulateCovariance(cov: Float64Array, P: number, E: Float64Array, offset: number, width: number): void {
  for (let M = 0; M < width; M++) {
    const row = offset + M * P;
    for (let j = 0; j < P; j++) {
      const ej = E[row + j];
      if (ej === 0) continue;
      const c = j * P;
      for (let k = j; k < P; k++) cov[c + k] += ej * E[row + k];
    }
  }
}

/** Eigenvalues below this fraction of the largest are null directions, never kept. */
export const NULL_VARIANCE = 1e-12;

/**
 * The projection [R][P] (rows: leading eigenvectors of the covariance, upper triangle given):
 * R = min(maxComponents, the fewest that carry `varianceThreshold` of the trace, the non-null ones).
 */
export function principalProjection(cov: Float64Array, P: number, maxComponents: number, varianceThreshold: number): Float64Array {
  for (let j = 0; j < P; j++) for (let k = 0; k < j; k++) cov[j * P + k] = cov[k * P + j];
  const { values, vectors } = symmetricEigen(cov, P);
  let trace = 0;
  for (let k = 0; k < P; k++) trace += Math.max(values[k], 0);
  const largest = P > 0 ? values[0] : 0;
  let R = 0;
  let carried = 0;
  while (R < Math.min(maxComponents, P) && values[R] > NULL_VARIANCE * largest && largest > 0) {
    carried += values[R];
    R++;
    if (carried >= varianceThreshold * trace) break;
  }
  return vectors.slice(0, R * P);
}
