// Dense matrix products (radial MLPs, species embeddings). One recorded operation,
// op(A)·op(B) with either operand transposed, so that the vector–Jacobian products g·Bᵀ and
// Aᵀ·g (and theirs, in double backward) need no transposed copies on the tape.
import { resolveBackend, type BackendName, type WasmFlavor } from '@equikit/core';
import { matmulJs, matmulWasm, type MatmulShape } from '../kernels/matmul.js';
import { result, Tensor } from './tensor.js';

/** Below this many multiply–adds the TypeScript loop beats copying into WebAssembly memory (same result, bit for bit). */
const WASM_MIN_WORK = 4096;

/** op(a)·op(b): a is [n, k] ([k, n] if transA), b is [k, m] ([m, k] if transB) → [n, m]. */
export function matmulTranspose(a: Tensor, b: Tensor, transA: boolean, transB: boolean, backend?: BackendName): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new RangeError(`matmul: cannot multiply [${a.shape.join(', ')}] by [${b.shape.join(', ')}]`);
  }
  const [n, k] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [k2, m] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== k2) {
    const name = (t: Tensor, tr: boolean) => `[${t.shape.join(', ')}]${tr ? 'ᵀ' : ''}`;
    throw new RangeError(`matmul: cannot multiply ${name(a, transA)} by ${name(b, transB)}`);
  }
  const shape: MatmulShape = { n, k, m, transA, transB };
  const chosen = resolveBackend('matmul', ['js', 'wasm', 'wasm-simd'], backend);
  const out = chosen === 'js' || n * k * m < WASM_MIN_WORK ? matmulJs(a.data, b.data, shape) : matmulWasm(chosen as WasmFlavor, a.data, b.data, shape);
  return result(out, [n, m], 'matmul', [a, b], (g, needs) => [
    // C = op(A)·op(B): d op(A) = g·op(B)ᵀ, d op(B) = op(A)ᵀ·g, transposed back where A or B was.
    needs[0] ? (transA ? matmulTranspose(b, g, transB, true, backend) : matmulTranspose(g, b, false, !transB, backend)) : null,
    needs[1] ? (transB ? matmulTranspose(g, a, true, transA, backend) : matmulTranspose(a, g, !transA, false, backend)) : null,
  ]);
}

/** [n, k] · [k, m] → [n, m]. */
export function matmul(a: Tensor, b: Tensor, backend?: BackendName): Tensor {
  return matmulTranspose(a, b, false, false, backend);
}

/** [n, m] → [m, n]. */
export function transpose(a: Tensor): Tensor {
  if (a.shape.length !== 2) throw new RangeError(`transpose: expected a matrix, got shape [${a.shape.join(', ')}]`);
  const [n, m] = a.shape;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a.data[i * m + j];
  return result(out, [m, n], 'transpose', [a], (g) => [transpose(g)]);
}
