// Regularised least squares from normal equations: centring, column scaling, a ridge on the
// scaled weights, Cholesky in f64, and k-fold cross-validation of the ridge strength that reuses
// each fold's XᵀX (the solve is cheap next to computing features, so no rows are revisited).
//
// Variables. With design X (columns: features and per-species count columns) the problem is
// min ‖Xθ − y‖² + λ‖θ_w‖² in standardised variables:
//   centring  X' = X M: a feature column f of species s becomes X_f − μ_f X_{c(s)} (c(s) that
//             species' atom-count column), so energies see features relative to their mean per atom;
//             forces and virials are unchanged (their count entries are zero);
//   scaling   X'' = X' D with D = diag(X'ᵀX')^{-1/2}, so every column has unit weighted norm and λ
//             is dimensionless;
//   ridge     λ on every feature column; none on count columns unless the system is then not positive
//             definite (fixed stoichiometries make count columns collinear): then a fixed 1e-10;
//   back      θ = M D θ''.
import type { DenseKernels } from './kernels.js';
import type { NormalEquations } from './normal-equations.js';
import { symmetrize } from './normal-equations.js';

/** Ridge added to the (unit-diagonal) count columns: keeps fixed stoichiometries solvable, far below any fit's noise. */
export const COUNT_JITTER = 1e-10;

export interface ColumnRoles {
  /** Per column: the index of its count column (centring) or −1 (a count column, or not centred). */
  countColumn: Int32Array;
  /** Per column: the mean it is centred by (0 where countColumn is −1). */
  mean: Float64Array;
  /** Per column: 1 if the ridge applies (feature weights), 0 for count columns. */
  penalized: Uint8Array;
}

/** A problem in standardised variables: A'' θ'' = b'' with yᵀy kept for residuals. */
interface Standardised {
  gram: Float64Array;
  rhs: Float64Array;
  targetSquares: number;
}

export class RidgeSolver {
  readonly size: number;
  /** D, the column scales (1 for an all-zero column). */
  readonly scale: Float64Array;
  private readonly total: Standardised;
  private readonly folds: Standardised[];

  /** `parts` are the normal equations of disjoint row sets (the folds); the full problem is their sum. */
  constructor(
    parts: readonly NormalEquations[],
    private readonly roles: ColumnRoles,
    private readonly kernels: DenseKernels,
  ) {
    const P = parts[0].size;
    this.size = P;
    const centred = parts.map((part) => centre(symmetrize(flushed(part).gram, P), part.rhs, part.targetSquares, roles, P));
    const total: Standardised = { gram: new Float64Array(P * P), rhs: new Float64Array(P), targetSquares: 0 };
    for (const c of centred) {
      for (let k = 0; k < P * P; k++) total.gram[k] += c.gram[k];
      for (let k = 0; k < P; k++) total.rhs[k] += c.rhs[k];
      total.targetSquares += c.targetSquares;
    }
    this.scale = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      const d = total.gram[p * P + p];
      this.scale[p] = d > 0 ? 1 / Math.sqrt(d) : 1;
    }
    this.total = scaleProblem(total, this.scale, P);
    this.folds = parts.length > 1 ? centred.map((c) => scaleProblem(c, this.scale, P)) : [];
  }

  /** Parameters θ (original variables) for ridge strength λ on all rows; throws if not positive definite. */
  solve(lambda: number): Float64Array {
    const theta = this.solveStandardised(this.total.gram, this.total.rhs, lambda);
    if (!theta) {
      throw new RangeError(
        `the regularised normal equations are not positive definite at regularization = ${lambda}; ` +
          'use a larger regularization (features are collinear, e.g. duplicated power-spectrum pairs)',
      );
    }
    return this.backTransform(theta);
  }

  /**
   * Cross-validation error of λ: Σ over folds of the weighted squared residual of the rows of
   * that fold, fitted on the others (Infinity if some fold's system is not positive definite).
   */
  crossValidationError(lambda: number, onSolve?: () => void): number {
    if (this.folds.length < 2) throw new Error('internal: cross-validation needs at least 2 folds');
    const P = this.size;
    let error = 0;
    for (const fold of this.folds) {
      const gram = new Float64Array(P * P);
      const rhs = new Float64Array(P);
      for (let k = 0; k < P * P; k++) gram[k] = this.total.gram[k] - fold.gram[k];
      for (let k = 0; k < P; k++) rhs[k] = this.total.rhs[k] - fold.rhs[k];
      const theta = this.solveStandardised(gram, rhs, lambda);
      onSolve?.();
      if (!theta) return Infinity;
      error += residual(fold, theta, P);
    }
    return error;
  }

  /** Weighted squared residual of all rows at θ (original variables). */
  residualOf(theta: Float64Array): number {
    const P = this.size;
    const scaled = new Float64Array(P);
    // θ = M D θ''  ⇒  θ'' = D⁻¹ M⁻¹ θ; M⁻¹ adds back what M took from the count entries
    const inv = Float64Array.from(theta);
    for (let f = 0; f < P; f++) {
      const c = this.roles.countColumn[f];
      if (c >= 0) inv[c] += this.roles.mean[f] * theta[f];
    }
    for (let p = 0; p < P; p++) scaled[p] = inv[p] / this.scale[p];
    return residual(this.total, scaled, P);
  }

  private solveStandardised(gram: Float64Array, rhs: Float64Array, lambda: number): Float64Array | undefined {
    return this.tryCholesky(gram, rhs, lambda, 0) ?? this.tryCholesky(gram, rhs, lambda, COUNT_JITTER);
  }

  private tryCholesky(gram: Float64Array, rhs: Float64Array, lambda: number, jitter: number): Float64Array | undefined {
    const P = this.size;
    const matrix = Float64Array.from(gram);
    for (let p = 0; p < P; p++) matrix[p * P + p] += this.roles.penalized[p] ? lambda : jitter;
    if (this.kernels.choleskyFactor(P, matrix) !== -1) return undefined;
    const theta = Float64Array.from(rhs);
    this.kernels.choleskySolve(P, matrix, theta);
    for (let p = 0; p < P; p++) if (!Number.isFinite(theta[p])) return undefined;
    return theta;
  }

  private backTransform(standardised: Float64Array): Float64Array {
    const P = this.size;
    const theta = new Float64Array(P);
    for (let p = 0; p < P; p++) theta[p] = standardised[p] * this.scale[p];
    for (let f = 0; f < P; f++) {
      const c = this.roles.countColumn[f];
      if (c >= 0) theta[c] -= this.roles.mean[f] * theta[f];
    }
    return theta;
  }
}

