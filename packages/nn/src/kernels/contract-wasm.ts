// The multilinear contraction on the WebAssembly kernels, in the tensors' own [batch][row]
// layout: inputs copied in whole (one memcpy each), one pass over batch items × terms, the
// result copied out. Forms built from structured blocks (tensor products, Linear) run dense
// loops over channels per non-zero coupling coefficient; others one pass over terms. (An earlier kernel transposed to [row][batch] to put two batch items in
// each f64x2; the transpositions cost more than the contraction they sped up.)
import type { WasmFlavor } from '@equikit/core';
import type { ContractionCall } from '../autodiff/multilinear.js';
import { wasmModule } from '../wasm.js';

export function contractWasm(call: ContractionCall, flavor: WasmFlavor): Float64Array {
  const { form, slot, batch, data, batched, outBatched } = call;
  const others = [0, 1, 2, 3].filter((t) => t !== slot);
  const outSize = form.sizes[slot];
  const out = new Float64Array(outBatched ? batch * outSize : outSize);
  if (batch === 0 || form.nTerms === 0) return out;
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    const ptrs = data.map((d) => inst.put(d));
    const strides = others.map((t, k) => (batched[k] ? form.sizes[t] : 0));
    const outPtr = inst.alloc(out.length * 8);
    inst.f64(outPtr, out.length).fill(0);
    const packed = form.packed;
    if (packed) {
      // Structured blocks: dense channel loops per non-zero coefficient.
      const header = inst.put(packed.header);
      const offsets = inst.put(packed.offsets);
      const coefs = inst.put(packed.coefs);
      inst.exports.contractBlocks(
        packed.nBlocks, batch, header, offsets, coefs, slot, others[0], others[1], others[2], outPtr, outBatched ? outSize : 0,
        ptrs[0], strides[0], ptrs[1], strides[1], ptrs[2], strides[2],
      );
    } else {
      const orderPtr = inst.put(form.order(slot));
      const coefPtr = inst.put(form.coef);
      inst.exports.contractRows(
        form.nTerms, batch, orderPtr, coefPtr, outPtr, outBatched ? outSize : 0,
        ptrs[0], strides[0], ptrs[1], strides[1], ptrs[2], strides[2],
      );
    }
    out.set(inst.f64(outPtr, out.length));
    return out;
  } finally {
    inst.reset();
  }
}
