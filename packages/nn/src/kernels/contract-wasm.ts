// The multilinear contraction on the WebAssembly kernels: inputs are copied in transposed to
// [row][Bp] (batch innermost, so f64x2 lanes are two batch items) and the result copied back;
// both transpositions run in wasm (tiled), the JavaScript side only copies whole arrays.
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
      if (!batched[k]) return inst.put(data[k]);
      // Copied in as stored ([batch][row], one memcpy), transposed to [row][Bp] in wasm.
      const size = form.present[others[k]] ? form.sizes[others[k]] : 1;
      const src = inst.put(data[k]);
      const ptr = inst.alloc(size * Bp * 8);
      inst.exports.transposeIn(src, batch, size, ptr, Bp);
      return ptr;
    });
    const outLength = outBatched ? outSize * Bp : outSize;
    const outPtr = inst.alloc(outLength * 8);
    inst.f64(outPtr, outLength).fill(0);
    inst.exports.contract(
      form.nTerms, Bp, orderPtr, coefPtr, outPtr, outBatched ? 1 : 0, nBatched,
      ptrs[0], inputs[0] + 1, ptrs[1], inputs[1] + 1, ptrs[2], inputs[2] + 1,
    );
    if (!outBatched) {
      const res = inst.f64(outPtr, outLength);
      // Padding lanes are zero in every batched input, so they add nothing; with no batched
      // input the kernel counted Bp items, the true count is `batch`.
      if (nBatched === 0) for (let r = 0; r < outSize; r++) out[r] = (res[r] * batch) / Bp;
      else out.set(res);
    } else {
      const back = inst.alloc(outSize * batch * 8);
      inst.exports.transposeOut(outPtr, outSize, Bp, batch, back);
      out.set(inst.f64(back, outSize * batch));
    }
    return out;
  } finally {
    inst.reset();
  }
}