function flushed(part: NormalEquations): NormalEquations {
  part.flush();
  return part;
}

/** θᵀAθ − 2θᵀb + yᵀy: the squared residual from the normal equations alone. */
function residual(problem: Standardised, theta: Float64Array, P: number): number {
  let quadratic = 0;
  let linear = 0;
  for (let i = 0; i < P; i++) {
    let row = 0;
    for (let j = 0; j < P; j++) row += problem.gram[i * P + j] * theta[j];
    quadratic += theta[i] * row;
    linear += theta[i] * problem.rhs[i];
  }
  return Math.max(0, quadratic - 2 * linear + problem.targetSquares);
}

/** A' = Mᵀ A M, b' = Mᵀ b for the centring M (see the file comment); A full symmetric, modified in place. */
function centre(A: Float64Array, b: Float64Array, targetSquares: number, roles: ColumnRoles, P: number): Standardised {
  const rhs = Float64Array.from(b);
  const { countColumn, mean } = roles;
  // columns: A[:, f] −= μ_f A[:, c(f)] (count columns are never centred, so A[:, c] is still the original)
  for (let f = 0; f < P; f++) {
    const c = countColumn[f];
    if (c < 0 || mean[f] === 0) continue;
    const m = mean[f];
    for (let i = 0; i < P; i++) A[i * P + f] -= m * A[i * P + c];
  }
  // rows: A[f, :] −= μ_f A[c(f), :]
  for (let f = 0; f < P; f++) {
    const c = countColumn[f];
    if (c < 0 || mean[f] === 0) continue;
    const m = mean[f];
    for (let j = 0; j < P; j++) A[f * P + j] -= m * A[c * P + j];
    rhs[f] -= m * rhs[c];
  }
  return { gram: A, rhs, targetSquares };
}

/** D A D, D b. */
function scaleProblem(problem: Standardised, scale: Float64Array, P: number): Standardised {
  const gram = new Float64Array(P * P);
  const rhs = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) gram[i * P + j] = problem.gram[i * P + j] * scale[i] * scale[j];
    rhs[i] = problem.rhs[i] * scale[i];
  }
  return { gram, rhs, targetSquares: problem.targetSquares };
}

export interface RegularizationSearch {
  /** The chosen λ. */
  lambda: number;
  /** Every λ tried and its cross-validation error (weighted squared residual, summed over folds). */
  tried: { lambda: number; error: number }[];
}

/**
 * λ by k-fold cross-validation on a log grid: decades 1e-12 … 1, then half-decades either side of
 * the best. `onSolve` is called after each fold's solve.
 */
export function searchRegularization(solver: RidgeSolver, onSolve?: () => void, grid = defaultGrid()): RegularizationSearch {
  const tried: { lambda: number; error: number }[] = [];
  const tryLambda = (lambda: number) => {
    const error = solver.crossValidationError(lambda, onSolve);
    tried.push({ lambda, error });
    return error;
  };
  let best = { lambda: grid[0], error: Infinity };
  for (const lambda of grid) {
    const error = tryLambda(lambda);
    if (error < best.error) best = { lambda, error };
  }
  if (!Number.isFinite(best.error)) {
    throw new RangeError('cross-validation found no regularization in 1e-12 … 1 with positive-definite normal equations on every fold');
  }
  for (const lambda of [best.lambda / Math.sqrt(10), best.lambda * Math.sqrt(10)]) {
    const error = tryLambda(lambda);
    if (error < best.error) best = { lambda, error };
  }
  return { lambda: best.lambda, tried };
}

/** Solves in a cross-validation search: folds × grid points. */
export function searchSolves(folds: number, grid = defaultGrid()): number {
  return folds * (grid.length + 2);
}

export function defaultGrid(): number[] {
  return Array.from({ length: 13 }, (_, k) => 10 ** (k - 12));
}
