// Eigen-decomposition of real symmetric matrices in f64, for the PCA map: core's full solver for
// small matrices, and orthogonal (subspace) iteration with a Rayleigh–Ritz step
// for the few largest eigenpairs of big ones.

import { symmetricEigen } from '@equikit/core';

export interface Eigenpairs {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Eigenvectors as rows (vectors[k·n + i] = component i of vector k), unit length, same order as values. */
  vectors: Float64Array;
}

function checkSquareSymmetric(matrix: Float64Array, n: number): void {
  if (!(matrix instanceof Float64Array)) throw new TypeError('matrix must be a Float64Array (row-major n×n)');
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (matrix.length !== n * n) throw new RangeError(`matrix must have n·n = ${n * n} values, got ${matrix.length}`);
  let scale = 0;
  for (let k = 0; k < matrix.length; k++) {
    if (!Number.isFinite(matrix[k])) throw new RangeError(`matrix[${k}] must be finite, got ${matrix[k]}`);
    scale = Math.max(scale, Math.abs(matrix[k]));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(matrix[i * n + j] - matrix[j * n + i]) > 1e-10 * scale) {
        throw new RangeError(`matrix must be symmetric: [${i}][${j}] = ${matrix[i * n + j]} but [${j}][${i}] = ${matrix[j * n + i]}`);
      }
    }
  }
}

/** Flips each vector so that its largest-magnitude component is positive: results do not depend on rounding. */
function fixSigns(vectors: Float64Array, count: number, n: number): void {
  for (let k = 0; k < count; k++) {
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(vectors[k * n + i]) > Math.abs(vectors[k * n + best]) + 1e-12) best = i;
    if (vectors[k * n + best] < 0) for (let i = 0; i < n; i++) vectors[k * n + i] = -vectors[k * n + i];
  }
}

/**
 * All eigenpairs of the symmetric n×n matrix (row-major), largest first, by core's Householder +
 * QL solver (machine precision, a fixed sign per vector). Input not mutated.
 */
export function jacobiEigen(matrix: Float64Array, n: number): Eigenpairs {
  checkSquareSymmetric(matrix, n);
  return symmetricEigen(matrix, n);
}

export interface TopEigenOptions {
  /** Stop when every Ritz value changes by less than this, relative to the largest; default 1e-12. */
  tolerance?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Seed of the starting block; default 1. */
  seed?: number;
}

/**
 * The `count` largest eigenpairs of a symmetric positive semi-definite n×n matrix by orthogonal
 * iteration on a block of count + 4 vectors, with a Rayleigh–Ritz step (Jacobi on the small
 * projected matrix) each iteration. O(n²) per iteration: for covariance matrices too big for Jacobi.
 */
export function topEigenpairs(matrix: Float64Array, n: number, count: number, options: TopEigenOptions = {}): Eigenpairs {
  checkSquareSymmetric(matrix, n);
  if (!Number.isInteger(count) || count < 1 || count > n) throw new RangeError(`count must be an integer in [1, n = ${n}], got ${count}`);
  const { tolerance = 1e-12, maxIterations = 1000, seed = 1 } = options;
  const m = Math.min(n, count + 4);
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32: a fixed, reproducible start that is not orthogonal to any eigenvector in practice
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296 - 0.5;
  };
  let block = new Float64Array(m * n).map(random);
  orthonormalizeRows(block, m, n, random);
  const product = new Float64Array(m * n);
  let previous: Float64Array = new Float64Array(m).fill(Infinity);
  let result: Eigenpairs = { values: new Float64Array(m), vectors: block };
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    multiplyRows(matrix, n, block, m, product);
    // Rayleigh–Ritz: H = Q A Qᵀ (m×m), rotate the block onto H's eigenvectors.
    const h = new Float64Array(m * m);
    for (let r = 0; r < m; r++) {
      for (let s = r; s < m; s++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += block[r * n + i] * product[s * n + i];
        h[r * m + s] = dot;
        h[s * m + r] = dot;
      }
    }
    const small = jacobiEigen(h, m);
    const rotated = new Float64Array(m * n);
    for (let k = 0; k < m; k++) {
      for (let r = 0; r < m; r++) {
        const w = small.vectors[k * m + r];
        for (let i = 0; i < n; i++) rotated[k * n + i] += w * block[r * n + i];
      }
    }
    result = { values: small.values, vectors: rotated };
    const scale = Math.max(Math.abs(small.values[0]), Number.MIN_VALUE);
    let change = 0;
    for (let k = 0; k < count; k++) change = Math.max(change, Math.abs(small.values[k] - previous[k]) / scale);
    if (change < tolerance) break;
    previous = Float64Array.from(small.values);
    // Next block: orthonormalised A·(rotated block).
    multiplyRows(matrix, n, rotated, m, product);
    block = Float64Array.from(product);
    orthonormalizeRows(block, m, n, random);
  }
  const values = result.values.slice(0, count);
  const vectors = result.vectors.slice(0, count * n);
  fixSigns(vectors, count, n);
  return { values, vectors };
}

/** out[k] = A · rows[k] for the symmetric A (so rows times A, too). */
function multiplyRows(a: Float64Array, n: number, rows: Float64Array, m: number, out: Float64Array): void {
  out.fill(0);
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += a[i * n + j] * rows[k * n + j];
      out[k * n + i] = dot;
    }
  }
}

/**
 * Modified Gram–Schmidt, twice per row (enough for full orthogonality in f64). A row that vanishes
 * (the matrix has lower rank than the block) is replaced by a pseudo-random one and tried again.
 */
function orthonormalizeRows(rows: Float64Array, m: number, n: number, random: () => number): void {
  for (let k = 0; k < m; k++) {
    for (let attempt = 0; ; attempt++) {
      let before = 0;
      for (let i = 0; i < n; i++) before += rows[k * n + i] * rows[k * n + i];
      for (let pass = 0; pass < 2; pass++) {
        for (let r = 0; r < k; r++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += rows[k * n + i] * rows[r * n + i];
          for (let i = 0; i < n; i++) rows[k * n + i] -= dot * rows[r * n + i];
        }
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += rows[k * n + i] * rows[k * n + i];
      if (norm > 1e-20 * before && norm > 1e-300) {
        norm = Math.sqrt(norm);
        for (let i = 0; i < n; i++) rows[k * n + i] /= norm;
        break;
      }
      if (attempt === 8) throw new Error(`could not orthonormalise row ${k} of ${m} in dimension ${n}`);
      for (let i = 0; i < n; i++) rows[k * n + i] = random();
    }
  }
}
