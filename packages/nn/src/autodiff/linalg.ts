// Dense matrix products (radial MLPs, species embeddings).
import { result, Tensor } from './tensor.js';

/** [n, k] · [k, m] → [n, m]. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1] !== b.shape[0]) {
    throw new RangeError(`matmul: cannot multiply [${a.shape.join(', ')}] by [${b.shape.join(', ')}]`);
  }
  const [n, k] = a.shape;
  const m = b.shape[1];
  const out = new Float64Array(n * m);
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const x = A[i * k + p];
      if (x === 0) continue;
      const row = p * m;
      const o = i * m;
      for (let j = 0; j < m; j++) out[o + j] += x * B[row + j];
    }
  }
  return result(out, [n, m], 'matmul', [a, b], (g, needs) => [needs[0] ? matmul(g, transpose(b)) : null, needs[1] ? matmul(transpose(a), g) : null]);
}

/** [n, m] → [m, n]. */
export function transpose(a: Tensor): Tensor {
  if (a.shape.length !== 2) throw new RangeError(`transpose: expected a matrix, got shape [${a.shape.join(', ')}]`);
  const [n, m] = a.shape;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = a.data[i * m + j];
  return result(out, [m, n], 'transpose', [a], (g) => [transpose(g)]);
}
