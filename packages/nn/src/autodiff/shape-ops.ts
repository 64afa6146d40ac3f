// Reductions, broadcasts, reshapes, slices and concatenation. Pairs of these are each other's
// vector–Jacobian products (sum ↔ expand, slice ↔ pad, gather ↔ scatter-add).
import { resolveBackend, type BackendName, type WasmFlavor } from '@equikit/core';
import { scatterAddJs, scatterAddWasm } from '../kernels/scatter.js';
import { scale } from './elementwise.js';
import { result, Tensor } from './tensor.js';

/** Σ of every entry, shape [1]. */
export function sum(a: Tensor): Tensor {
  let s = 0;
  for (let k = 0; k < a.size; k++) s += a.data[k];
  return result(Float64Array.of(s), [1], 'sum', [a], (g) => [expandScalar(g, a.shape)]);
}

export function mean(a: Tensor): Tensor {
  return scale(sum(a), 1 / a.size);
}

/** A one-element tensor broadcast to `shape` (times `c`). */
export function expandScalar(g: Tensor, shape: readonly number[], c = 1): Tensor {
  if (g.size !== 1) throw new RangeError(`expandScalar: expected one value, got ${g.size}`);
  const n = shape.reduce((p, s) => p * s, 1);
  return result(new Float64Array(n).fill(c * g.data[0]), shape, 'expandScalar', [g], (h) => [scale(sum(h), c)]);
}

export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const n = shape.reduce((p, s) => p * s, 1);
  if (n !== a.size) throw new RangeError(`reshape: [${a.shape.join(', ')}] has ${a.size} values, [${shape.join(', ')}] needs ${n}`);
  return result(a.data, shape, 'reshape', [a], (g) => [reshape(g, a.shape)]);
}

/** [n, d] → [n]: Σ over columns. */
export function sumCols(a: Tensor): Tensor {
  const n = a.rows;
  const d = a.cols;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += a.data[i * d + j];
    out[i] = s;
  }
  return result(out, [n], 'sumCols', [a], (g) => [repeatCols(g, d)]);
}

/** [n] → [n, d]: each value repeated along a row. */
export function repeatCols(a: Tensor, d: number): Tensor {
  const n = a.size;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) out.fill(a.data[i], i * d, (i + 1) * d);
  return result(out, [n, d], 'repeatCols', [a], (g) => [sumCols(g)]);
}

/** [n, d] → [d]: Σ over rows. */
export function sumRows(a: Tensor): Tensor {
  const n = a.rows;
  const d = a.cols;
  const out = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j] += a.data[i * d + j];
  return result(out, [d], 'sumRows', [a], (g) => [repeatRows(g, n)]);
}

/** [d] → [n, d]: the vector repeated as every row. */
export function repeatRows(a: Tensor, n: number): Tensor {
  const d = a.size;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) out.set(a.data, i * d);
  return result(out, [n, d], 'repeatRows', [a], (g) => [sumRows(g)]);
}

/** Columns [start, start + width) of an [n, d] tensor. */
export function sliceCols(a: Tensor, start: number, width: number): Tensor {
  const n = a.rows;
  const d = a.cols;
  if (start < 0 || width < 0 || start + width > d) throw new RangeError(`sliceCols: columns [${start}, ${start + width}) outside [0, ${d})`);
  const out = new Float64Array(n * width);
  for (let i = 0; i < n; i++) out.set(a.data.subarray(i * d + start, i * d + start + width), i * width);
  return result(out, [n, width], 'sliceCols', [a], (g) => [padCols(g, start, d)]);
}

/** An [n, w] tensor placed at columns [start, start + w) of zeros [n, d]. */
export function padCols(a: Tensor, start: number, d: number): Tensor {
  const n = a.rows;
  const w = a.cols;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) out.set(a.data.subarray(i * w, (i + 1) * w), i * d + start);
  return result(out, [n, d], 'padCols', [a], (g) => [sliceCols(g, start, w)]);
}

/** [n, d1], [n, d2], … → [n, d1 + d2 + …]. */
export function concatCols(parts: readonly Tensor[]): Tensor {
  if (parts.length === 0) throw new RangeError('concatCols: nothing to concatenate');
  const n = parts[0].rows;
  for (const p of parts) if (p.rows !== n) throw new RangeError(`concatCols: row counts differ (${n} and ${p.rows})`);
  const widths = parts.map((p) => p.cols);
  const d = widths.reduce((s, w) => s + w, 0);
  const out = new Float64Array(n * d);
  let start = 0;
  const starts: number[] = [];
  for (const p of parts) {
    starts.push(start);
    const w = p.cols;
    for (let i = 0; i < n; i++) out.set(p.data.subarray(i * w, (i + 1) * w), i * d + start);
    start += w;
  }
  return result(out, [n, d], 'concatCols', parts, (g, needs) => parts.map((_, k) => (needs[k] ? sliceCols(g, starts[k], widths[k]) : null)));
}

function checkIndex(index: Int32Array, bound: number, op: string): void {
  if (!(index instanceof Int32Array)) throw new TypeError(`${op}: index must be an Int32Array`);
  for (let k = 0; k < index.length; k++) {
    if (index[k] < 0 || index[k] >= bound) throw new RangeError(`${op}: index[${k}] = ${index[k]} is outside [0, ${bound})`);
  }
}

/** out[k] = a[index[k]] (rows). */
export function gatherRows(a: Tensor, index: Int32Array, backend?: BackendName): Tensor {
  const n = a.rows;
  const d = a.cols;
  checkIndex(index, n, 'gatherRows');
  const out = new Float64Array(index.length * d);
  for (let k = 0; k < index.length; k++) out.set(a.data.subarray(index[k] * d, (index[k] + 1) * d), k * d);
  return result(out, [index.length, d], 'gatherRows', [a], (g) => [scatterAddRows(g, index, n, backend)]);
}

/** out[index[k]] += a[k] (rows), out has `n` rows; on the wasm kernels when the backend says so. */
export function scatterAddRows(a: Tensor, index: Int32Array, n: number, backend?: BackendName): Tensor {
  const d = a.cols;
  if (index.length !== a.rows) throw new RangeError(`scatterAddRows: index has ${index.length} entries, the tensor ${a.rows} rows`);
  checkIndex(index, n, 'scatterAddRows');
  const chosen = resolveBackend('scatterAddRows', ['js', 'wasm', 'wasm-simd'], backend);
  const out = chosen === 'js' || index.length === 0 ? scatterAddJs(a.data, index, n, d) : scatterAddWasm(chosen as WasmFlavor, a.data, index, n, d);
  return result(out, [n, d], 'scatterAddRows', [a], (g) => [gatherRows(g, index, backend)]);
}
