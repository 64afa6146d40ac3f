// AssemblyScript kernels of @equikit/nn: the sparse multilinear contraction behind every tensor
// product, Linear layer and gate (forward and every vector–Jacobian product) over structured
// blocks or plain term lists, dense products for the radial MLPs, and the row scatter-sum of
// message passing. Caller-owned buffers only; nothing is allocated here. One source builds both
// binaries; under ASC_FEATURE_SIMD the products and scatter-sums use f64x2.
//
// Contraction layout: the tensors' own row-major [batch][row]; a shared slot has batch stride 0.

/** First free byte after static data; the JS arena allocates from here. */
export function heapBase(): usize {
  return __heap_base;
}

@inline function f64At(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

/** out[index[k]][:] += a[k][:] for k < rows; rows of `d` doubles. */
export function scatterAddRows(rows: i32, d: i32, a: usize, index: usize, out: usize): void {
  for (let k = 0; k < rows; k++) {
    const src = f64At(a, k * d);
    const dst = f64At(out, load<i32>(index + (<usize>k << 2)) * d);
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + 2 <= d; j += 2) {
        const at = f64At(dst, j);
        v128.store(at, f64x2.add(v128.load(at), v128.load(f64At(src, j))));
      }
    }
    for (; j < d; j++) store<f64>(f64At(dst, j), load<f64>(f64At(dst, j)) + load<f64>(f64At(src, j)));
  }
}

/**
 * out[n][m] += A[n][k] · B[k][m] (row-major, out accumulated), skipping zero entries of A as the
 * TypeScript reference does; each out entry sums over p in increasing order, so the result
 * equals the reference bit for bit (a mul then an add per term, in both). Transposed operands
 * are transposed by the caller (matmulTranspose) before the call.
 */
export function matmul(n: i32, k: i32, m: i32, a: usize, b: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = f64At(out, i * m);
    for (let p = 0; p < k; p++) {
      const x = load<f64>(f64At(a, i * k + p));
      if (x == 0) continue;
      const row = f64At(b, p * m);
      let j = 0;
      if (ASC_FEATURE_SIMD) {
        const vx = f64x2.splat(x);
        for (; j + 2 <= m; j += 2) {
          const at = f64At(o, j);
          v128.store(at, f64x2.add(v128.load(at), f64x2.mul(vx, v128.load(f64At(row, j)))));
        }
      }
      for (; j < m; j++) store<f64>(f64At(o, j), load<f64>(f64At(o, j)) + x * load<f64>(f64At(row, j)));
    }
  }
}

/** dst[c][r] = src[r][c] for an [rows, cols] matrix (operands of transposed products). */
export function matrixTranspose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const T = 16;
  for (let r0 = 0; r0 < rows; r0 += T) {
    const r1 = min(r0 + T, rows);
    for (let c0 = 0; c0 < cols; c0 += T) {
      const c1 = min(c0 + T, cols);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) store<f64>(f64At(dst, c * rows + r), load<f64>(f64At(src, r * cols + c)));
    }
  }
}

/**
 * The contraction in the tensors' own row-major layout (no transposition): for each batch item
 * b and term t, out[b·so + o] += coef · x0[b·s0 + i0] · x1[b·s1 + i1] · x2[b·s2 + i2], with
 * stride 0 for a shared slot (and for a shared output: the sum over the batch). `order` holds
 * 4 i32 per term (output row, then rows of x0, x1, x2). Same products in the same order as the
 * TypeScript reference, so the results agree bit for bit.
 */
