// AssemblyScript kernels of the least-squares solver: the Gram update that assembles the normal
// equations structure by structure, and the Cholesky factorisation and solve, all in f64.
// Caller-owned buffers (pointers into the WasmInstance arena); nothing is allocated here.
// One source builds both binaries: under ASC_FEATURE_SIMD the contiguous inner loops run two
// doubles at a time. Layouts (row-major f64):
//   Xt  [P][ld]  the transposed, weighted design rows of one batch (a feature's values over R ≤ ld rows)
//   A   [P][P]   only the lower triangle (j ≤ i) is read or written
//   b   [P]

/** First free byte after static data; the JS arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Σ_r a[r]·b[r] over n entries. */
@inline
function dot(a: usize, b: usize, n: i32): f64 {
  let r = 0;
  let sum = 0.0;
  if (ASC_FEATURE_SIMD) {
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    for (; r + 4 <= n; r += 4) {
      const off = <usize>r << 3;
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(a + off), v128.load(b + off)));
      acc1 = f64x2.add(acc1, f64x2.mul(v128.load(a + off + 16), v128.load(b + off + 16)));
    }
    const acc = f64x2.add(acc0, acc1);
    sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  for (; r < n; r++) {
    const off = <usize>r << 3;
    sum += load<f64>(a + off) * load<f64>(b + off);
  }
  return sum;
}

/**
 * A[i][j] += Σ_r Xt[i][r]·Xt[j][r] for j ≤ i, and b[i] += Σ_r Xt[i][r]·y[r]: one batch of R
 * weighted rows added to the normal equations. Blocks of 2 × 2 (i, j) share their row loads.
 */
export function gramUpdate(P: i32, R: i32, ld: i32, Xt: usize, y: usize, A: usize, b: usize): void {
  const rowBytes = <usize>ld << 3;
  let i = 0;
  for (; i + 2 <= P; i += 2) {
    const xi0 = Xt + <usize>i * rowBytes;
    const xi1 = xi0 + rowBytes;
    const a0 = A + ((<usize>i * <usize>P) << 3);
    const a1 = a0 + (<usize>P << 3);
    // j < i in pairs: the full 2 × 2 block is below the diagonal
    for (let j = 0; j < i; j += 2) {
      const xj0 = Xt + <usize>j * rowBytes;
      const xj1 = xj0 + rowBytes;
      let s00 = 0.0;
      let s01 = 0.0;
      let s10 = 0.0;
      let s11 = 0.0;
      let r = 0;
      if (ASC_FEATURE_SIMD) {
        let v00 = f64x2.splat(0);
        let v01 = f64x2.splat(0);
        let v10 = f64x2.splat(0);
        let v11 = f64x2.splat(0);
        for (; r + 2 <= R; r += 2) {
          const off = <usize>r << 3;
          const p0 = v128.load(xi0 + off);
          const p1 = v128.load(xi1 + off);
          const q0 = v128.load(xj0 + off);
          const q1 = v128.load(xj1 + off);
          v00 = f64x2.add(v00, f64x2.mul(p0, q0));
          v01 = f64x2.add(v01, f64x2.mul(p0, q1));
          v10 = f64x2.add(v10, f64x2.mul(p1, q0));
          v11 = f64x2.add(v11, f64x2.mul(p1, q1));
        }
        s00 = f64x2.extract_lane(v00, 0) + f64x2.extract_lane(v00, 1);
        s01 = f64x2.extract_lane(v01, 0) + f64x2.extract_lane(v01, 1);
        s10 = f64x2.extract_lane(v10, 0) + f64x2.extract_lane(v10, 1);
        s11 = f64x2.extract_lane(v11, 0) + f64x2.extract_lane(v11, 1);
      }
      for (; r < R; r++) {
        const off = <usize>r << 3;
        const p0 = load<f64>(xi0 + off);
        const p1 = load<f64>(xi1 + off);
        const q0 = load<f64>(xj0 + off);
        const q1 = load<f64>(xj1 + off);
        s00 += p0 * q0;
        s01 += p0 * q1;
        s10 += p1 * q0;
        s11 += p1 * q1;
      }
      const o = <usize>j << 3;
      store<f64>(a0 + o, load<f64>(a0 + o) + s00);
      store<f64>(a0 + o + 8, load<f64>(a0 + o + 8) + s01);
      store<f64>(a1 + o, load<f64>(a1 + o) + s10);
      store<f64>(a1 + o + 8, load<f64>(a1 + o + 8) + s11);
    }
    // the diagonal block: (i, i), (i+1, i), (i+1, i+1)
    const oi = <usize>i << 3;
    store<f64>(a0 + oi, load<f64>(a0 + oi) + dot(xi0, xi0, R));
    store<f64>(a1 + oi, load<f64>(a1 + oi) + dot(xi1, xi0, R));
    store<f64>(a1 + oi + 8, load<f64>(a1 + oi + 8) + dot(xi1, xi1, R));
  }
  if (i < P) {
    // the last row of an odd P
    const xi = Xt + <usize>i * rowBytes;
    const ai = A + ((<usize>i * <usize>P) << 3);
    for (let j = 0; j <= i; j++) {
      const o = <usize>j << 3;
      store<f64>(ai + o, load<f64>(ai + o) + dot(xi, Xt + <usize>j * rowBytes, R));
    }
  }
  for (let k = 0; k < P; k++) {
    const o = b + (<usize>k << 3);
    store<f64>(o, load<f64>(o) + dot(Xt + <usize>k * rowBytes, y, R));
  }
}

