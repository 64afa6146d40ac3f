// The reference kernel of a multilinear contraction, in the tensors' own [batch][row] layout.
import type { ContractionCall } from '../autodiff/multilinear.js';

export function contractJs(call: ContractionCall): Float64Array {
  const { form, slot, batch, data, batched, outBatched } = call;
  const order = form.order(slot);
  const coef = form.coef;
  const nTerms = form.nTerms;
  const outSize = form.sizes[slot];
  const out = new Float64Array(outBatched ? batch * outSize : outSize);
  const [A, B, C] = data;
  const others = [0, 1, 2, 3].filter((t) => t !== slot);
  const strides = others.map((t, k) => (batched[k] ? form.sizes[t] : 0));
  const outStride = outBatched ? outSize : 0;
  for (let b = 0; b < batch; b++) {
    const oa = b * strides[0];
    const ob = b * strides[1];
    const oc = b * strides[2];
    const oo = b * outStride;
    for (let t = 0, p = 0; t < nTerms; t++, p += 4) {
      out[oo + order[p]] += coef[t] * A[oa + order[p + 1]] * B[ob + order[p + 2]] * C[oc + order[p + 3]];
    }
  }
  return out;
}
