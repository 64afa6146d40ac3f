// The sparse-GP weights by the Subset-of-Regressors (projected process) solution
//   (K_MN W² K_NM + λ K_MM) α = K_MN W² y,
// solved in the whitened basis of K_MM = L Lᵀ (α = L⁻ᵀ β):
//   (L⁻¹ K_MN W² K_NM L⁻ᵀ + λ I) β = L⁻¹ K_MN W² y,
// whose matrix has every eigenvalue ≥ λ, so one Cholesky is stable where the plain normal
// equations (condition number of K_MM times that of the data) would not be. Rows of K_NM are
// never stored: each structure's rows are folded into A = K_MN W² K_NM and b = K_MN W² y.
import { NormalEquations, type DenseKernels } from '../solver/index.js';
import { solveLower, solveUpper, whiten } from './cholesky.js';

/**
 * Accumulated normal equations of some rows: the solver's batched Gram update (WebAssembly where
 * available), fed row by row with the weights applied.
 */
export class GpNormalEquations {
  private readonly inner: NormalEquations;
  private readonly scratch: Float64Array;

  constructor(readonly size: number, kernels: DenseKernels) {
    this.inner = new NormalEquations(size, kernels);
    this.scratch = new Float64Array(size);
  }

  get rows(): number {
    return this.inner.rows;
  }

  get yy(): number {
    return this.inner.targetSquares;
  }

  get b(): Float64Array {
    this.inner.flush();
    return this.inner.rhs;
  }

  /** Adds rows R[r] (each `size` wide, from `offset`) with targets y[r], all with weight w. */
  addRows(R: Float64Array, offset: number, count: number, y: ArrayLike<number>, yOffset: number, weight: number): void {
    const M = this.size;
    for (let r = 0; r < count; r++) {
      const o = offset + r * M;
      for (let a = 0; a < M; a++) this.scratch[a] = weight * R[o + a];
      this.inner.addRow(this.scratch, weight * y[yOffset + r]);
    }
  }

  /** A = Σ w² r rᵀ, full symmetric. */
  symmetric(): Float64Array {
    return this.inner.symmetricGram();
  }
}

/** K_MM + jitter·I factorised, the jitter raised tenfold until positive definite (at most 1e-4 relative). */
export function factorSparseKernel(K: Float64Array, size: number, jitter: number, kernels: DenseKernels): { L: Float64Array; jitter: number } {
  let scale = 0;
  for (let a = 0; a < size; a++) scale = Math.max(scale, K[a * size + a]);
  for (let j = jitter; j <= 1e-4 * (1 + 1e-9); j *= 10) {
    const L = K.slice();
    for (let a = 0; a < size; a++) L[a * size + a] += j * scale;
    if (kernels.choleskyFactor(size, L) < 0) return { L: lowerOnly(L, size), jitter: j };
  }
  throw new RangeError('the sparse points\' kernel matrix K_MM is not positive definite even with a jitter of 1e-4; the sparse points are (nearly) duplicates');
}

/** Whitened equations: L⁻¹ A L⁻ᵀ, L⁻¹ b. */
export function whitenEquations(L: Float64Array, eq: GpNormalEquations): { A: Float64Array; b: Float64Array; yy: number } {
  const b = eq.b.slice();
  solveLower(L, eq.size, b);
  return { A: whiten(L, eq.size, eq.symmetric()), b, yy: eq.yy };
}

/** β = (A + λ I)⁻¹ b. */
export function ridgeSolve(A: Float64Array, b: Float64Array, size: number, lambda: number, kernels: DenseKernels): Float64Array {
  const L = A.slice();
  for (let a = 0; a < size; a++) L[a * size + a] += lambda;
  if (kernels.choleskyFactor(size, L) >= 0) throw new RangeError(`the regularised system is not positive definite (regularization ${lambda}); use a larger regularization`);
  const x = b.slice();
  kernels.choleskySolve(size, L, x);
  return x;
}

/** The factor with its upper triangle (left as the input by the in-place factorisation) zeroed. */
function lowerOnly(L: Float64Array, size: number): Float64Array {
  for (let a = 0; a < size; a++) for (let c = a + 1; c < size; c++) L[a * size + c] = 0;
  return L;
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
export function crossValidate(folds: { A: Float64Array; b: Float64Array; yy: number }[], size: number, lambdas: readonly number[], kernels: DenseKernels): CrossValidation {
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
      const beta = ridgeSolve(A, b, size, lambda, kernels);
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
