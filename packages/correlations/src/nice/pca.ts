// NICE's compression of one channel: an uncentred PCA of its expanded properties, with the
// 2λ+1 components of every centre counted as samples of the same property covariance
//   Σ_jk = Σ_centres Σ_M E[M][j] E[M][k],
// which is invariant under rotations of the training set (D(λ, R) is orthogonal), so the
// projection acts on properties only and commutes with rotations. No centring: the map stays
// linear (an empty environment gives zero features, gradients need no constant term).
import { symmetricEigen } from '@equikit/core';

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

/**
 * The same projection from the sample rows A [S][P] when S < P: the eigenvectors of the Gram
 * matrix G = A Aᵀ (S × S, same non-zero eigenvalues μ) give those of AᵀA as Aᵀu/√μ, at
 * O(S²P + S³) instead of O(SP² + P³).
 */
export function principalProjectionFromRows(A: Float64Array, S: number, P: number, maxComponents: number, varianceThreshold: number): Float64Array {
  const G = new Float64Array(S * S);
  for (let a = 0; a < S; a++) {
    for (let b = a; b < S; b++) {
      let dot = 0;
      for (let j = 0; j < P; j++) dot += A[a * P + j] * A[b * P + j];
      G[a * S + b] = dot;
      G[b * S + a] = dot;
    }
  }
  const { values, vectors } = symmetricEigen(G, S);
  let trace = 0;
  for (let k = 0; k < S; k++) trace += Math.max(values[k], 0);
  const largest = S > 0 ? values[0] : 0;
  let R = 0;
  let carried = 0;
  while (R < Math.min(maxComponents, S) && values[R] > NULL_VARIANCE * largest && largest > 0) {
    carried += values[R];
    R++;
    if (carried >= varianceThreshold * trace) break;
  }
  const W = new Float64Array(R * P);
  for (let r = 0; r < R; r++) {
    const scale = 1 / Math.sqrt(values[r]);
    for (let a = 0; a < S; a++) {
      const u = vectors[r * S + a] * scale;
      if (u === 0) continue;
      for (let j = 0; j < P; j++) W[r * P + j] += u * A[a * P + j];
    }
    // the same sign convention as principalProjection: largest-magnitude entry positive
    let best = 0;
    for (let j = 1; j < P; j++) if (Math.abs(W[r * P + j]) > Math.abs(W[r * P + best]) + 1e-14) best = j;
    if (W[r * P + best] < 0) for (let j = 0; j < P; j++) W[r * P + j] = -W[r * P + j];
  }
  return W;
}
