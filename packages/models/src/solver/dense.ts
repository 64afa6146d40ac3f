// The TypeScript reference of assembly/models.ts, same layouts and same loop structure
// (the WebAssembly builds are tested to agree with it).
//   Xt [P][ld] (R ≤ ld rows used), A [P][P] lower triangle, b [P].

/** A[i][j] += Σ_r Xt[i][r]·Xt[j][r] (j ≤ i) and b[i] += Σ_r Xt[i][r]·y[r]. */
export function gramUpdateJs(P: number, R: number, ld: number, Xt: Float64Array, y: Float64Array, A: Float64Array, b: Float64Array): void {
  for (let i = 0; i < P; i++) {
    const oi = i * ld;
    for (let j = 0; j <= i; j++) {
      const oj = j * ld;
      let sum = 0;
      for (let r = 0; r < R; r++) sum += Xt[oi + r] * Xt[oj + r];
      A[i * P + j] += sum;
    }
    let sum = 0;
    for (let r = 0; r < R; r++) sum += Xt[oi + r] * y[r];
    b[i] += sum;
  }
}

/** In place, lower L with L Lᵀ = A; −1 on success, else the first row with a non-positive pivot. */
export function choleskyFactorJs(P: number, A: Float64Array): number {
  for (let i = 0; i < P; i++) {
    const oi = i * P;
    for (let j = 0; j < i; j++) {
      const oj = j * P;
      let s = A[oi + j];
      for (let k = 0; k < j; k++) s -= A[oi + k] * A[oj + k];
      A[oi + j] = s / A[oj + j];
    }
    let d = A[oi + i];
    for (let k = 0; k < i; k++) d -= A[oi + k] * A[oi + k];
    if (!(d > 0)) return i;
    A[oi + i] = Math.sqrt(d);
  }
  return -1;
}

/** Solves L Lᵀ x = b in place. */
export function choleskySolveJs(P: number, L: Float64Array, b: Float64Array): void {
  for (let i = 0; i < P; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * P + k] * b[k];
    b[i] = s / L[i * P + i];
  }
  for (let i = P - 1; i >= 0; i--) {
    const x = b[i] / L[i * P + i];
    b[i] = x;
    for (let j = 0; j < i; j++) b[j] -= x * L[i * P + j];
  }
}