/**
 * In place, the lower-triangular L with L Lᵀ = A (row-oriented Cholesky–Crout: every inner
 * product runs along contiguous rows). Returns −1, or the first row whose pivot is not positive
 * (A is then not positive definite; the rows before it hold L, the rest is undefined).
 */
export function choleskyFactor(P: i32, A: usize): i32 {
  const stride = <usize>P << 3;
  for (let i = 0; i < P; i++) {
    const ai = A + <usize>i * stride;
    for (let j = 0; j < i; j++) {
      const aj = A + <usize>j * stride;
      const o = <usize>j << 3;
      const s = load<f64>(ai + o) - dot(ai, aj, j);
      store<f64>(ai + o, s / load<f64>(aj + o));
    }
    const oi = <usize>i << 3;
    const d = load<f64>(ai + oi) - dot(ai, ai, i);
    if (!(d > 0)) return i;
    store<f64>(ai + oi, Math.sqrt(d));
  }
  return -1;
}

/** Solves L Lᵀ x = b in place (x overwrites b), L from choleskyFactor. */
export function choleskySolve(P: i32, L: usize, b: usize): void {
  const stride = <usize>P << 3;
  // L z = b: forward, rows contiguous
  for (let i = 0; i < P; i++) {
    const li = L + <usize>i * stride;
    const o = b + (<usize>i << 3);
    store<f64>(o, (load<f64>(o) - dot(li, b, i)) / load<f64>(li + (<usize>i << 3)));
  }
  // Lᵀ x = z: backward, column by column, each step an axpy along row i of L
  for (let i = P - 1; i >= 0; i--) {
    const li = L + <usize>i * stride;
    const o = b + (<usize>i << 3);
    const x = load<f64>(o) / load<f64>(li + (<usize>i << 3));
    store<f64>(o, x);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const vx = f64x2.splat(x);
      for (; j + 2 <= i; j += 2) {
        const off = <usize>j << 3;
        v128.store(b + off, f64x2.sub(v128.load(b + off), f64x2.mul(vx, v128.load(li + off))));
      }
    }
    for (; j < i; j++) {
      const off = <usize>j << 3;
      store<f64>(b + off, load<f64>(b + off) - x * load<f64>(li + off));
    }
  }
}
export * from './gp-kernels';