export function contractRows(
  nTerms: i32, batch: i32, order: usize, coef: usize, out: usize, so: i32,
  p0: usize, s0: i32, p1: usize, s1: i32, p2: usize, s2: i32,
): void {
  for (let b = 0; b < batch; b++) {
    const ro = f64At(out, b * so);
    const r0 = f64At(p0, b * s0);
    const r1 = f64At(p1, b * s1);
    const r2 = f64At(p2, b * s2);
    let row = order;
    for (let t = 0; t < nTerms; t++) {
      const target = f64At(ro, load<i32>(row));
      const v = load<f64>(f64At(coef, t)) * load<f64>(f64At(r0, load<i32>(row, 4))) * load<f64>(f64At(r1, load<i32>(row, 8))) * load<f64>(f64At(r2, load<i32>(row, 12)));
      store<f64>(target, load<f64>(target) + v);
      row += 16;
    }
  }
}

/**
 * The contraction over structured blocks (see src/autodiff/form-blocks.ts): for each batch item,
 * block and non-zero coefficient, dense loops over the channel combinations with strided
 * accesses and no per-term index loads. Slot q_k of the form is input k (x_k, batch stride s_k,
 * 0 if shared); slot `s` is the output (batch stride so, 0 for a shared output).
 */
export function contractBlocks(
  nBlocks: i32, batch: i32, header: usize, nzOff: usize, nzCoef: usize,
  s: i32, q0: i32, q1: i32, q2: i32, out: usize, so: i32,
  p0: usize, s0: i32, p1: usize, s1: i32, p2: usize, s2: i32,
): void {
  for (let b = 0; b < batch; b++) {
    const ro = f64At(out, b * so);
    const r0 = f64At(p0, b * s0);
    const r1 = f64At(p1, b * s1);
    const r2 = f64At(p2, b * s2);
    for (let k = 0; k < nBlocks; k++) {
      const h = header + <usize>(k * 21 * 4);
      const nNz = load<i32>(h);
      const z0 = load<i32>(h, 4);
      const n0 = load<i32>(h, 8);
      const n1 = load<i32>(h, 12);
      const n2 = load<i32>(h, 16);
      const bs = load<i32>(h + (<usize>(5 + s) << 2));
      const b0 = load<i32>(h + (<usize>(5 + q0) << 2));
      const b1 = load<i32>(h + (<usize>(5 + q1) << 2));
      const b2 = load<i32>(h + (<usize>(5 + q2) << 2));
      // Byte strides of each loop variable in the output and the three inputs.
      const st = h + 36;
      const os0 = load<i32>(st + (<usize>(3 * s) << 2)) << 3;
      const os1 = load<i32>(st + (<usize>(3 * s + 1) << 2)) << 3;
      const os2 = load<i32>(st + (<usize>(3 * s + 2) << 2)) << 3;
      const as0 = load<i32>(st + (<usize>(3 * q0) << 2)) << 3;
      const as1 = load<i32>(st + (<usize>(3 * q0 + 1) << 2)) << 3;
      const as2 = load<i32>(st + (<usize>(3 * q0 + 2) << 2)) << 3;
      const bs0 = load<i32>(st + (<usize>(3 * q1) << 2)) << 3;
      const bs1 = load<i32>(st + (<usize>(3 * q1 + 1) << 2)) << 3;
      const bs2 = load<i32>(st + (<usize>(3 * q1 + 2) << 2)) << 3;
      const cs0 = load<i32>(st + (<usize>(3 * q2) << 2)) << 3;
      const cs1 = load<i32>(st + (<usize>(3 * q2 + 1) << 2)) << 3;
      const cs2 = load<i32>(st + (<usize>(3 * q2 + 2) << 2)) << 3;
      for (let z = z0; z < z0 + nNz; z++) {
        const e = nzOff + (<usize>z << 4);
        const c = load<f64>(f64At(nzCoef, z));
        const po = f64At(ro, bs + load<i32>(e + (<usize>s << 2)));
        const pa = f64At(r0, b0 + load<i32>(e + (<usize>q0 << 2)));
        const pb = f64At(r1, b1 + load<i32>(e + (<usize>q1 << 2)));
        const pc = f64At(r2, b2 + load<i32>(e + (<usize>q2 << 2)));
        for (let i0 = 0; i0 < n0; i0++) {
          for (let i1 = 0; i1 < n1; i1++) {
            let oo = po + <usize>(i0 * os0 + i1 * os1);
            let aa = pa + <usize>(i0 * as0 + i1 * as1);
            let bb = pb + <usize>(i0 * bs0 + i1 * bs1);
            let cc = pc + <usize>(i0 * cs0 + i1 * cs1);
            for (let i2 = 0; i2 < n2; i2++) {
              store<f64>(oo, load<f64>(oo) + c * load<f64>(aa) * load<f64>(bb) * load<f64>(cc));
              oo += <usize>os2;
              aa += <usize>as2;
              bb += <usize>bs2;
              cc += <usize>cs2;
            }
          }
        }
      }
    }
  }
}

