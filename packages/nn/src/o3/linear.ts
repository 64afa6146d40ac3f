// e3nn's o3.Linear: out term j = Σ over input terms i with the same irrep of x_i · W_ij / √fan_in,
// mixing multiplicities only (so it is equivariant), where fan_in is the total input
// multiplicity feeding term j (e3nn's 'element' path normalisation). Optional biases on 0e outputs.
import { assertBoolean, type BackendName } from '@equikit/core';
import { Irreps } from '@equikit/o3';
import { add } from '../autodiff/elementwise.js';
import type { FormBlock } from '../autodiff/form-blocks.js';
import { contract, MultilinearForm } from '../autodiff/multilinear.js';
import { Tensor } from '../autodiff/tensor.js';
import { layerRng, Module, randn } from '../nn/module.js';
import { IrrepsArray, termOffsets, toIrreps } from './irreps-array.js';

export interface LinearOptions {
  /** Biases for the 0e output terms (e3nn's biases=True); initialised to zero. Default false. */
  biases?: boolean;
  seed?: number;
  rng?: () => number;
  backend?: BackendName;
}

export interface LinearInstruction {
  iIn: number;
  iOut: number;
  pathShape: [number, number];
  weightOffset: number;
}

export class Linear extends Module {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly instructions: readonly LinearInstruction[];
  /** e3nn's `weight`: each instruction's [mulIn, mulOut] block, concatenated in instruction order. */
  readonly weight: Tensor | undefined;
  /** e3nn's `bias`: one per copy of each 0e output term, in order. */
  readonly bias: Tensor | undefined;
  backend: BackendName | undefined;
  private readonly form: MultilinearForm | undefined;
  private readonly biasForm: MultilinearForm | undefined;

  constructor(irrepsIn: Irreps | string, irrepsOut: Irreps | string, options: LinearOptions = {}) {
    super();
    this.irrepsIn = toIrreps(irrepsIn, 'Linear: irrepsIn');
    this.irrepsOut = toIrreps(irrepsOut, 'Linear: irrepsOut');
    const biases = options.biases ?? false;
    assertBoolean(biases, 'Linear: biases');
    this.backend = options.backend;
    const instructions: LinearInstruction[] = [];
    let offset = 0;
    this.irrepsIn.terms.forEach((a, iIn) =>
      this.irrepsOut.terms.forEach((b, iOut) => {
        if (!a.ir.equals(b.ir)) return;
        instructions.push({ iIn, iOut, pathShape: [a.mul, b.mul], weightOffset: offset });
        offset += a.mul * b.mul;
      }),
    );
    this.instructions = Object.freeze(instructions);
    const offIn = termOffsets(this.irrepsIn);
    const offOut = termOffsets(this.irrepsOut);
    // Each instruction is a block: loops over (u, w), one non-zero per component m.
    const blocks: FormBlock[] = instructions.map((ins) => {
      const fanIn = instructions.filter((i) => i.iOut === ins.iOut).reduce((s, i) => s + i.pathShape[0], 0);
      const alpha = 1 / Math.sqrt(fanIn);
      const d = this.irrepsIn.terms[ins.iIn].ir.dim;
      const [mulIn, mulOut] = ins.pathShape;
      return {
        counts: [mulIn, 1, mulOut],
        base: [offIn[ins.iIn], 0, ins.weightOffset, offOut[ins.iOut]],
        strides: [[d, 0, 0], [0, 0, 0], [mulOut, 0, 1], [0, 0, d]],
        offsets: Array.from({ length: d }, (_, m) => [m, 0, 0, m]).flat(),
        coefs: new Array<number>(d).fill(alpha),
      };
    });
    const rng = layerRng(options);
    if (offset > 0) {
      this.form = MultilinearForm.fromBlocks('Linear', [this.irrepsIn.dim, 0, offset, this.irrepsOut.dim], [true, false, true, true], [true, false, false, true], blocks);
      this.weight = Tensor.variable(randn(rng, offset));
    }
    if (biases) {
      const bIndex: number[] = [];
      let nb = 0;
      this.irrepsOut.terms.forEach((t, i) => {
        if (t.ir.l !== 0 || t.ir.p !== 1) return;
        for (let w = 0; w < t.mul; w++) bIndex.push(0, 0, nb++, offOut[i] + w);
      });
      if (nb > 0) {
        this.biasForm = new MultilinearForm('Linear (bias)', [0, 0, nb, this.irrepsOut.dim], [false, false, true, true], [false, false, false, true], Int32Array.from(bIndex), new Float64Array(nb).fill(1));
        this.bias = Tensor.variable(new Float64Array(nb));
      }
    }
  }

  forward(x: IrrepsArray | Tensor): IrrepsArray {
    const a = x instanceof IrrepsArray ? x.array : x;
    if (!(a instanceof Tensor) || a.shape.length !== 2 || a.shape[1] !== this.irrepsIn.dim) {
      throw new RangeError(`Linear: input must be [batch, ${this.irrepsIn.dim}] (${this.irrepsIn})`);
    }
    const batch = a.shape[0];
    let out = this.form ? contract(this.form, 3, [a, null, this.weight!, null], batch, this.backend) : Tensor.zeros([batch, this.irrepsOut.dim]);
    if (this.biasForm) out = add(out, contract(this.biasForm, 3, [null, null, this.bias!, null], batch, this.backend));
    return new IrrepsArray(this.irrepsOut, out);
  }

  namedParameters(): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    if (this.weight) out.push(['weight', this.weight]);
    if (this.bias) out.push(['bias', this.bias]);
    return out;
  }
}
