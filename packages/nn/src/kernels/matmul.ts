// Dense products op(A)·op(B) with op = identity or transpose: the radial MLPs' layers and their
// vector–Jacobian products (g·Bᵀ, Aᵀ·g) without materialising the transposes on the tape.
// Both paths add, for every output entry, the terms x·B[p][j] over p in increasing order and
// skip zero x (one-hot inputs), so they agree bit for bit.
import type { WasmFlavor } from '@equikit/core';
import { wasmModule } from '../wasm.js';

export interface MatmulShape {
  n: number;
  k: number;
  m: number;
  /** A is stored [k, n] (true) or [n, k]; B is stored [m, k] (true) or [k, m]. */
  transA: boolean;
  transB: boolean;
}

export function matmulJs(A: Float64Array, B: Float64Array, { n, k, m, transA, transB }: MatmulShape): Float64Array {
  const out = new Float64Array(n * m);
  // Strides of A[i][p] and B[p][j] in their stored layouts.
  const [ai, ap] = transA ? [1, n] : [k, 1];
  const [bp, bj] = transB ? [1, k] : [m, 1];
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let p = 0; p < k; p++) {
      const x = A[i * ai + p * ap];
      if (x === 0) continue;
      const row = p * bp;
      if (bj === 1) for (let j = 0; j < m; j++) out[o + j] += x * B[row + j];
      else for (let j = 0; j < m; j++) out[o + j] += x * B[row + j * bj];
    }
  }
  return out;
}

export function matmulWasm(flavor: WasmFlavor, A: Float64Array, B: Float64Array, { n, k, m, transA, transB }: MatmulShape): Float64Array {
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    let a = inst.put(A);
    let b = inst.put(B);
    if (transA) {
      const t = inst.alloc(8 * n * k);
      inst.exports.matrixTranspose(a, k, n, t);
      a = t;
    }
    if (transB) {
      const t = inst.alloc(8 * k * m);
      inst.exports.matrixTranspose(b, m, k, t);
      b = t;
    }
    const out = inst.alloc(8 * n * m);
    inst.f64(out, n * m).fill(0);
    inst.exports.matmul(n, k, m, a, b, out);
    return inst.f64(out, n * m).slice();
  } finally {
    inst.reset();
  }
}
