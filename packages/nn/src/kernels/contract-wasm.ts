// The multilinear contraction on the WebAssembly kernels, three ways:
//   'lanes'   inputs transposed (in wasm) to [row][Bp], batch innermost, so each f64x2 holds two
//             batch items and each term is one SIMD loop over the batch: best when there are
//             many terms per row moved (spherical-harmonics products of few channels);
//   'blocks'  the tensors' own [batch][row] layout, and for each coupling non-zero dense loops
//             over the channel combinations of its path (structured forms: tensor products,
//             Linear): best with many channels, where transposing costs more than it saves;
//   'rows'    the own layout, one pass over the listed terms (forms without blocks).
import type { WasmFlavor } from '@equikit/core';
import type { ContractionCall } from '../autodiff/multilinear.js';
import { wasmModule } from '../wasm.js';

export type ContractionStrategy = 'lanes' | 'blocks' | 'rows';

/**
 * 'blocks' for structured forms with long channel loops (≥ 4 combinations per coupling
 * non-zero) and few terms per value a transposition would move (< 4): the NequIP convolution
 * over edges. Otherwise 'lanes', whose transpositions pay off once each moved value feeds a few
 * terms (Linear layers, spherical-harmonics products). Crossovers measured by
 * bench/contract-strategy.js; every strategy gives the same result to rounding.
 */
export function chooseStrategy(call: ContractionCall): ContractionStrategy {
  const { form, slot, batched, outBatched } = call;
  const others = [0, 1, 2, 3].filter((t) => t !== slot);
  let moved = outBatched ? form.sizes[slot] : 0;
  others.forEach((t, k) => {
    if (batched[k]) moved += form.sizes[t];
  });
  const termsPerRow = form.nTerms / Math.max(1, moved);
  if (form.packed && form.nTerms >= 4 * form.packed.coefs.length && termsPerRow < 4) return 'blocks';
  return 'lanes';
}

export function contractWasm(call: ContractionCall, flavor: WasmFlavor, strategy: ContractionStrategy = chooseStrategy(call)): Float64Array {
  const { form, slot, batch, outBatched } = call;
  const outSize = form.sizes[slot];
  const out = new Float64Array(outBatched ? batch * outSize : outSize);
  if (batch === 0 || form.nTerms === 0) return out;
  if (strategy === 'blocks' && !form.packed) throw new RangeError(`${form.name}: the 'blocks' kernel needs a form built from blocks`);
  const inst = wasmModule.instance(flavor);
  inst.reset();
  try {
    if (strategy === 'lanes') lanes(call, inst, out);
    else ownLayout(call, inst, out, strategy);
    return out;
  } finally {
    inst.reset();
  }
}

type Instance = ReturnType<typeof wasmModule.instance>;

function ownLayout(call: ContractionCall, inst: Instance, out: Float64Array, strategy: 'blocks' | 'rows'): void {
  const { form, slot, batch, data, batched, outBatched } = call;
  const others = [0, 1, 2, 3].filter((t) => t !== slot);
  const outSize = form.sizes[slot];
  const ptrs = data.map((d) => inst.put(d));
  const strides = others.map((t, k) => (batched[k] ? form.sizes[t] : 0));
  const outPtr = inst.alloc(out.length * 8);
  inst.f64(outPtr, out.length).fill(0);
  if (strategy === 'blocks') {
    const packed = form.packed!;
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
}

function lanes(call: ContractionCall, inst: Instance, out: Float64Array): void {
  const { form, slot, batch, data, batched, outBatched } = call;
  const others = [0, 1, 2, 3].filter((t) => t !== slot);
  const outSize = form.sizes[slot];
  const Bp = batch + (batch & 1);
  // Batched inputs first; each keeps its column (1..3) of the reordered term indices.
  const inputs = [0, 1, 2].sort((a, b) => Number(batched[b]) - Number(batched[a]));
  const nBatched = batched.filter(Boolean).length;
  const orderPtr = inst.put(form.order(slot));
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
  inst.exports.contractLanes(
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
}
