// The one primitive behind tensor products, Linear layers and gates: a sparse multilinear form
//   F(x1, x2, w, out) = Σ_terms coef · x1[i1] · x2[i2] · w[iw] · out[io]
// with four slots (0: x1, 1: x2, 2: weights, 3: out), each either batched (one row per batch
// item, shape [B, size]) or shared by the whole batch (shape [size]), or absent (factor 1).
// `contract(form, s, inputs)` is ∂F/∂(slot s) at the other three slots: with s = 3 it is the
// layer's forward map, and the vector–Jacobian product for input slot t is contract(form, t, …)
// with slot s replaced by the incoming gradient. The family is closed under differentiation,
// so tensor products support double (and higher) backward with no extra code.
import { resolveBackend, type BackendName } from '@equikit/core';
import { contractJs } from '../kernels/contract-js.js';
import { contractWasm } from '../kernels/contract-wasm.js';
import { expandBlocks, packBlocks, type FormBlock, type PackedBlocks } from './form-blocks.js';
import { result, Tensor } from './tensor.js';

export type Slot = 0 | 1 | 2 | 3;
export const SLOT_NAMES = ['x1', 'x2', 'weights', 'out'] as const;
const IMPLEMENTED: readonly BackendName[] = ['js', 'wasm', 'wasm-simd'];

export class MultilinearForm {
  readonly nTerms: number;
  /** Per output slot s: 4 indices per term ordered (slot s, then the other three in slot order). */
  private readonly orders: Array<Int32Array | undefined> = [undefined, undefined, undefined, undefined];
  /** The terms as structured blocks (forms made by fromBlocks), for the wasm kernel's dense channel loops. */
  readonly packed: PackedBlocks | undefined;

  /**
   * @param sizes row size of each slot (0 with present false: absent)
   * @param index 4 indices per term in slot order (0 for an absent slot)
   */
  constructor(
    readonly name: string,
    readonly sizes: readonly [number, number, number, number],
    readonly present: readonly [boolean, boolean, boolean, boolean],
    readonly batched: readonly [boolean, boolean, boolean, boolean],
    readonly index: Int32Array,
    readonly coef: Float64Array,
    blocks?: readonly FormBlock[],
  ) {
    if (index.length !== 4 * coef.length) throw new RangeError(`${name}: index must hold 4 entries per term`);
    this.nTerms = coef.length;
    for (let t = 0; t < this.nTerms; t++) {
      for (let s = 0; s < 4; s++) {
        const i = index[4 * t + s];
        const bound = present[s] ? sizes[s] : 1;
        if (i < 0 || i >= bound) throw new RangeError(`${name}: term ${t} has ${SLOT_NAMES[s]} index ${i} outside [0, ${bound})`);
      }
    }
    this.packed = blocks ? packBlocks(blocks) : undefined;
  }

  /** The form whose terms are those of `blocks` (listed for the reference path, packed for the kernel). */
  static fromBlocks(
    name: string,
    sizes: readonly [number, number, number, number],
    present: readonly [boolean, boolean, boolean, boolean],
    batched: readonly [boolean, boolean, boolean, boolean],
    blocks: readonly FormBlock[],
  ): MultilinearForm {
    const { index, coef } = expandBlocks(blocks);
    return new MultilinearForm(name, sizes, present, batched, index, coef, blocks);
  }

  /** The slots other than `s`, in slot order. */
  static others(s: Slot): [Slot, Slot, Slot] {
    return ([0, 1, 2, 3] as Slot[]).filter((t) => t !== s) as [Slot, Slot, Slot];
  }

  /** Term indices reordered as (s, others(s)…), cached. */
  order(s: Slot): Int32Array {
    let o = this.orders[s];
    if (!o) {
      const slots = [s, ...MultilinearForm.others(s)];
      o = new Int32Array(this.index.length);
      for (let t = 0; t < this.nTerms; t++) for (let k = 0; k < 4; k++) o[4 * t + k] = this.index[4 * t + slots[k]];
      this.orders[s] = o;
    }
    return o;
  }
}

const ONE = new Tensor(Float64Array.of(1), [1]);

/** The arrays a kernel needs for one contraction. */
export interface ContractionCall {
  form: MultilinearForm;
  slot: Slot;
  batch: number;
  /** The other three slots' data, in others(slot) order. */
  data: [Float64Array, Float64Array, Float64Array];
  /** Whether each of those is batched. */
  batched: [boolean, boolean, boolean];
  /** Whether the output is batched. */
  outBatched: boolean;
}

/**
 * ∂F/∂(slot s) with the other slots given in `inputs` (indexed by slot; the entry at s and at
 * absent slots is ignored). `batch` is the number of rows of the batched slots.
 */
export function contract(form: MultilinearForm, s: Slot, inputs: ReadonlyArray<Tensor | null>, batch: number, backend?: BackendName): Tensor {
  if (!form.present[s]) throw new RangeError(`${form.name}: slot ${SLOT_NAMES[s]} is absent and has no gradient`);
  const others = MultilinearForm.others(s);
  const tensors = others.map((t) => {
    if (!form.present[t]) return ONE;
    const x = inputs[t];
    if (!(x instanceof Tensor)) throw new TypeError(`${form.name}: ${SLOT_NAMES[t]} must be a Tensor`);
    const expected = form.batched[t] ? batch * form.sizes[t] : form.sizes[t];
    if (x.size !== expected) {
      const shape = form.batched[t] ? `[${batch}, ${form.sizes[t]}]` : `[${form.sizes[t]}]`;
      throw new RangeError(`${form.name}: ${SLOT_NAMES[t]} must have shape ${shape} (${expected} values), got [${x.shape.join(', ')}]`);
    }
    return x;
  }) as [Tensor, Tensor, Tensor];
  const call: ContractionCall = {
    form,
    slot: s,
    batch,
    data: [tensors[0].data, tensors[1].data, tensors[2].data],
    batched: others.map((t) => form.present[t] && form.batched[t]) as [boolean, boolean, boolean],
    outBatched: form.batched[s],
  };
  const chosen = resolveBackend(`${form.name} (tensor contraction)`, IMPLEMENTED, backend);
  const out = chosen === 'js' ? contractJs(call) : contractWasm(call, chosen as 'wasm' | 'wasm-simd');
  const shape = form.batched[s] ? [batch, form.sizes[s]] : [form.sizes[s]];
  return result(out, shape, form.name, tensors, (g, needs) =>
    others.map((t, k) => {
      if (!needs[k] || !form.present[t]) return null;
      const replaced: Array<Tensor | null> = [...inputs];
      replaced[s] = g;
      return contract(form, t, replaced, batch, backend);
    }),
  );
}
