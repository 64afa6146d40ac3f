// The multilinear contraction on the WebAssembly kernels: inputs are copied in transposed to
// [row][Bp] (batch innermost, so f64x2 lanes are two batch items) and the result copied back.
import type { WasmFlavor } from '@equikit/core';
import type { ContractionCall } from '../autodiff/multilinear.js';
import { wasmModule } from '../wasm.js';

export function contractWasm(call: ContractionCall, flavor: WasmFlavor): Float64Array {
  const { form, slot, batch, data, batched, outBatched } = call;
  const others = [0, 1, 2, 3].filter((t) => t !== slot);
  const outSize = form.sizes[slot];
  const out = new Float64Array(outBatched ? batch * outSize : outSize);
  if (batch === 0 || form.nTerms === 0) return out;
  const Bp = batch + (batch & 1);
  // Batched inputs first; each keeps its column (1..3) of the reordered term indices.
  const inputs = [0, 1, 2].sort((a, b) => Number(batched[b]) - Number(batched[a]));
  const nBatched = batched.filter(Boolean).length;
  const order = form.order(slot);
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    const orderPtr = inst.put(order);
    const coefPtr = inst.put(form.coef);
    const ptrs = inputs.map((k) => {
      const size = form.present[others[k]] ? form.sizes[others[k]] : 1;
      if (!batched[k]) return inst.put(data[k]);
      const ptr = inst.alloc(size * Bp * 8);
      const view = inst.f64(ptr, size * Bp);
      const src = data[k];
      if (Bp !== batch) view.fill(0);
      for (let b = 0; b < batch; b++) for (let r = 0; r < size; r++) view[r * Bp + b] = src[b * size + r];
      return ptr;
    });
    const outLength = outBatched ? outSize * Bp : outSize;
    const outPtr = inst.alloc(outLength * 8);
    inst.f64(outPtr, outLength).fill(0);
    inst.exports.contract(
      form.nTerms, Bp, orderPtr, coefPtr, outPtr, outBatched ? 1 : 0, nBatched,
      ptrs[0], inputs[0] + 1, ptrs[1], inputs[1] + 1, ptrs[2], inputs[2] + 1,
    );
    const res = inst.f64(outPtr, outLength);
    if (!outBatched) {
      // Padding lanes are zero in every batched input, so they add nothing; with no batched
      // input the kernel counted Bp items, the true count is `batch`.
      if (nBatched === 0) for (let r = 0; r < outSize; r++) out[r] = (res[r] * batch) / Bp;
      else out.set(res);
    } else {
      for (let r = 0; r < outSize; r++) for (let b = 0; b < batch; b++) out[b * outSize + r] = res[r * Bp + b];
    }
    return out;
  } finally {
    inst.reset();
  }
}