/**
 * out[o][b] += coef · Π inputs (outBatched) or out[o] += Σ_b coef · Π inputs (shared output,
 * the gradient of weights shared by the batch). The batch loop is innermost.
 */
export function contractLanes(
  nTerms: i32, Bp: i32, order: usize, coef: usize, out: usize, outBatched: i32, nBatched: i32,
  p0: usize, c0: i32, p1: usize, c1: i32, p2: usize, c2: i32,
): void {
  for (let t = 0; t < nTerms; t++) {
    const row = order + (<usize>t << 4);
    const o = load<i32>(row);
    const i0 = load<i32>(row + (<usize>c0 << 2));
    const i1 = load<i32>(row + (<usize>c1 << 2));
    const i2 = load<i32>(row + (<usize>c2 << 2));
    let s = load<f64>(f64At(coef, t));
    // Shared factors fold into the scalar; batched rows are walked below.
    if (nBatched < 1) s *= load<f64>(f64At(p0, i0));
    if (nBatched < 2) s *= load<f64>(f64At(p1, i1));
    if (nBatched < 3) s *= load<f64>(f64At(p2, i2));
    const r0 = f64At(p0, i0 * Bp);
    const r1 = f64At(p1, i1 * Bp);
    const r2 = f64At(p2, i2 * Bp);
    if (outBatched) {
      const ro = f64At(out, o * Bp);
      if (nBatched == 0) {
        for (let b = 0; b < Bp; b++) store<f64>(f64At(ro, b), load<f64>(f64At(ro, b)) + s);
      } else if (nBatched == 1) axpy1(Bp, s, r0, ro);
      else if (nBatched == 2) axpy2(Bp, s, r0, r1, ro);
      else axpy3(Bp, s, r0, r1, r2, ro);
    } else {
      const target = f64At(out, o);
      let acc: f64 = 0;
      if (nBatched == 1) acc = dot1(Bp, r0);
      else if (nBatched == 2) acc = dot2(Bp, r0, r1);
      else if (nBatched == 3) acc = dot3(Bp, r0, r1, r2);
      else acc = <f64>Bp;
      store<f64>(target, load<f64>(target) + s * acc);
    }
  }
}

@inline function axpy1(Bp: i32, s: f64, a: usize, o: usize): void {
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f64x2.splat(s);
    for (; b + 2 <= Bp; b += 2) {
      const at = f64At(o, b);
      v128.store(at, f64x2.add(v128.load(at), f64x2.mul(vs, v128.load(f64At(a, b)))));
    }
  }
  for (; b < Bp; b++) store<f64>(f64At(o, b), load<f64>(f64At(o, b)) + s * load<f64>(f64At(a, b)));
}

@inline function axpy2(Bp: i32, s: f64, a: usize, c: usize, o: usize): void {
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f64x2.splat(s);
    for (; b + 2 <= Bp; b += 2) {
      const at = f64At(o, b);
      v128.store(at, f64x2.add(v128.load(at), f64x2.mul(f64x2.mul(vs, v128.load(f64At(a, b))), v128.load(f64At(c, b)))));
    }
  }
  for (; b < Bp; b++) store<f64>(f64At(o, b), load<f64>(f64At(o, b)) + s * load<f64>(f64At(a, b)) * load<f64>(f64At(c, b)));
}

