// A small dense Cholesky for the sparse GP's M × M systems (symmetric positive definite,
// row-major). Kept here so the GP does not depend on the linear model's solver.

/** Lower factor L with A = L Lᵀ, or undefined if A is not (numerically) positive definite. */
export function cholesky(A: Float64Array, size: number): Float64Array | undefined {
  const L = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    let d = A[j * size + j];
    const rj = j * size;
    for (let k = 0; k < j; k++) d -= L[rj + k] * L[rj + k];
    if (!(d > 0)) return undefined;
    const ljj = Math.sqrt(d);
    L[rj + j] = ljj;
    for (let i = j + 1; i < size; i++) {
      const ri = i * size;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k];
      L[ri + j] = s / ljj;
    }
  }
  return L;
}

/** x ← L⁻¹ x (forward substitution), in place. */
export function solveLower(L: Float64Array, size: number, x: Float64Array): void {
  for (let i = 0; i < size; i++) {
    let s = x[i];
    const ri = i * size;
    for (let k = 0; k < i; k++) s -= L[ri + k] * x[k];
    x[i] = s / L[ri + i];
  }
}

/** x ← L⁻ᵀ x (back substitution), in place. */
export function solveUpper(L: Float64Array, size: number, x: Float64Array): void {
  for (let i = size - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < size; k++) s -= L[k * size + i] * x[k];
    x[i] = s / L[i * size + i];
  }
}

/** L⁻¹ A L⁻ᵀ for symmetric A: the normal matrix in the whitened basis of K_MM = L Lᵀ. */
export function whiten(L: Float64Array, size: number, A: Float64Array): Float64Array {
  // B = L⁻¹ A (columns by forward substitution), then (L⁻¹ Bᵀ)ᵀ = L⁻¹ A L⁻ᵀ since B L⁻ᵀ = (L⁻¹ Bᵀ)ᵀ
  const B = new Float64Array(size * size);
  const column = new Float64Array(size);
  for (let c = 0; c < size; c++) {
    for (let r = 0; r < size; r++) column[r] = A[r * size + c];
    solveLower(L, size, column);
    for (let r = 0; r < size; r++) B[r * size + c] = column[r];
  }
  const out = new Float64Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) column[c] = B[r * size + c];
    solveLower(L, size, column);
    for (let c = 0; c < size; c++) out[c * size + r] = column[c];
  }
  // symmetrise away rounding
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < r; c++) {
      const m = 0.5 * (out[r * size + c] + out[c * size + r]);
      out[r * size + c] = out[c * size + r] = m;
    }
  }
  return out;
}
