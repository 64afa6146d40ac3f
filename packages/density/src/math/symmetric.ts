// Inverse square root of a small symmetric positive-definite matrix (the GTO overlap),
// S^{-1/2} = U diag(λ^{-1/2}) Uᵀ, from core's symmetric eigen-decomposition.
import { symmetricEigen } from '@equikit/core';

/** S^{-1/2} of a symmetric positive-definite row-major n×n matrix; throws if S is (numerically) singular. */
export function inverseSqrtSymmetric(matrix: Float64Array, n: number, what: string): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const largest = Math.max(...values);
  for (const lambda of values) {
    if (!(lambda > 1e-14 * largest)) {
      throw new RangeError(`${what}: the overlap matrix is singular (eigenvalue ${lambda}); use fewer radial functions`);
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (vectors[k * n + i] * vectors[k * n + j]) / Math.sqrt(values[k]); // vectors are rows
      out[i * n + j] = sum;
    }
  }
  return out;
}
