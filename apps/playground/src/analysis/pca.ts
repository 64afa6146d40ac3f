// Principal component analysis of per-atom feature vectors, for the 2-D map of atomic
// environments: centre, covariance (f64), its largest eigenpairs, projection.
import { jacobiEigen, topEigenpairs } from './eigen.js';

export interface PcaResult {
  /** Projections, rows × components, row-major. */
  scores: Float64Array;
  /** Principal axes as rows, components × cols, unit length, largest variance first. */
  axes: Float64Array;
  /** Column means subtracted before projecting. */
  mean: Float64Array;
  /** Variance along each axis (the covariance eigenvalues, divided by rows − 1). */
  variances: Float64Array;
  /** Sum of all column variances (the covariance trace). */
  totalVariance: number;
  components: number;
}

export interface PcaOptions {
  /** Number of components, default 2. */
  components?: number;
  /** Up to this many columns, the full Jacobi spectrum; above it, orthogonal iteration. Default 256. */
  jacobiLimit?: number;
}

/**
 * PCA of `data` (rows × cols, row-major; each row one sample). Axes are signed so that their
 * largest component is positive, so the map does not flip between runs. Input not mutated.
 * Needs at least 2 rows.
 */
export function pca(data: ArrayLike<number>, rows: number, cols: number, options: PcaOptions = {}): PcaResult {
  if (!Number.isInteger(rows) || rows < 2) throw new RangeError(`rows must be an integer ≥ 2 (PCA needs two samples), got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1) throw new RangeError(`cols must be a positive integer, got ${cols}`);
  if (data.length !== rows * cols) throw new RangeError(`data must have rows·cols = ${rows * cols} values, got ${data.length}`);
  const { components = 2, jacobiLimit = 256 } = options;
  if (!Number.isInteger(components) || components < 1 || components > cols) {
    throw new RangeError(`options.components must be an integer in [1, cols = ${cols}], got ${components}`);
  }
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = data[r * cols + c];
      if (!Number.isFinite(x)) throw new RangeError(`data[${r}][${c}] must be finite, got ${x}`);
      mean[c] += x;
    }
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const centred = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) centred[r * cols + c] = data[r * cols + c] - mean[c];

  // Covariance, upper triangle accumulated row by row (cache-friendly), then mirrored.
  const covariance = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let i = 0; i < cols; i++) {
      const xi = centred[base + i];
      if (xi === 0) continue;
      for (let j = i; j < cols; j++) covariance[i * cols + j] += xi * centred[base + j];
    }
  }
  let totalVariance = 0;
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      const value = covariance[i * cols + j] / (rows - 1);
      covariance[i * cols + j] = value;
      covariance[j * cols + i] = value;
    }
    totalVariance += covariance[i * cols + i];
  }

  const pairs = cols <= jacobiLimit ? jacobiEigen(covariance, cols) : topEigenpairs(covariance, cols, components);
  const axes = pairs.vectors.slice(0, components * cols);
  // Rounding can leave a tiny negative eigenvalue of a rank-deficient covariance: a variance is ≥ 0.
  const variances = pairs.values.slice(0, components).map((v) => Math.max(v, 0));
  const scores = new Float64Array(rows * components);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < components; k++) {
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += centred[r * cols + c] * axes[k * cols + c];
      scores[r * components + k] = dot;
    }
  }
  return { scores, axes, mean, variances, totalVariance, components };
}
