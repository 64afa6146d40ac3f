// Weighted linear least squares by normal equations: rows are added one by one into XᵀX and
// Xᵀy (memory parameters², never rows × parameters), then solved with column scaling, a small
// relative ridge and a Cholesky factorisation. The ridge matters for MTP: its basis has exact
// linear relations (Cayley–Hamilton identities of 3×3 moment matrices, e.g. tr A⁴ through
// tr A, tr A², tr A³ from level 16 on), so XᵀX is singular without it.

export class NormalEquations {
  readonly gram: Float64Array;
  readonly rhs: Float64Array;
  rows = 0;
  targetSquares = 0;

  constructor(readonly size: number) {
    this.gram = new Float64Array(size * size);
    this.rhs = new Float64Array(size);
  }

  /** Adds the row x (length size) with target y; upper triangle only. */
  add(x: Float64Array, y: number): void {
    const P = this.size;
    const G = this.gram;
    for (let a = 0; a < P; a++) {
      const xa = x[a];
      if (xa === 0) continue;
      this.rhs[a] += xa * y;
      const row = a * P;
      for (let b = a; b < P; b++) G[row + b] += xa * x[b];
    }
    this.targetSquares += y * y;
    this.rows++;
  }

  /**
   * Minimises ‖Xθ − y‖² + ridge · Σ_k d_k θ_k² (d_k = (XᵀX)_kk, so the ridge is relative to
   * each column's scale) over the `penalized` columns (others get ridge 1e-12, enough for
   * collinear count columns). Raises the ridge tenfold until the factorisation succeeds.
   */
  solve(ridge: number, penalized: (k: number) => boolean = () => true): Float64Array {
    const P = this.size;
    const scale = new Float64Array(P);
    for (let k = 0; k < P; k++) {
      const d = this.gram[k * P + k];
      scale[k] = d > 0 ? 1 / Math.sqrt(d) : 1;
    }
    for (let lambda = ridge, attempt = 0; attempt < 12; attempt++, lambda *= 10) {
      const A = new Float64Array(P * P);
      for (let a = 0; a < P; a++) {
        for (let b = a; b < P; b++) {
          const v = this.gram[a * P + b] * scale[a] * scale[b];
          A[a * P + b] = v;
          A[b * P + a] = v;
        }
        A[a * P + a] += penalized(a) ? lambda : Math.max(1e-12, lambda * 1e-6);
      }
      const L = cholesky(A, P);
      if (!L) continue;
      const z = Float64Array.from(this.rhs, (v, k) => v * scale[k]);
      solveCholesky(L, P, z);
      return Float64Array.from(z, (v, k) => v * scale[k]);
    }
    throw new RangeError('the least-squares system stayed singular with a ridge up to 1e11 × the requested one; check the training data');
  }
}

function cholesky(A: Float64Array, n: number): Float64Array | undefined {
  const L = A; // in place on a private copy
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = L[rj + j];
    for (let k = 0; k < j; k++) d -= L[rj + k] * L[rj + k];
    if (!(d > 0)) return undefined;
    const ljj = Math.sqrt(d);
    L[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = L[ri + j];
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k];
      L[ri + j] = s / ljj;
    }
  }
  return L;
}

function solveCholesky(L: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
}
