// Inverse square root of a small symmetric positive-definite matrix (the GTO overlap),
// S^{-1/2} = U diag(λ^{-1/2}) Uᵀ, from a cyclic Jacobi eigen-decomposition: slow for big
// matrices but accurate to a few ulps of the largest eigenvalue, and n here is ≤ 64.

/** Eigenvalues and eigenvectors (columns of U, row-major n×n) of a symmetric row-major n×n matrix. */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) u[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += a[i * n + i] * a[i * n + i];
      for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    }
    if (off <= 1e-34 * diagonal) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // rotation angle that zeroes a[p][q] (stable form with t = tan θ, |θ| ≤ π/4)
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const ukp = u[k * n + p];
          const ukq = u[k * n + q];
          u[k * n + p] = c * ukp - s * ukq;
          u[k * n + q] = s * ukp + c * ukq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: u };
}

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
      for (let k = 0; k < n; k++) sum += (vectors[i * n + k] * vectors[j * n + k]) / Math.sqrt(values[k]);
      out[i * n + j] = sum;
    }
  }
  return out;
}