@inline function axpy3(Bp: i32, s: f64, a: usize, c: usize, d: usize, o: usize): void {
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = f64x2.splat(s);
    for (; b + 2 <= Bp; b += 2) {
      const at = f64At(o, b);
      const p = f64x2.mul(f64x2.mul(f64x2.mul(vs, v128.load(f64At(a, b))), v128.load(f64At(c, b))), v128.load(f64At(d, b)));
      v128.store(at, f64x2.add(v128.load(at), p));
    }
  }
  for (; b < Bp; b++) {
    store<f64>(f64At(o, b), load<f64>(f64At(o, b)) + s * load<f64>(f64At(a, b)) * load<f64>(f64At(c, b)) * load<f64>(f64At(d, b)));
  }
}

@inline function dot1(Bp: i32, a: usize): f64 {
  let acc: f64 = 0;
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    let v = f64x2.splat(0);
    for (; b + 2 <= Bp; b += 2) v = f64x2.add(v, v128.load(f64At(a, b)));
    acc = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  }
  for (; b < Bp; b++) acc += load<f64>(f64At(a, b));
  return acc;
}

@inline function dot2(Bp: i32, a: usize, c: usize): f64 {
  let acc: f64 = 0;
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    let v = f64x2.splat(0);
    for (; b + 2 <= Bp; b += 2) v = f64x2.add(v, f64x2.mul(v128.load(f64At(a, b)), v128.load(f64At(c, b))));
    acc = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  }
  for (; b < Bp; b++) acc += load<f64>(f64At(a, b)) * load<f64>(f64At(c, b));
  return acc;
}

@inline function dot3(Bp: i32, a: usize, c: usize, d: usize): f64 {
  let acc: f64 = 0;
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    let v = f64x2.splat(0);
    for (; b + 2 <= Bp; b += 2) {
      v = f64x2.add(v, f64x2.mul(f64x2.mul(v128.load(f64At(a, b)), v128.load(f64At(c, b))), v128.load(f64At(d, b))));
    }
    acc = f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
  }
  for (; b < Bp; b++) acc += load<f64>(f64At(a, b)) * load<f64>(f64At(c, b)) * load<f64>(f64At(d, b));
  return acc;
}

/**
 * Tiled transpose into the contraction layout: dst[r][b] = src[b][r] for b < batch, r < size,
 * rows of dst Bp long; padding lanes (b ≥ batch) are set to zero.
 */
export function transposeIn(src: usize, batch: i32, size: i32, dst: usize, Bp: i32): void {
  const T = 16;
  for (let b0 = 0; b0 < batch; b0 += T) {
    const b1 = min(b0 + T, batch);
    for (let r0 = 0; r0 < size; r0 += T) {
      const r1 = min(r0 + T, size);
      for (let b = b0; b < b1; b++) {
        const s = f64At(src, b * size);
        for (let r = r0; r < r1; r++) store<f64>(f64At(dst, r * Bp + b), load<f64>(f64At(s, r)));
      }
    }
  }
  for (let b = batch; b < Bp; b++) for (let r = 0; r < size; r++) store<f64>(f64At(dst, r * Bp + b), 0);
}

/** Tiled transpose back: dst[b][r] = src[r][b] for b < batch, r < size (rows of src Bp long). */
export function transposeOut(src: usize, size: i32, Bp: i32, batch: i32, dst: usize): void {
  const T = 16;
  for (let r0 = 0; r0 < size; r0 += T) {
    const r1 = min(r0 + T, size);
    for (let b0 = 0; b0 < batch; b0 += T) {
      const b1 = min(b0 + T, batch);
      for (let r = r0; r < r1; r++) {
        const s = f64At(src, r * Bp);
        for (let b = b0; b < b1; b++) store<f64>(f64At(dst, b * size + r), load<f64>(f64At(s, b)));
      }
    }
  }
}
