// The sparse-GP weights by the Subset-of-Regressors (projected process) solution
//   (K_MN W² K_NM + λ K_MM) α = K_MN W² y,
// solved in the whitened basis of K_MM = L Lᵀ (α = L⁻ᵀ β):
//   (L⁻¹ K_MN W² K_NM L⁻ᵀ + λ I) β = L⁻¹ K_MN W² y,
// whose matrix has every eigenvalue ≥ λ, so one Cholesky is stable where the plain normal
// equations (condition number of K_MM times that of the data) would not be. Rows of K_NM are
// never stored: each structure's rows are folded into A = K_MN W² K_NM and b = K_MN W² y.
import { cholesky, solveLower, solveUpper, whiten } from './cholesky.js';

/** Accumulated normal equations of some rows: A (upper triangle filled while adding), b, yᵀW²y, row count. */
export class NormalEquations {
  readonly A: Float64Array;
  readonly b: Float64Array;
  yy = 0;
  rows = 0;

  constructor(readonly size: number) {
    this.A = new Float64Array(size * size);
    this.b = new Float64Array(size);
  }

  /** Adds rows R[r] (each `size` wide, from `offset`) with targets y[r] and weights w[r]. */
  addRows(R: Float64Array, offset: number, count: number, y: ArrayLike<number>, yOffset: number, weight: number): void {
    const M = this.size;
    const w2 = weight * weight;
    const { A, b } = this;
    for (let r = 0; r < count; r++) {
      const o = offset + r * M;
      const target = y[yOffset + r];
      this.yy += w2 * target * target;
      this.rows++;
      for (let a = 0; a < M; a++) {
        const ra = w2 * R[o + a];
        if (ra === 0) continue;
        b[a] += ra * target;
        const row = a * M;
        for (let c = a; c < M; c++) A[row + c] += ra * R[o + c];
      }
    }
  }

  /** A with its lower triangle filled in. */
  symmetric(): Float64Array {
    const M = this.size;
    const A = this.A.slice();
    for (let a = 0; a < M; a++) for (let c = 0; c < a; c++) A[a * M + c] = A[c * M + a];
    return A;
  }
}

/** K_MM + jitter·I factorised, the jitter raised tenfold until positive definite (at most 1e-4 relative). */
export function factorSparseKernel(K: Float64Array, size: number, jitter: number): { L: Float64Array; jitter: number } {
  let scale = 0;
  for (let a = 0; a < size; a++) scale = Math.max(scale, K[a * size + a]);
  for (let j = jitter; j <= 1e-4; j *= 10) {
    const shifted = K.slice();
    for (let a = 0; a < size; a++) shifted[a * size + a] += j * scale;
    const L = cholesky(shifted, size);
    if (L) return { L, jitter: j };
  }
  throw new RangeError('the sparse points\' kernel matrix K_MM is not positive definite even with a jitter of 1e-4; the sparse points are (nearly) duplicates');
}

/** Whitened equations: L⁻¹ A L⁻ᵀ, L⁻¹ b. */
export function whitenEquations(L: Float64Array, eq: NormalEquations): { A: Float64Array; b: Float64Array; yy: number } {
  const b = eq.b.slice();
  solveLower(L, eq.size, b);
  return { A: whiten(L, eq.size, eq.symmetric()), b, yy: eq.yy };
}

/** β = (A + λ I)⁻¹ b. */
export function ridgeSolve(A: Float64Array, b: Float64Array, size: number, lambda: number): Float64Array {
  const shifted = A.slice();
  for (let a = 0; a < size; a++) shifted[a * size + a] += lambda;
  const L = cholesky(shifted, size);
  if (!L) throw new RangeError(`the regularised system is not positive definite (regularization ${lambda}); use a larger regularization`);
  const x = b.slice();
  solveLower(L, size, x);
  solveUpper(L, size, x);
  return x;
}

/** α = L⁻ᵀ β. */
export function unwhiten(L: Float64Array, size: number, beta: Float64Array): Float64Array {
  const alpha = beta.slice();
  solveUpper(L, size, alpha);
  return alpha;
}

export interface CrossValidation {
  /** The λ with the smallest held-out weighted squared error. */
  lambda: number;
  /** Every λ tried with its summed held-out error, in order. */
  scores: { lambda: number; error: number }[];
}

/**
 * k-fold cross-validation of λ on whitened per-fold equations: the held-out error of fold f is
 * yᵀW²y − 2 βᵀb_f + βᵀA_f β, exactly ‖W(y_f − K_f α)‖², so no kernel row is revisited.
 */
export function crossValidate(folds: { A: Float64Array; b: Float64Array; yy: number }[], size: number, lambdas: readonly number[]): CrossValidation {
  const totalA = new Float64Array(size * size);
  const totalB = new Float64Array(size);
  for (const f of folds) {
    for (let k = 0; k < totalA.length; k++) totalA[k] += f.A[k];
    for (let k = 0; k < size; k++) totalB[k] += f.b[k];
  }
  const scores = lambdas.map((lambda) => {
    let error = 0;
    for (const f of folds) {
      const A = totalA.map((v, k) => v - f.A[k]);
      const b = totalB.map((v, k) => v - f.b[k]);
      const beta = ridgeSolve(A, b, size, lambda);
      let quad = 0;
      let lin = 0;
      for (let a = 0; a < size; a++) {
        lin += beta[a] * f.b[a];
        let s = 0;
        for (let c = 0; c < size; c++) s += f.A[a * size + c] * beta[c];
        quad += beta[a] * s;
      }
      error += f.yy - 2 * lin + quad;
    }
    return { lambda, error };
  });
  let best = scores[0];
  for (const s of scores) if (s.error < best.error) best = s;
  return { lambda: best.lambda, scores };
}
