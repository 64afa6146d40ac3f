// out[index[k]] += a[k] for rows of d doubles: the aggregation of messages onto atoms.
import type { WasmFlavor } from '@equikit/core';
import { wasmModule } from '../wasm.js';

export function scatterAddJs(a: Float64Array, index: Int32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let k = 0; k < index.length; k++) {
    const o = index[k] * d;
    const s = k * d;
    for (let j = 0; j < d; j++) out[o + j] += a[s + j];
  }
  return out;
}

export function scatterAddWasm(flavor: WasmFlavor, a: Float64Array, index: Int32Array, n: number, d: number): Float64Array {
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    const aPtr = inst.put(a);
    const iPtr = inst.put(index);
    const outPtr = inst.alloc(n * d * 8);
    inst.f64(outPtr, n * d).fill(0);
    inst.exports.scatterAddRows(index.length, d, aPtr, iPtr, outPtr);
    return inst.f64(outPtr, n * d).slice();
  } finally {
    inst.reset();
  }
}
